import { ensureBuilt } from "@leadcore/web/test/build";

export default function setup(): void {
  ensureBuilt();
}
