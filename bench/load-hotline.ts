import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Database } from "../db/client.ts";
import { startServerProcess, type ServerProcess } from "../tests/support/server-process.ts";
import { startTelegramEmulator, type EmulatedUser, type TelegramEmulator } from "../tests/support/telegram-emulator.ts";
import type { Chats } from "./load-chats.ts";
import { scratchPostgres, type ScratchPostgres } from "./scratch-db.ts";

/*
 * The hotline under test for bench/load.ts: one `npm start` process (tests/support/server-process.ts)
 * on a fresh DATA_DIR (PGlite) or a scratch PostgreSQL database, its Telegram channel pointed at the
 * Bot API emulator running in the bench's process, and an on-call peksos whose Telegram chat is
 * linked the way a person links it (a code from the API, /hubungkan in the chat), so alerts reach
 * an emulated chat. Its database is read only after the process has stopped: PGlite is one
 * process's, and the count must include everything the hotline committed.
 */

const ADMIN_EMAIL = "admin@lapor-aman.local";
const ADMIN_PASSWORD = "sandi-admin-untuk-bench-beban";
const PEKSOS = { email: "peksos.piket@bench.example", name: "Peksos Piket", password: "sandi-peksos-untuk-bench-beban" };
const HOUR = 3_600_000;

export interface LoadHotline {
  url: string;
  pid: number;
  emulator: TelegramEmulator;
  /** The on-call peksos's Telegram chat, linked: alerts arrive there. */
  peksosChat: EmulatedUser;
  /** Stops the process (SIGTERM: in-flight requests finish), then opens its database for the checks. */
  stop(): Promise<Database>;
  /** Closes what stop() opened, removes the folder or drops the scratch database, stops the emulator. */
  cleanup(): Promise<void>;
  stderr(): string;
  /** The hotline's warnings and errors so far, counted by message (its logs name ids, never what people wrote). */
  warnings(): Map<string, number>;
}

/** pino's JSON lines at level warn (40) and above, counted by `msg`. */
function countWarnings(output: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; method?: unknown; err?: { type?: unknown; code?: unknown } };
      if (typeof entry.level === "number" && entry.level >= 40) {
        // The error's type and code (api/logging.ts logs no error message) say what failed.
        const detail = [entry.method, entry.err?.type, entry.err?.code].filter((d) => typeof d === "string");
        const msg = `${typeof entry.msg === "string" ? entry.msg : "(no message)"}${detail.length > 0 ? ` (${detail.join(", ")})` : ""}`;
        counts.set(msg, (counts.get(msg) ?? 0) + 1);
      }
    } catch {
      // Not a log line.
    }
  }
  return counts;
}

