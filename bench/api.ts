import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp, type App } from "../api/app.ts";
import { loadConfig } from "../api/config.ts";
import { startHotline, type Hotline } from "../api/hotline.ts";
import { createI18n } from "../api/i18n.ts";
import type { InboundContent, IntakeResponse } from "../api/intake/schemas.ts";
import { createLogger } from "../api/logging.ts";
import { hashPassword } from "../api/staff/passwords.ts";
import { createInjectClient } from "../bot/client.ts";
import { createDb, type Database } from "../db/client.ts";
import { shifts, staff, units } from "../db/schema/index.ts";
import { seedIfEmpty } from "../db/seed.ts";
import { percentile } from "./percentile.ts";
import { postgresServerUrl, scratchPostgres } from "./scratch-db.ts";

/**
 * Two figures of the peksos side, on PGlite and (when a server is given) PostgreSQL:
 *
 * 1. GET /v1/tickets with TICKETS tickets in the unit (a year of reports, one in ten still open):
 *    p50/p99 of the queue's first page, of filtered queues, of deep pages reached by cursor, and of
 *    GET /v1/auth/me as the baseline in the same process (the same session check and one query).
 * 2. Submission → alert: a child answers "ya" to "is someone in danger now?", which creates a
 *    darurat ticket; the time until the on-call peksos's alert is claimed from the outbox by the
 *    channel side (what the Telegram adapter does right before sendMessage), through the real
 *    hotline: intake, alerts, pg-boss, outbox long poll. Reports are sent one at a time.
 *
 * Requests go through app.inject (no sockets): the figures are the API's and the database's.
 *
 * Usage: npm run bench:api [-- --tickets 100000 --requests 300 --alerts 50 --db pglite,postgres]
 * Options also read BENCH_<NAME>. PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL
 * names a server where the role may CREATE DATABASE (a scratch database is made and dropped).
 */

const { values: args } = parseArgs({
  options: {
    tickets: { type: "string" },
    requests: { type: "string" },
    alerts: { type: "string" },
    db: { type: "string" },
  },
});
function numberOption(name: keyof typeof args, fallback: number): number {
  const raw = args[name] ?? process.env[`BENCH_${name.toUpperCase()}`] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}
const TICKETS = numberOption("tickets", 100_000);
const REQUESTS = numberOption("requests", 300);
const ALERTS = numberOption("alerts", 50);
const DATABASES = (args.db ?? process.env.BENCH_DB ?? "pglite,postgres").split(",");
const PASSWORD = "bench-password-0123456789";
const CHANNEL_TOKEN = randomBytes(24).toString("base64url");
const INSERT_BATCH = 20_000;

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : "-");

interface Row {
  what: string;
  n: number;
  p50: number;
  p99: number;
  note?: string;
}

function printTable(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log(`${"".padEnd(44)}${"n".padStart(6)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}`);
  for (const row of rows) {
    console.log(
      `${row.what.padEnd(44)}${String(row.n).padStart(6)}${ms(row.p50).padStart(10)}${ms(row.p99).padStart(10)}${row.note ? `  ${row.note}` : ""}`,
    );
  }
}

function summarise(what: string, samples: number[], note?: string): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return { what, n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), ...(note !== undefined && { note }) };
}

// ---------------------------------------------------------------------------------------------
// 1. The queue with TICKETS tickets

/**
 * A year of one unit's tickets, one every ~5 minutes, newest first: 3% baru, 3% diterima, 3%
 * ditangani, 1% dirujuk (10% open), the rest selesai or ditutup; 5% darurat, 15% tinggi, the
 * rest sedang/rendah; one in seven assigned to the benchmark's peksos.
 */
async function insertTickets(database: Database, unit: { id: string; code: string }, peksosId: string, otherId: string) {
  for (let from = 1; from <= TICKETS; from += INSERT_BATCH) {
    const to = Math.min(TICKETS, from + INSERT_BATCH - 1);
    await database.db.execute(sql`
      insert into tickets (unit_id, code, status, priority, category, reporter_role, victim_age, school_name, school_code,
                           created_at, sla_due_at, acknowledged_at, closed_at, assignee_id, alerted_at)
      select ${unit.id}::uuid,
             ${unit.code} || '-' || lpad(upper(to_hex(i)), 5, '0'),
             s.status::ticket_status, p.priority::priority,
             (array['perundungan_fisik','perundungan_verbal','perundungan_sosial','perundungan_siber','kekerasan_fisik','penelantaran'])[1 + i % 6]::category,
             (array['anak','orang_tua','guru'])[1 + i % 3]::reporter_role,
             7 + i % 9, 'SMP Negeri ' || (1 + i % 40), 'smpn' || (1 + i % 40),
             c.created_at,
             c.created_at + (case p.priority when 'darurat' then 5 when 'tinggi' then 60 when 'sedang' then 1440 else 4320 end) * interval '1 minute',
             case when s.status = 'baru' then null else c.created_at + interval '20 minutes' end,
             case when s.status in ('selesai', 'ditutup') then c.created_at + interval '9 days' end,
             case when s.status = 'baru' then null when i % 7 = 0 then ${peksosId}::uuid else ${otherId}::uuid end,
             c.created_at
      from generate_series(${from}::int, ${to}::int) as i,
           lateral (select now() - i * interval '5 minutes' as created_at) c,
           lateral (select case when i % 100 < 3 then 'baru' when i % 100 < 6 then 'diterima' when i % 100 < 9 then 'ditangani'
                                when i % 100 < 10 then 'dirujuk' when i % 100 < 95 then 'selesai' else 'ditutup' end as status) s,
           lateral (select case when i % 20 = 0 then 'darurat' when i % 20 < 4 then 'tinggi'
                                when i % 2 = 0 then 'sedang' else 'rendah' end as priority) p`);
  }
}

