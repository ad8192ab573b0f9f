import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from "../../db/data-dir-lock.ts";

describe("the PGlite data folder lock", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lapor-aman-lock-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeLock = (pid: number, startTime: string | null = null) =>
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, startTime, host: hostname() }));

  it("is taken on a free folder, records our pid, and is gone after release", () => {
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it("refuses a second holder while a live process owns the folder", () => {
    const owner = spawn("sleep", ["30"]);
    try {
      writeLock(owner.pid!);
      let refusal: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DataDirLockedError);
      expect((refusal as DataDirLockedError).pid).toBe(owner.pid);
    } finally {
      owner.kill();
    }
  });

  it("takes over a stale lock left by a process that died", () => {
    const dead = spawnSync("true");
    writeLock(dead.pid);
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock whose pid was recycled by an unrelated process", () => {
    // Same pid as a live process, but that process started at another time than the recorded owner.
    const unrelated = spawn("sleep", ["30"]);
    try {
      writeLock(unrelated.pid!, "1");
      const lock = acquireDataDirLock(dir);
      lock.release();
    } finally {
      unrelated.kill();
    }
  });

  it("takes over a lock carrying our own pid, as after a container restart", () => {
    writeLock(process.pid, "1");
    acquireDataDirLock(dir).release();
  });

  it("leaves a lock alone on release once another process has taken it over", () => {
    const lock = acquireDataDirLock(dir);
    writeLock(process.pid + 1_000_000);
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
