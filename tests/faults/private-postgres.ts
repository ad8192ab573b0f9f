import { execFile, execFileSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * A PostgreSQL 15 cluster of one test file's own, in a temporary folder on a free port, so the
 * test can stop and start a real server without touching the one every other test file uses.
 * initdb refuses to run as root: then the binaries run as the `postgres` OS user, who owns the folder.
 */

const BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** postgres://… of the cluster's `postgres` database (trust authentication, 127.0.0.1 only). */
  url: string;
  /** `pg_ctl stop -m fast`: open sessions are ended, as in a real restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and deletes the folder. */
  destroy(): Promise<void>;
  /** The server's own log, for a failing test's message. */
  log(): string;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = mkdtempSync(join(tmpdir(), "lapor-aman-pg-"));
  const data = join(root, "data");
  const logFile = join(root, "postgres.log");
  mkdirSync(data, { mode: 0o700 });
  const owner = asRootOwner();
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(data, owner.uid, owner.gid);
  }
  const port = await freePort();
  const run = (binary: string, args: string[]) => runAs(owner, join(BIN, binary), args);

  await run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
  const start = () => run("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
  await start();

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]),
    start,
    async destroy() {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
    log: () => {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
  };
}

function asRootOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function runAs(owner: { uid: number; gid: number } | undefined, file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...(owner && { uid: owner.uid, gid: owner.gid }), cwd: tmpdir(), timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(" ")} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