let clients = 0;
/**
 * A new client address per request: the API's per-IP budget (600 a minute) is for people, and
 * thousands of requests from one address in a minute would measure the 429 path.
 */
const nextClient = () => `10.${(++clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;

async function timeRequests(app: App, token: string, url: () => string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const startedAt = performance.now();
    const response = await app.inject({ method: "GET", url: url(), headers: { authorization: `Bearer ${token}` }, remoteAddress: nextClient() });
    samples.push(performance.now() - startedAt);
    if (response.statusCode !== 200) throw new Error(`GET ${url()} answered ${response.statusCode}: ${response.body}`);
  }
  return samples;
}

async function login(app: App, email: string): Promise<string> {
  const response = await app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password: PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`login answered ${response.statusCode}`);
  return response.json<{ token: string }>().token;
}

async function addStaff(database: Database, unitId: string, name: string, role: "peksos" | "supervisor", telegramChatId?: string) {
  const [row] = await database.db
    .insert(staff)
    .values({
      unitId,
      name,
      role,
      email: `${name.toLowerCase().replaceAll(" ", ".")}.${randomBytes(3).toString("hex")}@bench.example`,
      passwordHash: await hashPassword(PASSWORD),
      ...(telegramChatId !== undefined && { telegramChatId, alertChannel: "telegram" as const }),
    })
    .returning({ id: staff.id, email: staff.email });
  if (!row) throw new Error("staff insert returned no row");
  return row;
}

async function benchQueue(database: Database, label: string): Promise<void> {
  await database.migrate();
  await seedIfEmpty(database.db, { adminEmail: "admin@bench.example", adminPassword: PASSWORD });
  const [unit] = await database.db.select({ id: units.id, code: units.code }).from(units).limit(1);
  if (!unit) throw new Error("no seeded unit");
  const peksos = await addStaff(database, unit.id, "Peksos Bench", "peksos");
  const other = await addStaff(database, unit.id, "Peksos Lain", "peksos");
  const insertStart = performance.now();
  await insertTickets(database, unit, peksos.id, other.id);
  await database.db.execute(sql`analyze tickets`);
  const insertSeconds = (performance.now() - insertStart) / 1000;

  const i18n = await createI18n("id");
  const app = await buildApp({ database, logger: createLogger("silent"), i18n, defaultLocale: "id", channelToken: CHANNEL_TOKEN });
  await app.ready();
  try {
    const token = await login(app, peksos.email);
    // Warm-up: JIT, prepared plans, PGlite's caches.
    await timeRequests(app, token, () => "/v1/tickets");

    const deepPages: number[] = [];
    for (let walk = 0; deepPages.length < REQUESTS; walk++) {
      let cursor: string | null = null;
      // Pages 2..21 of the closed history, 50 per page: the cursor must not slow down with depth.
      for (let page = 0; page < 21 && deepPages.length < REQUESTS; page++) {
        const url: string = `/v1/tickets?status=selesai&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const startedAt = performance.now();
        const response = await app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` }, remoteAddress: nextClient() });
        if (page > 0) deepPages.push(performance.now() - startedAt);
        if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
        cursor = response.json<{ nextCursor: string | null }>().nextCursor;
        if (cursor === null) break;
      }
    }
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    printTable(`GET /v1/tickets, ${TICKETS.toLocaleString("en")} tickets (inserted in ${insertSeconds.toFixed(1)} s) — ${label}`, [
      summarise("baseline: GET /v1/auth/me", await timeRequests(app, token, () => "/v1/auth/me")),
      summarise("queue, first page (open, 50)", await timeRequests(app, token, () => "/v1/tickets")),
      summarise("queue, priority=darurat", await timeRequests(app, token, () => "/v1/tickets?priority=darurat")),
      summarise("queue, assignee=me", await timeRequests(app, token, () => "/v1/tickets?assignee=me")),
      summarise("school + last 30 days, all statuses", await timeRequests(app, token, () =>
        `/v1/tickets?status=baru,diterima,ditangani,dirujuk,selesai,ditutup&school=smpn7&since=${encodeURIComponent(monthAgo)}`)),
      summarise("closed history, pages 2-21 by cursor", deepPages),
    ]);
  } finally {
    await app.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Submission → alert

async function chat(app: App, address: string, n: { value: number }, content: InboundContent): Promise<IntakeResponse> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/intake/messages",
    headers: { authorization: `Bearer ${CHANNEL_TOKEN}` },
    payload: { channel: "telegram", externalId: `${address}-${++n.value}`, address, sentAt: new Date().toISOString(), content },
    remoteAddress: nextClient(),
  });
  if (response.statusCode !== 200) throw new Error(`intake answered ${response.statusCode}`);
  return response.json<IntakeResponse>();
}

function choiceId(reply: IntakeResponse, value: string): string {
  const choice = reply.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
  if (!choice) throw new Error(`no "${value}" button in the reply`);
  return choice.id;
}

async function benchAlerts(env: Record<string, string>, label: string): Promise<void> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", HOTLINE_CHANNEL_TOKEN: CHANNEL_TOKEN, ADMIN_PASSWORD: PASSWORD, ...env });
  if (!config.ok) throw new Error(config.errors.join("; "));
  const hotline: Hotline = await startHotline(config.config, { print: () => {} });
  const stopClaiming = new AbortController();
  try {
    const [unit] = await hotline.database.db.select({ id: units.id }).from(units).limit(1);
    if (!unit) throw new Error("no seeded unit");
    const onCallChat = "700000001";
    const peksos = await addStaff(hotline.database, unit.id, "Peksos Jaga", "peksos", onCallChat);
    const now = Date.now();
    await hotline.database.db.insert(shifts).values({
      unitId: unit.id,
      staffId: peksos.id,
      tier: "primary",
      startsAt: new Date(now - 3600_000),
      endsAt: new Date(now + 24 * 3600_000),
    });

    // The channel side: claim with a long poll, note when each alert arrives, report it sent.
    const client = createInjectClient(hotline.app, CHANNEL_TOKEN);
    const arrived = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const claiming = (async () => {
      while (!stopClaiming.signal.aborted) {
        const items = await client.fetchOutbox("telegram", { max: 20, waitMs: 2_000 });
        const at = performance.now();
        for (const item of items) {
          if (item.address === onCallChat) {
            const code = /[A-Z]{3}-[A-Z0-9]{5}/.exec(item.text)?.[0];
            if (code !== undefined && !arrived.has(code)) {
              arrived.set(code, at);
              waiters.get(code)?.();
            }
          }
          await client.reportOutbox(item.id, { ok: true, externalId: String(arrived.size) });
        }
      }
    })();

    const latencies: number[] = [];
    let missing = 0;
    for (let i = 0; i < ALERTS; i++) {
      const address = `80000${i}`;
      const n = { value: 0 };
      const hello = await chat(hotline.app, address, n, { type: "text", text: "halo" });
      const role = await chat(hotline.app, address, n, { type: "choice", choiceId: choiceId(hello, "anak_diri") });
      const sentAt = performance.now();
      const danger = await chat(hotline.app, address, n, { type: "choice", choiceId: choiceId(role, "ya") });
      const code = danger.ticketCode;
      if (code === null) throw new Error(`"ya" to danger gave no ticket code`);
      const seen = arrived.get(code);
      if (seen === undefined) {
        const ok = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 30_000);
          waiters.set(code, () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        waiters.delete(code);
        if (!ok) {
          missing++;
          continue;
        }
      }
      latencies.push((arrived.get(code) ?? NaN) - sentAt);
    }
    stopClaiming.abort();
    await claiming;
    printTable(`Submission → on-call alert claimed for sending, ${ALERTS} darurat reports one at a time — ${label}`, [
      summarise("report's \"ya\" sent → alert claimed", latencies, missing > 0 ? `${missing} alerts never arrived` : "every alert arrived"),
    ]);
  } finally {
    stopClaiming.abort();
    await hotline.stop();
  }
}

// ---------------------------------------------------------------------------------------------

console.log(`bench:api — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const kind of DATABASES) {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "lapor-aman-bench-api-"));
    try {
      const database = await createDb({ kind: "pglite", dataDir: join(dir, "queue") });
      try {
        await benchQueue(database, "PGlite, temp dir on disk");
      } finally {
        await database.close();
      }
      await benchAlerts({ DATA_DIR: join(dir, "alerts") }, "PGlite, temp dir on disk");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (kind === "postgres") {
    const serverUrl = postgresServerUrl();
    if (serverUrl === undefined) {
      console.log("\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
      continue;
    }
    const queueDb = await scratchPostgres(serverUrl);
    try {
      if (!queueDb.database) throw new Error("scratchPostgres opened no database");
      await benchQueue(queueDb.database, `PostgreSQL at ${new URL(serverUrl).host}`);
    } finally {
      await queueDb.cleanup();
    }
    const alertDb = await scratchPostgres(serverUrl, { open: false });
    try {
      await benchAlerts({ DATABASE_URL: alertDb.url }, `PostgreSQL at ${new URL(serverUrl).host}`);
    } finally {
      await alertDb.cleanup();
    }
  } else {
    throw new Error(`--db takes pglite and/or postgres, got ${kind}`);
  }
}