async function call<T>(url: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { "content-type": "application/json" }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function login(url: string, email: string, password: string): Promise<string> {
  return (await call<{ token: string }>(url, "POST", "/v1/auth/login", { body: { email, password } })).token;
}

/** The admin adds a peksos and puts them on call (primary, now until 8 h on); the peksos links their Telegram. */
async function linkOnCallPeksos(url: string, chats: Chats): Promise<EmulatedUser> {
  const admin = await login(url, ADMIN_EMAIL, ADMIN_PASSWORD);
  const created = await call<{ staff: { id: string } }>(url, "POST", "/v1/staff", {
    token: admin,
    body: { email: PEKSOS.email, name: PEKSOS.name, role: "peksos", password: PEKSOS.password },
  });
  const now = Date.now();
  await call(url, "POST", "/v1/shifts", {
    token: admin,
    body: { staffId: created.staff.id, tier: "primary", startsAt: new Date(now - HOUR).toISOString(), endsAt: new Date(now + 8 * HOUR).toISOString() },
  });
  const peksos = await login(url, PEKSOS.email, PEKSOS.password);
  const { command } = await call<{ command: string }>(url, "POST", "/v1/staff/me/chat-link", { token: peksos });
  // Chat ids of the bench's reporters start at 810,000,000; the peksos's is below them.
  const chat = chats.start(700_000_001);
  const linked = await chat.text(command, "message", 30_000);
  chats.end(chat);
  if (!linked.complete) throw new Error("the bot did not answer the peksos's /hubungkan");
  const state = await call<{ telegram: boolean; alertChannel: string | null }>(url, "GET", "/v1/staff/me/chat-link", { token: peksos });
  if (!state.telegram || state.alertChannel !== "telegram") throw new Error("the peksos's Telegram chat was not linked");
  return chat.user;
}

export async function startLoadHotline(options: {
  dbKind: "pglite" | "postgres";
  postgresServerUrl: string | undefined;
  /** Made once the emulator runs; the peksos's /hubungkan goes through it. */
  chatsFor: (emulator: TelegramEmulator) => Chats;
}): Promise<{ hotline: LoadHotline; chats: Chats }> {
  const emulator = await startTelegramEmulator();
  const chats = options.chatsFor(emulator);
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-bench-load-"));
  let scratch: ScratchPostgres | undefined;
  let server: ServerProcess | undefined;
  let opened: Database | undefined;
  const cleanup = async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await opened?.close().catch(() => {});
    await scratch?.cleanup().catch(() => {});
    chats.stop();
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      PORT: "0",
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      LOG_LEVEL: "warn",
    };
    if (options.dbKind === "postgres") {
      if (!options.postgresServerUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
      scratch = await scratchPostgres(options.postgresServerUrl, { open: false });
      env.DATABASE_URL = scratch.url;
    }
    const started = startServerProcess(env);
    server = started;
    const url = await started.ready;
    const pid = started.child.pid;
    if (pid === undefined) throw new Error("the hotline process has no pid");
    const peksosChat = await linkOnCallPeksos(url, chats);
    const hotline: LoadHotline = {
      url,
      pid,
      emulator,
      peksosChat,
      async stop() {
        started.child.kill("SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        const exit = await Promise.race([started.exited, new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), 60_000)))]);
        clearTimeout(timer);
        if (exit === "timeout") {
          console.log("the hotline did not stop within 60 s of SIGTERM: killed (SIGKILL)");
          started.child.kill("SIGKILL");
          await started.exited;
        }
        opened = scratch ? await createDb({ kind: "postgres", url: scratch.url, maxConnections: 2 }) : await createDb({ kind: "pglite", dataDir });
        return opened;
      },
      cleanup,
      stderr: () => started.stderr(),
      warnings: () => countWarnings(`${started.stdout()}\n${started.stderr()}`),
    };
    return { hotline, chats };
  } catch (error) {
    const output = server?.stderr().slice(-2000);
    await cleanup();
    if (output) process.stderr.write(`hotline stderr:\n${output}\n`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The hotline process's memory and CPU, from /proc (Linux)

const CLOCK_TICKS_PER_SECOND = 100;

function statusKib(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : NaN;
}

/** User + system CPU time of a process in ms (fields 14 and 15 of /proc/PID/stat). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command in field 2 may contain spaces: count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export interface MemoryWindow {
  peakMb: number;
  endMb: number;
}

/** VmRSS of the hotline every `intervalMs`; windows report their peak and last sample. */
export class MemorySampler {
  private readonly timer: NodeJS.Timeout;
  private peak = 0;
  private last = NaN;

  constructor(private readonly pid: number, intervalMs = 250) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    try {
      const mb = statusKib(this.pid, "VmRSS") / 1024;
      this.last = mb;
      this.peak = Math.max(this.peak, mb);
    } catch {
      // The process ended.
    }
  }

  /** Starts a new window. */
  reset(): void {
    this.sample();
    this.peak = this.last;
  }

  window(): MemoryWindow {
    this.sample();
    return { peakMb: this.peak, endMb: this.last };
  }

  /** The process's high-water mark since it started (VmHWM), in MB. */
  highWaterMb(): number {
    try {
      return statusKib(this.pid, "VmHWM") / 1024;
    } catch {
      return NaN;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface CpuSnapshot {
  at: number;
  hotlineMs: number;
  benchMs: number;
  hostIdleMs: number;
  hostTotalMs: number;
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  let hostIdleMs = 0;
  let hostTotalMs = 0;
  for (const { times } of cpus()) {
    hostIdleMs += times.idle;
    hostTotalMs += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const bench = process.cpuUsage();
  let hotlineMs = NaN;
  try {
    hotlineMs = processCpuMs(pid);
  } catch {
    // The process ended.
  }
  return { at: performance.now(), hotlineMs, benchMs: (bench.user + bench.system) / 1000, hostIdleMs, hostTotalMs };
}

/** CPU used between two snapshots, in cores (1.0 = one core busy the whole time). */
export interface CpuShares {
  hotline: number;
  bench: number;
  /** Everything else on the machine: PostgreSQL's backends, other people's work. */
  others: number;
  /** Idle cores. */
  idle: number;
}

export function cpuShares(from: CpuSnapshot, to: CpuSnapshot): CpuShares {
  const wall = to.at - from.at;
  const cores = availableParallelism();
  const hostTotal = to.hostTotalMs - from.hostTotalMs;
  const busyCores = hostTotal > 0 ? (1 - (to.hostIdleMs - from.hostIdleMs) / hostTotal) * cores : NaN;
  const hotline = (to.hotlineMs - from.hotlineMs) / wall;
  const bench = (to.benchMs - from.benchMs) / wall;
  return { hotline, bench, others: Math.max(0, busyCores - hotline - bench), idle: Math.max(0, cores - busyCores) };
}
