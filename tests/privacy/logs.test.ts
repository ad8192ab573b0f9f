import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { App } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { createJobs, RETENTION_QUEUE, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createOutbox } from "../../api/outbox/outbox.ts";
import { createInjectClient } from "../../bot/client.ts";
import { createDb } from "../../db/client.ts";
import { reporters, tickets } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestAdapter as createWhatsAppAdapter, switchable, waitUntil, type RunningAdapter, type SwitchableClient } from "../channels/whatsapp/harness.ts";
import { createStaff } from "../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { startTelegramEmulator, type EmulatedUser, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { createPostgresDatabase, createTestDatabase, dropPostgresDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { expectStatus, httpApi, injectApi, login, staffTexts, workTheCase, type CallApi } from "./case-work.ts";
import { foundIn, identifiersOf, pinLeaks, TELEGRAM_PARENT, WHATSAPP_PARENT, whatsappAddress } from "./people.ts";
import { asText, filesUnder } from "./disk.ts";
import { reporterOnTelegram, reportOnTelegram, waitFor, type TelegramReport } from "./telegram-reporter.ts";
import { reportOnWhatsApp } from "./whatsapp-reporter.ts";

/*
 * One whole report against `npm start` (a real server process, LOG_LEVEL=trace: everything the app
 * ever logs), through the real grammY bot and the Bot API emulator, and the process's whole
 * stdout and stderr read afterwards. A parent with a distinctive Telegram profile tells a story,
 * sends a photo with a caption, shares their contact and types a name and number, checks /status
 * with the code and PIN; the on-call peksos, linked on Telegram, is alerted, takes the case,
 * answers, refers and closes it; then the retention job runs past the period, in the process.
 * None of what identifies the parent, nor their words, may be in the output; the ticket's id and
 * the updates' ids must be, so that the test cannot pass by a server that logs nothing.
 */

const ADMIN = { email: "admin@lapor-aman.local", password: "privacy-logs-admin-password" };
const SUPERVISOR = { email: "kabid.privasi@example.org", name: "Kabid Privasi", password: "kabid-privasi-password-1" };
const PEKSOS = { email: "peksos.privasi@example.org", name: "Peksos Privasi", password: "peksos-privasi-password-1" };
const HOUR = 3_600_000;
/** Retention is at least 30 days: the data is moved back further than any unit's period. */
const PAST_ANY_PERIOD = "3651 days";

