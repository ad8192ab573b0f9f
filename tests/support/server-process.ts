import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What `npm start` runs, without npm in between so signals reach the server itself. */
export const SERVER_ARGS = ["--import", "tsx", "api/server.ts"];

/** A clean environment for a server process: none of the developer's or CI's own settings leak in. */
export function serverEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...overrides };
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the URL from the "ready" line. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** `args`: what follows `npm start --`, such as `["--role", "whatsapp"]`. */
export function startServerProcess(env: Record<string, string>, args: readonly string[] = []): ServerProcess {
  const child = spawn(process.execPath, [...SERVER_ARGS, ...args], { cwd: REPO_ROOT, env: serverEnv(env) });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /siap di (http:\/\/\S+) /.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before ready: ${err}`)));
  });
  ready.catch(() => {});
  return { child, stdout: () => out, stderr: () => err, ready, exited };
}
