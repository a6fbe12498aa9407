// The production server's test harness is apps/web's, used by path: the client needs no
// package dependency on the web app, and the web app publishes no test helpers.
import { ensureBuilt } from "../../../apps/web/test/build.ts";

export default function setup(): void {
  ensureBuilt();
}