describe(`a whole Telegram report leaves no trace of the reporter in the logs (npm start, ${testDbKind})`, () => {
  let emulator: TelegramEmulator;
  let dataDir: string;
  let env: Record<string, string>;
  let postgresName: string | undefined;
  let server: ServerProcess | undefined;
  let api: CallApi;
  /** stdout and stderr of every process that ran, in order. */
  const output: string[] = [];
  let peksosChat: EmulatedUser;
  let report: TelegramReport | undefined;
  let ticketId: string | undefined;
  const reporter = TELEGRAM_PARENT;

  async function startServer(): Promise<void> {
    server = startServerProcess(env);
    api = httpApi(await server.ready);
    // An answered request means start-up has returned and the SIGTERM handler is in place: the
    // "ready" line is printed a moment before, and a signal in that moment ends the process at once.
    await expectStatus(api("GET", "/health", undefined), 200);
  }

  async function stopServer(): Promise<void> {
    if (!server) return;
    const running = server;
    server = undefined;
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    output.push(running.stdout(), running.stderr());
  }

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-privacy-logs-"));
    env = {
      DATA_DIR: dataDir,
      PORT: "0",
      ADMIN_PASSWORD: ADMIN.password,
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      LOG_LEVEL: "trace",
    };
    if (testDbKind === "postgres") {
      postgresName = await createPostgresDatabase({ empty: true });
      env.DATABASE_URL = databaseUrl(inject("postgresServerUrl"), postgresName);
    }
    await startServer();
  });

  afterAll(async () => {
    if (server) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await emulator?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (postgresName) await dropPostgresDatabase(postgresName);
  });

  it("puts a peksos on call with their Telegram linked, through the API", async () => {
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const created: Record<string, string> = {};
    for (const person of [{ ...SUPERVISOR, role: "supervisor" }, { ...PEKSOS, role: "peksos" }]) {
      const answer = await expectStatus(api("POST", "/v1/staff", adminToken, person), 201);
      created[person.role] = (answer.body as { staff: { id: string } }).staff.id;
    }
    const peksosToken = await login(api, PEKSOS.email, PEKSOS.password);
    const issued = await expectStatus(api("POST", "/v1/staff/me/chat-link", peksosToken), 201);
    peksosChat = emulator.user({ chatId: 5_550_001, firstName: "Peksos" });
    await peksosChat.sendText((issued.body as { command: string }).command);
    expect((await peksosChat.nextMessages(1, 30_000))[0]?.text).toContain(PEKSOS.name);

    const supervisorToken = await login(api, SUPERVISOR.email, SUPERVISOR.password);
    await expectStatus(
      api("POST", "/v1/shifts", supervisorToken, {
        staffId: created.peksos,
        tier: "primary",
        startsAt: new Date(Date.now() - HOUR).toISOString(),
        endsAt: new Date(Date.now() + 8 * HOUR).toISOString(),
      }),
      201,
    );
  });

  it("takes the parent's whole report, and the on-call peksos is alerted", async () => {
    const user = reporterOnTelegram(emulator, reporter);
    report = await reportOnTelegram(user, reporter);
    expect(report.code).toMatch(/^[A-Z]{3}-[A-Z0-9]{5}$/);

    const alert = await waitFor(() => peksosChat.history().find((m) => m.buttons.flat().some((b) => b.data.startsWith("ack:"))), "the alert");
    ticketId = alert.buttons.flat().find((b) => b.data.startsWith("ack:"))!.data.slice("ack:".length);
    expect(alert.text).toContain(report.code);
  });

  it("is taken from the alert, answered, referred and closed; the parent gets the answer", async () => {
    expect(ticketId, "the report test must run first").toBeDefined();
    await peksosChat.press({ data: `ack:${ticketId}` });
    await waitFor(() => peksosChat.history().find((m) => m.text.includes(`${report!.code} diterima`)), "the taken notice");

    const token = await login(api, PEKSOS.email, PEKSOS.password);
    // The queue's search by code and a look at the photo (the emulator has no files: refused, and logged).
    const found = await expectStatus(api("GET", `/v1/tickets?code=${report!.code}&status=baru,diterima`, token), 200);
    expect((found.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([ticketId]);
    const detail = await expectStatus(api("GET", `/v1/tickets/${ticketId}`, token), 200);
    const evidence = (detail.body as { evidence: { url: string | null }[] }).evidence;
    expect(evidence.length).toBeGreaterThan(0);
    for (const item of evidence) if (item.url !== null) expect([200, 404, 502]).toContain((await api("GET", item.url, token)).status);

    await workTheCase(api, token, ticketId!, reporter);
    const user = reporterOnTelegram(emulator, reporter);
    await waitFor(() => user.history().find((m) => m.text === staffTexts(reporter).reply), "the answer in the parent's chat");
  });

  it("runs the retention job in the process once the period has passed", async () => {
    expect(ticketId, "the case must be closed first").toBeDefined();
    await stopServer();
    // The clock cannot be moved for a process; its data can: the case closed, and the parent
    // last wrote, longer ago than any unit keeps them. Then the job is queued as its schedule would.
    const database = await createDb(env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir });
    try {
      await database.db.update(tickets).set({ closedAt: sql`${tickets.closedAt} - ${PAST_ANY_PERIOD}::interval` }).where(isNotNull(tickets.closedAt));
      await database.db.update(reporters).set({ lastSeenAt: sql`${reporters.lastSeenAt} - ${PAST_ANY_PERIOD}::interval` });
      const jobs = createJobs({ database, logger: createLogger("silent") });
      await jobs.start();
      await jobs.boss.send(RETENTION_QUEUE, {});
      await jobs.stop();
    } finally {
      await database.close();
    }

    await startServer();
    const done = await waitFor(
      () => server!.stdout().split("\n").find((line) => line.includes('"retention purge done"')),
      "the retention job",
      60_000,
    );
    expect(JSON.parse(done)).toMatchObject({ ticketsPurged: 1, reportersPurged: 1 });
    await stopServer();
  });

  it.skipIf(testDbKind !== "pglite")("and the job left nothing of the parent in the database's files in DATA_DIR (PGlite; the write-ahead log aside)", () => {
    expect(ticketId, "the retention job must have run").toBeDefined();
    const files = filesUnder(join(dataDir, "pglite")).filter((f) => !f.path.startsWith("pg_wal"));
    const onDisk = asText(files);
    expect(foundIn(onDisk, identifiersOf(reporter, { channel: "telegram" }))).toEqual([]);
    // The case record is there: the scan read the data, not empty files.
    expect(foundIn(onDisk, [reporter.story])).toEqual([reporter.story]);
  });

  it("logged ids, and nothing that identifies the parent, nor their words, nor the staff's words about them", () => {
    expect(report, "the report must have run").toBeDefined();
    const logs = output.join("\n");
    const lines = logs.split("\n").filter((line) => line.trim() !== "");
    expect(lines.length).toBeGreaterThan(50);

    // Not a log that says nothing: the ticket and the parent's updates are named by their ids.
    expect(logs).toContain(ticketId!);
    const updateIds = report!.updates.map((u) => u.updateId);
    const named = updateIds.filter((id) => new RegExp(`"updateId":${id}\\b`).test(logs));
    expect(named.length).toBeGreaterThan(updateIds.length / 2);

    const texts = staffTexts(reporter);
    const needles = [...identifiersOf(reporter, { channel: "telegram" }), ...reporter.words, reporter.caption, texts.note, texts.reply, texts.referral];
    expect(foundIn(logs, needles)).toEqual([]);
    expect(pinLeaks(logs, report!.code, report!.pin)).toEqual([]);

    // The spool under DATA_DIR (a journal of every message until it is answered) is empty again.
    const spooled = filesUnder(join(dataDir, "spool"));
    expect(spooled.map((f) => f.path).filter((path) => path.endsWith(".json"))).toEqual([]);
    expect(foundIn(asText(spooled), needles)).toEqual([]);
  });
});

