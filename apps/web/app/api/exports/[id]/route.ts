// The download of a lead export, started by lead.exportStart (see @leadcore/api export-http.ts).
import { handleExportRequest } from "@leadcore/api";

// Never cached, never prerendered: each answer is one admin's file, streamed once.
export const dynamic = "force-dynamic";

const handler = async (req: Request, { params }: { params: Promise<{ id: string }> }) =>
  handleExportRequest(req, (await params).id);

export { handler as GET, handler as POST };
