import { LEAD_STATUS_RU } from "../../lib/labels.ts";

export function StatusBadge({ status }: { status: keyof typeof LEAD_STATUS_RU }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{LEAD_STATUS_RU[status]}</span>;
}