/*
 * The same on WhatsApp, whose harness drives the real adapter over whatsapp-web.js's own Client in
 * this process: the API, the job queue and the adapter all log at trace into one capture.
 */
describe(`a whole WhatsApp report leaves no trace of the reporter in the logs (${testDbKind})`, () => {
  const reporter = WHATSAPP_PARENT;
  const logs = new LogCapture();
  let database: TestDatabase;
  let jobs: Jobs;
  let app: App;
  let client: SwitchableClient;
  let wa: RunningAdapter;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const logger = createLogger("trace", logs);
    jobs = createJobs({ database, logger, delivery: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false } });
    const outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
    await jobs.start();
    app = await buildTestApp(database, { outbox, logs });
    client = switchable(createInjectClient(app, TEST_CHANNEL_TOKEN));
    wa = await createWhatsAppAdapter(client);
    await wa.adapter.start();
    wa.connect();
  });

  afterAll(async () => {
    await wa?.stop();
    await app?.close();
    await jobs?.stop();
    await database?.destroy();
  });

  it("takes the report, answers it, refers and closes it, and logs ids only", async () => {
    const phone = wa.phone(whatsappAddress(reporter));
    const hint = (await createI18n("id")).getFixedT("id", "whatsapp")("choose_hint");
    const report = await reportOnWhatsApp(client, phone, reporter, hint);

    const api = injectApi(app);
    const peksos = await createStaff(database, { role: "peksos", name: "Peksos Privasi" });
    const token = await login(api, peksos.email, peksos.password);
    const found = await expectStatus(api("GET", `/v1/tickets?code=${report.code}`, token), 200);
    const ticketId = (found.body as { items: { id: string }[] }).items[0]!.id;
    await expectStatus(api("POST", `/v1/tickets/${ticketId}/acknowledge`, token), 200);
    const detail = await expectStatus(api("GET", `/v1/tickets/${ticketId}`, token), 200);
    for (const item of (detail.body as { evidence: { url: string | null }[] }).evidence) {
      if (item.url !== null) await expectStatus(api("GET", item.url, token), 200);
    }
    await workTheCase(api, token, ticketId, reporter);
    await waitUntil(() => phone.received().includes(staffTexts(reporter).reply), "the answer on the parent's phone");

    const text = `${logs.text}\n${wa.logs.text}`;
    expect(logs.lines.length).toBeGreaterThan(50);
    expect(wa.logs.lines.length).toBeGreaterThan(10);
    expect(text).toContain(ticketId);
    const named = report.messages.filter((message) => text.includes(`"updateId":"${message.id.id}"`));
    expect(named.length).toBeGreaterThan(report.messages.length / 2);

    const texts = staffTexts(reporter);
    const needles = [...identifiersOf(reporter, { channel: "whatsapp" }), ...reporter.words, reporter.caption, texts.note, texts.reply, texts.referral];
    expect(foundIn(text, needles)).toEqual([]);
    expect(pinLeaks(text, report.code, report.pin)).toEqual([]);
  });
});
