import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * PGlite is a single-process database: two processes opening one data folder both "work" and
 * silently lose each other's rows. A lock file with the owner's pid (and, on Linux, its start
 * time, so a recycled pid is not mistaken for the owner) keeps a second process out.
 */

interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (/proc/PID/stat field 22); null off Linux. */
  startTime: string | null;
  host: string;
}

export interface DataDirLock {
  path: string;
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data directory ${dataDir} is locked by pid ${pid}`);
    this.name = "DataDirLockedError";
  }
}

export const LOCK_FILE_NAME = "lapor-aman.lock";

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid), host: hostname() };
  const content = JSON.stringify(me);

  // Two rounds: the second runs after a stale lock was removed.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, content, { flag: "wx" });
      return {
        path,
        release: () => {
          // Only remove the file while it is still ours.
          if (readOwnerText(path) === content) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = parseOwner(readOwnerText(path));
    if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner.pid);
    // The owner died without cleaning up (kill -9, power loss): the lock is stale, take it over.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const owner = parseOwner(readOwnerText(path));
  throw new DataDirLockedError(dataDir, owner?.pid ?? -1);
}

function readOwnerText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseOwner(text: string | undefined): LockOwner | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== "number") return undefined;
    return { pid: value.pid, startTime: value.startTime ?? null, host: value.host ?? "" };
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A container restarts with the same pid (often 1) as its previous life: our own pid is never a live owner.
  if (owner.pid === process.pid) return false;
  // A lock written on another host (a shared volume) cannot be checked from here: respect it.
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const now = processStartTime(owner.pid);
  return owner.startTime === null || now === null || now === owner.startTime;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
