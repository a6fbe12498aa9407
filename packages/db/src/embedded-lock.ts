// PGlite has no lock of its own, and a second process that opens the same data folder corrupts
// it for good. So whoever opens the embedded database first takes this lock file; anyone else
// gets a clear error and touches nothing. A lock left by a process that no longer runs (a crash,
// SIGKILL) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database is in use by another LeadCore process (pid ${ownerPid}; lock ${lockPath}). ` +
        "Only one process may open it: stop that process, run the command through the running server, " +
        "or use PostgreSQL (set DATABASE_URL).",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

type LockOwner = { pid: number; host: string };

function readOwner(lockPath: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string"
      ? { pid: owner.pid, host: owner.host }
      : null;
  } catch {
    return null; // unreadable: a crash between create and write; treated as stale
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type EmbeddedLock = { release(): void };

export function acquireEmbeddedLock(lockPath: string): EmbeddedLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, "wx"); // atomic: fails if the file exists
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
      );
      closeSync(fd);
      return ownedLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockPath);
    if (owner && owner.pid === process.pid) {
      throw new EmbeddedDatabaseBusyError(lockPath, owner.pid); // opened twice in one process
    }
    if (owner && (owner.host !== hostname() || isRunning(owner.pid))) {
      throw new EmbeddedDatabaseBusyError(lockPath, owner.pid);
    }
    try {
      unlinkSync(lockPath); // stale; the next attempt's atomic create decides who wins
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const owner = readOwner(lockPath);
  throw new EmbeddedDatabaseBusyError(lockPath, owner?.pid ?? -1);
}

function ownedLock(lockPath: string): EmbeddedLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    try {
      if (readOwner(lockPath)?.pid === process.pid) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.on("exit", release);
  return { release };
}
