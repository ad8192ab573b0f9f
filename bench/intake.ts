import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { count, eq, like, sql } from "drizzle-orm";
import { buildApp, type App } from "../api/app.ts";
import { createI18n } from "../api/i18n.ts";
import type { InboundMessage, IntakeResponse } from "../api/intake/schemas.ts";
import { createLogger } from "../api/logging.ts";
import { createDb, type Database } from "../db/client.ts";
import { inboundMessages, reporters, tickets } from "../db/schema/index.ts";
import { seedIfEmpty } from "../db/seed.ts";
import { random, runConversation, type Send } from "./intake-chat.ts";
import { postgresServerUrl, scratchPostgres } from "./scratch-db.ts";
import { percentile } from "./percentile.ts";

/**
 * Messages per second and p50/p99 latency through POST /v1/intake/messages (Fastify, zod, JSON,
 * one transaction per message) with 1, 10 and 100 simulated conversations in flight, on PGlite
 * and on PostgreSQL, beside the rate at which the same database commits one small row at a time
 * (autocommit INSERTs with the same concurrency). Client and server share this process.
 *
 * Each level keeps N conversations in flight, each a realistic report sent one message at a time
 * (bench/intake-chat.ts). After a warm-up the window is measured; when it closes no further
 * message is sent (reports under way are left unfinished, as reporters do), and the database is
 * checked against what the reporters were told: every ticket code given out is stored, no ticket
 * nobody was told about, every submitted report finished, one inbound row per answered message.
 *
 * Usage: npm run bench:intake [-- --seconds 15 --warmup 3 --insert-seconds 3 --inject-seconds 5
 *          --levels 1,10,100 --db pglite,postgres --pglite dir|memory --pool 10 --messages N --seed 1]
 * Each option also reads BENCH_<NAME> (e.g. BENCH_SECONDS=5). PostgreSQL runs when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a server where the role may CREATE DATABASE:
 * a scratch database lapor_bench_<random> is created, migrated, seeded and dropped at the end.
 */

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string" },
    messages: { type: "string" },
    warmup: { type: "string" },
    "insert-seconds": { type: "string" },
    "inject-seconds": { type: "string" },
    levels: { type: "string" },
    db: { type: "string" },
    pglite: { type: "string" },
    pool: { type: "string" },
    seed: { type: "string" },
  },
});

