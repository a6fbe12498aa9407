import { ensureBuilt } from "./build.ts";

export default function setup(): void {
  ensureBuilt();
}
