// The partner REST API: the same procedures as tRPC, through trpc-to-openapi (see @leadcore/api rest.ts).
import { handleRestRequest } from "@leadcore/api";

const handler = (req: Request) => handleRestRequest(req);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