function option(name: keyof typeof args, fallback: string): string {
  const fromArgs = args[name];
  if (typeof fromArgs === "string") return fromArgs;
  return process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`] ?? fallback;
}
function numberOption(name: keyof typeof args, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return value;
}

const SECONDS = numberOption("seconds", 15);
/** When set, each level's window ends after this many answered messages instead of after SECONDS. */
const MESSAGES = numberOption("messages", 0);
const WARMUP_SECONDS = numberOption("warmup", 3);
const INSERT_SECONDS = numberOption("insert-seconds", 3);
const INJECT_SECONDS = numberOption("inject-seconds", 5);
const INJECT_CONCURRENCY = 10;
const LEVELS = option("levels", "1,10,100").split(",").map((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error("--levels takes positive integers, e.g. 1,10,100");
  return n;
});
const DATABASES = option("db", "pglite,postgres").split(",");
const PGLITE_STORAGE = option("pglite", "dir");
if (PGLITE_STORAGE !== "dir" && PGLITE_STORAGE !== "memory") throw new Error("--pglite is dir or memory");
/** The server's pool (createDb's default, what `npm start` uses on PostgreSQL). */
const POOL = numberOption("pool", 10);
const SEED = numberOption("seed", 1);
const CHANNEL_TOKEN = randomBytes(24).toString("base64url");
const PAYLOAD = "laporan: kakak kelas mengejek aku tiap istirahat"; // one small text column

// ---------------------------------------------------------------------------------------------
// Figures


interface Snapshot {
  cpu: NodeJS.CpuUsage;
  host: { idle: number; total: number };
}

function snapshot(): Snapshot {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { cpu: process.cpuUsage(), host: { idle, total } };
}

interface LoadResult {
  /** Answered within the measurement window. */
  messages: number;
  windowMs: number;
  /** CPU time of this whole process (server, client, PGlite) over the window. */
  cpuMs: number;
  /** Share of all the machine's cores busy over the window (PostgreSQL's backends included). */
  hostBusy: number;
  /** Event-loop delay over the window (ms): how long anything else in the process had to wait. */
  loopP99: number;
  loopMax: number;
  latencies: number[];
  /** Everything answered, warm-up and the requests in flight at the end included. */
  answered: number;
  conversations: number;
  /** Reports submitted with "kirim" (their follow-ups may have been cut off by the window's end). */
  submitted: number;
  failed: number;
  /** Per conversation that got a ticket code: the code and whether it reached "kirim". */
  tickets: Map<string, { submitted: boolean }>;
  errors: string[];
}

/**
 * Keeps `concurrency` conversations in flight, each one message at a time, starting a new one as
 * one ends. The first `warmupSeconds` are not counted; the window after them closes after
 * `seconds` (or once `maxMessages` are answered in it). Then no further message is sent: the
 * requests in flight are awaited and the reports under way stay unfinished, as when reporters
 * walk away. Only messages answered inside the window count toward msg/s and latency.
 */
async function runLoad(
  send: Send,
  o: {
    concurrency: number;
    warmupSeconds: number;
    seconds: number;
    maxMessages: number;
    prefix: string;
    seed: number;
  },
): Promise<LoadResult> {
  const result: LoadResult = {
    messages: 0,
    windowMs: 0,
    cpuMs: 0,
    hostBusy: NaN,
    loopP99: NaN,
    loopMax: NaN,
    latencies: [],
    answered: 0,
    conversations: 0,
    submitted: 0,
    failed: 0,
    tickets: new Map(),
    errors: [],
  };
  const startedAt = performance.now();
  const windowStart = startedAt + o.warmupSeconds * 1000;
  let windowEnd = o.maxMessages > 0 ? Infinity : windowStart + o.seconds * 1000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const atLaunch = snapshot();
  let atStart: Snapshot | undefined;
  let atEnd: Snapshot | undefined;
  const closeWindow = () => {
    loop.disable();
    return snapshot();
  };
  const openWindow = () => {
    atStart = snapshot();
    loop.enable();
  };
  if (o.warmupSeconds === 0) openWindow();
  const startTimer = o.warmupSeconds > 0 ? setTimeout(openWindow, o.warmupSeconds * 1000) : undefined;
  const endTimer = Number.isFinite(windowEnd) ? setTimeout(() => (atEnd ??= closeWindow()), windowEnd - startedAt) : undefined;
  const stats = {
    record(latencyMs: number, endedAt: number) {
      result.answered++;
      if (endedAt < windowStart || endedAt > windowEnd) return;
      result.latencies.push(latencyMs);
      result.messages++;
      if (o.maxMessages > 0 && result.messages >= o.maxMessages) {
        windowEnd = endedAt;
        atEnd = closeWindow();
      }
    },
  };
  const stop = () => performance.now() >= windowEnd || result.errors.length >= 10;
  let next = 0;
  const worker = async () => {
    while (!stop()) {
      const address = `${o.prefix}${next}`;
      const rnd = random(o.seed * 1_000_003 + next++);
      result.conversations++;
      try {
        const outcome = await runConversation(send, address, rnd, stats, stop);
        if (outcome.submitted) result.submitted++;
        if (outcome.ticketCode !== null) result.tickets.set(outcome.ticketCode, { submitted: outcome.submitted });
      } catch (error) {
        result.failed++;
        result.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  atEnd ??= closeWindow();
  if (loop.count > 0) {
    result.loopP99 = loop.percentile(99) / 1e6;
    result.loopMax = loop.max / 1e6;
  }
  const from = atStart ?? atLaunch;
  result.cpuMs = (atEnd.cpu.user - from.cpu.user + atEnd.cpu.system - from.cpu.system) / 1000;
  const hostTotal = atEnd.host.total - from.host.total;
  result.hostBusy = hostTotal > 0 ? 1 - (atEnd.host.idle - from.host.idle) / hostTotal : NaN;
  result.windowMs = Math.max(0, (Number.isFinite(windowEnd) ? windowEnd : performance.now()) - windowStart);
  result.latencies.sort((a, b) => a - b);
  return result;
}

interface Verified {
  /** Tickets stored for the phase's chats. */
  stored: number;
  /** Codes the intake gave a reporter that the database does not hold. */
  lost: number;
  /** Tickets no reporter was told about. */
  extra: number;
  /** Reports that reached "kirim" but whose ticket is still marked unfinished. */
  unfinished: number;
  /** inbound_messages rows of the phase: must equal the messages answered. */
  inbound: number;
}

/** What the database holds for one phase's chats against what the reporters were told. */
async function verify(database: Database, prefix: string, load: LoadResult): Promise<Verified> {
  const rows = await database.db
    .select({ code: tickets.code, incomplete: tickets.incomplete })
    .from(tickets)
    .innerJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(like(reporters.address, `${prefix}%`));
  const stored = new Map(rows.map((r) => [r.code, r]));
  const [inbound] = await database.db
    .select({ n: count() })
    .from(inboundMessages)
    .where(like(inboundMessages.externalId, `${prefix}%`));
  let lost = 0;
  let unfinished = 0;
  for (const [code, seen] of load.tickets) {
    const row = stored.get(code);
    if (!row) lost++;
    else if (seen.submitted && row.incomplete) unfinished++;
  }
  return {
    stored: rows.length,
    lost,
    extra: rows.filter((r) => !load.tickets.has(r.code)).length,
    unfinished,
    inbound: inbound?.n ?? 0,
  };
}

/** `concurrency` loops of single-row autocommit INSERTs through the same drizzle client and pool. */
async function rawInserts(database: Database, concurrency: number, seconds: number): Promise<{ rows: number; perSecond: number; stored: number }> {
  const countRows = async () => {
    const [row] = await database.db.select({ n: count() }).from(sql`bench_rows`);
    return row?.n ?? 0;
  };
  const before = await countRows();
  const startedAt = performance.now();
  const endsAt = startedAt + seconds * 1000;
  let rows = 0;
  let issued = 0;
  const worker = async () => {
    while (performance.now() < endsAt) {
      issued++;
      await database.db.execute(sql`insert into bench_rows (payload) values (${PAYLOAD})`);
      if (performance.now() <= endsAt) rows++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const stored = (await countRows()) - before;
  if (stored !== issued) throw new Error(`bench_rows: ${issued} INSERTs issued, ${stored} rows stored`);
  return { rows, perSecond: rows / seconds, stored };
}

// ---------------------------------------------------------------------------------------------
// Senders

function httpSender(baseUrl: string): Send {
  const url = `${baseUrl}/v1/intake/messages`;
  const headers = { authorization: `Bearer ${CHANNEL_TOKEN}`, "content-type": "application/json" };
  return async (message: InboundMessage) => {
    // Node's fetch: undici's global agent, keep-alive, one socket per request in flight.
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(message) });
    const body = (await response.json()) as IntakeResponse;
    return { status: response.status, body };
  };
}

/**
 * Opens `n` keep-alive connections before a level (n requests to /health at once, while the
 * server is idle), so the window measures messages and not connection set-up. Two per
 * conversation: undici often sends a conversation's next message on another socket, the last
 * one not being back in its pool yet, and opens a new one when none is idle. On PGlite, whose
 * queued transactions hold the event loop for seconds, a connection opened under load waits that
 * long to be accepted, which would show as a p99 of many seconds that is connection set-up.
 */
async function openConnections(baseUrl: string, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async () => {
      const response = await fetch(`${baseUrl}/health`);
      await response.arrayBuffer();
    }),
  );
}

function injectSender(app: App): Send {
  return async (message: InboundMessage) => {
    const response = await app.inject({
      method: "POST",
      url: "/v1/intake/messages",
      headers: { authorization: `Bearer ${CHANNEL_TOKEN}` },
      payload: message,
    });
    return { status: response.statusCode, body: response.json<IntakeResponse>() };
  };
}

// ---------------------------------------------------------------------------------------------
// Databases

interface BenchDatabase {
  label: string;
  database: Database;
  cleanup(): Promise<void>;
}

const cleanups = new Set<() => Promise<void>>();

async function openPglite(): Promise<BenchDatabase> {
  const dir = PGLITE_STORAGE === "dir" ? mkdtempSync(join(tmpdir(), "lapor-aman-bench-intake-")) : undefined;
  const database = await createDb({ kind: "pglite", ...(dir !== undefined && { dataDir: dir }) });
  const cleanup = async () => {
    await database.close().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  return { label: PGLITE_STORAGE === "dir" ? "PGlite, temp dir on disk" : "PGlite, in memory", database, cleanup };
}

async function openPostgres(serverUrl: string): Promise<BenchDatabase> {
  const scratch = await scratchPostgres(serverUrl, { pool: POOL });
  const database = scratch.database;
  if (!database) throw new Error("scratchPostgres opened no database");
  const cleanup = async () => {
    cleanups.delete(cleanup);
    await scratch.cleanup();
  };
  cleanups.add(cleanup);
  return { label: `PostgreSQL at ${new URL(scratch.url).host}, scratch database ${scratch.name}, pool ${POOL}`, database, cleanup };
}

async function settings(database: Database): Promise<string> {
  const [row] = await database.db
    .select({
      version: sql<string>`version()`,
      syncCommit: sql<string>`current_setting('synchronous_commit')`,
      fsync: sql<string>`current_setting('fsync')`,
    })
    .from(sql`(select 1) as one`);
  const version = /PostgreSQL [\d.]+/.exec(row?.version ?? "")?.[0] ?? "PostgreSQL ?";
  return `${version}, synchronous_commit=${row?.syncCommit}, fsync=${row?.fsync}`;
}

// ---------------------------------------------------------------------------------------------
// Output

const COLUMNS = [
  ["concurrency", 11],
  ["messages", 8],
  ["msg/s", 6],
  ["p50 ms", 7],
  ["p99 ms", 7],
  ["raw INSERT rows/s", 17],
  ["ratio", 6],
  ["CPU ms/msg", 10],
  ["CPU us/all", 10],
  ["loop p99 ms", 11],
  ["reports", 7],
  ["tickets", 7],
  ["lost", 4],
] as const;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const line = (cells: string[]) => cells.map((c, i) => c.padStart(COLUMNS[i]![1])).join(" | ");
/** This process's CPU and all CPU in use, each as a share of the whole machine, over the window. */
const cpuShares = (load: LoadResult) =>
  `${fmt((100 * load.cpuMs) / (load.windowMs * availableParallelism()), 0)}/${fmt(load.hostBusy * 100, 0)}%`;
const rateOf = (load: LoadResult) => (load.windowMs > 0 ? load.messages / (load.windowMs / 1000) : NaN);

let problems = 0;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function benchDatabase(open: () => Promise<BenchDatabase>, key: string): Promise<void> {
  const setup: string[] = [];
  let mark = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    setup.push(`${what} ${Math.round(now - mark)} ms`);
    mark = now;
  };
  const bench = await open();
  lap("create");
  const { database } = bench;
  let app: App | undefined;
  try {
    await database.migrate();
    lap("migrate");
    await seedIfEmpty(database.db, { adminEmail: "bench@example.org", adminPassword: "bench-password-not-for-use" });
    lap("seed");
    await database.db.execute(sql`create table bench_rows (id serial primary key, payload text not null)`);
    app = await buildApp({
      database,
      logger: createLogger("silent"),
      i18n: await createI18n("id"),
      defaultLocale: "id",
      channelToken: CHANNEL_TOKEN,
    });
    const baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
    const http = httpSender(baseUrl);
    lap("app + listen");
    console.log(`\n${bench.label}: ${await settings(database)}`);
    console.log(`setup: ${setup.join(", ")}`);
    console.log(line(COLUMNS.map(([name]) => name)));
    console.log(COLUMNS.map(([, width]) => "-".repeat(width)).join("-|-"));

    const phases: Array<{ prefix: string; load: LoadResult }> = [];
    const notes: string[] = [];
    for (const concurrency of LEVELS) {
      await openConnections(baseUrl, 2 * concurrency);
      const prefix = `${key}-c${concurrency}-`;
      const load = await runLoad(http, {
        concurrency,
        warmupSeconds: WARMUP_SECONDS,
        seconds: SECONDS,
        maxMessages: MESSAGES,
        prefix,
        seed: SEED,
      });
      phases.push({ prefix, load });
      if (load.submitted === 0) {
        notes.push(
          `at concurrency ${concurrency} no report reached "kirim" (${fmt(load.answered / load.conversations)} messages per conversation): ` +
            "the figures are for the first questions of a report",
        );
      }
      const checked = await verify(database, prefix, load);
      if (WARMUP_SECONDS > 0) await rawInserts(database, concurrency, Math.min(0.5, WARMUP_SECONDS));
      const insert = await rawInserts(database, concurrency, INSERT_SECONDS);
      const rate = rateOf(load);
      console.log(
        line([
          String(concurrency),
          String(load.messages),
          fmt(rate),
          fmt(percentile(load.latencies, 50), 1),
          fmt(percentile(load.latencies, 99), 1),
          fmt(insert.perSecond),
          fmt(rate / insert.perSecond, 3),
          fmt(load.messages > 0 ? load.cpuMs / load.messages : NaN, 1),
          cpuShares(load),
          fmt(load.loopP99, 0),
          String(load.submitted),
          String(checked.stored),
          String(checked.lost),
        ]),
      );
    }

    for (const note of notes) console.log(`note: ${note}`);

    if (INJECT_SECONDS > 0) {
      const prefix = `${key}-i${INJECT_CONCURRENCY}-`;
      const load = await runLoad(injectSender(app), {
        concurrency: INJECT_CONCURRENCY,
        warmupSeconds: Math.min(1, WARMUP_SECONDS),
        seconds: INJECT_SECONDS,
        maxMessages: 0,
        prefix,
        seed: SEED + 13,
      });
      phases.push({ prefix, load });
      console.log(
        `app.inject instead of HTTP (same handler, no socket, no fetch), concurrency ${INJECT_CONCURRENCY}: ${load.messages} messages, ` +
          `${fmt(rateOf(load))} msg/s, p50 ${fmt(percentile(load.latencies, 50))} ms, p99 ${fmt(percentile(load.latencies, 99))} ms, ` +
          `CPU ${fmt(load.messages > 0 ? load.cpuMs / load.messages : NaN)} ms/msg, CPU us/all ${cpuShares(load)}, loop p99 ${fmt(load.loopP99, 0)} ms`,
      );
    }

    // Every phase, warm-up and the last requests included.
    const total = { answered: 0, inbound: 0, conversations: 0, submitted: 0, seen: 0, stored: 0, lost: 0, extra: 0, unfinished: 0, failed: 0 };
    for (const { prefix, load } of phases) {
      const checked = await verify(database, prefix, load);
      total.answered += load.answered;
      total.inbound += checked.inbound;
      total.conversations += load.conversations;
      total.submitted += load.submitted;
      total.seen += load.tickets.size;
      total.stored += checked.stored;
      total.lost += checked.lost;
      total.extra += checked.extra;
      total.unfinished += checked.unfinished;
      total.failed += load.failed;
      for (const error of load.errors.slice(0, 3)) console.log(`  error (${prefix}): ${error}`);
    }
    console.log(
      `check (warm-up included): ${total.answered} messages answered, each with ≥1 reply; ${total.inbound} inbound rows stored; ` +
        `${total.conversations} conversations, ${total.submitted} reports submitted; ${total.seen} ticket codes given to reporters, ` +
        `${total.stored} tickets stored, lost ${total.lost}, extra ${total.extra}, submitted but unfinished ${total.unfinished}, failed conversations ${total.failed}`,
    );
    console.log(`RSS after this database: ${mb(process.memoryUsage().rss)}, peak so far ${mb(process.resourceUsage().maxRSS * 1024)}`);
    if (total.lost + total.extra + total.unfinished + total.failed > 0 || total.inbound !== total.answered) problems++;
  } finally {
    await app?.close();
    await bench.cleanup();
    cleanups.delete(bench.cleanup);
  }
}

// ---------------------------------------------------------------------------------------------

process.once("SIGINT", () => {
  void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
});

const cores = availableParallelism();
console.log(
  `intake bench: ${MESSAGES > 0 ? `${MESSAGES} messages` : `${SECONDS} s`} per level after ${WARMUP_SECONDS} s warm-up; ` +
    `raw INSERT ${INSERT_SECONDS} s per level; Node ${process.version}, ${cores} CPUs (load average ${loadavg()[0]?.toFixed(2)} before start); ` +
    `HTTP to 127.0.0.1 (fetch, keep-alive, 2 connections per conversation opened before each level), client and server in this one process`,
);
console.log(
  [
    "messages, msg/s, p50/p99 (per request), CPU and loop: over the messages answered in the window",
    "raw INSERT rows/s: single-row autocommit INSERTs into a scratch table, same database, client and concurrency; ratio = msg/s ÷ that",
    "CPU ms/msg: this process (server, client and PGlite); CPU us/all: this process and the whole machine (PostgreSQL and anything else running), as shares of all cores",
    "loop p99 ms: event-loop delay in this process, how long a timer, a /health probe or a new connection waits",
    'reports: submitted with "kirim"; tickets: stored for the level\'s chats (submitted + darurat opened early); lost: codes a reporter got that the database lacks',
  ].join("\n"),
);

if (DATABASES.includes("pglite")) await benchDatabase(openPglite, "pgl");
if (DATABASES.includes("postgres")) {
  const serverUrl = postgresServerUrl();
  if (!serverUrl) {
    console.log("\nPostgreSQL: skipped (neither BENCH_DATABASE_URL nor TEST_DATABASE_URL is set; either must name a server where the role may CREATE DATABASE)");
  } else {
    try {
      await benchDatabase(() => openPostgres(serverUrl), "pg");
    } catch (error) {
      problems++;
      const code = (error as { code?: unknown }).code;
      console.log(`\nPostgreSQL: failed (${typeof code === "string" ? `${code}: ` : ""}${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

const memory = process.memoryUsage();
console.log(
  `\nmemory at end: RSS ${mb(memory.rss)} (peak ${mb(process.resourceUsage().maxRSS * 1024)}), heap used ${mb(memory.heapUsed)}, external ${mb(memory.external)}`,
);
if (problems > 0) {
  console.log(`${problems} database run(s) failed their checks`);
  process.exitCode = 1;
}
