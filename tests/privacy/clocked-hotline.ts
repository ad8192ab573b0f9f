import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { createIntake, type Intake } from "../../api/intake/intake-service.ts";
import { createJobs, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createAlerts } from "../../api/oncall/alerts.ts";
import type { Alerts } from "../../api/oncall/alerts-types.ts";
import { createOutbox } from "../../api/outbox/outbox.ts";
import { createInjectClient } from "../../bot/client.ts";
import { createDb } from "../../db/client.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestAdapter as createTelegramAdapter, type RunningAdapter as RunningTelegram } from "../channels/telegram/adapter-harness.ts";
import { createTestAdapter as createWhatsAppAdapter, switchable, type RunningAdapter as RunningWhatsApp, type SwitchableClient } from "../channels/whatsapp/harness.ts";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * The hotline as startHotline wires it (intake, job queue, outbox, alerts, both chat adapters,
 * their folders under one DATA_DIR), but on a clock the test moves: a year of a unit's life, with
 * reports months apart, runs in seconds. Real time plus an offset, so that what the database
 * stamps itself stays in order with what the clock stamps.
 */

export interface ClockedHotline {
  database: TestDatabase;
  app: App;
  /** On-call alerts as the intake raises them; escalations and digests run when a test calls them. */
  alerts: Alerts;
  emulator: TelegramEmulator;
  telegram: RunningTelegram;
  whatsapp: RunningWhatsApp;
  /** The WhatsApp adapter's client: it records the API's answers, which the WhatsApp reporter waits for. */
  whatsappClient: SwitchableClient;
  /** What the adapters keep on disk: spool/telegram and whatsapp/ (spool, menus), as in npm start; pglite/ when on disk. */
  dataDir: string;
  now(): Date;
  advance(ms: number): void;
  stop(): Promise<void>;
}

/**
 * `databaseOnDisk`: on PGlite, the database lives in DATA_DIR/pglite as with `npm start`, so a
 * test can read its files; otherwise (and always on PostgreSQL) it is the suite's test database.
 */
async function openDatabase(dataDir: string, onDisk: boolean): Promise<TestDatabase> {
  if (!onDisk || testDbKind !== "pglite") return createTestDatabase();
  const database = await createDb({ kind: "pglite", dataDir });
  await database.migrate();
  return { ...database, url: undefined, destroy: () => database.close().catch(() => {}) };
}

export async function startClockedHotline(options: { databaseOnDisk?: boolean } = {}): Promise<ClockedHotline> {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-privacy-"));
  const database = await openDatabase(dataDir, options.databaseOnDisk ?? false);
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  const logger = createLogger("silent");
  const i18n = await createI18n("id");
  const jobs: Jobs = createJobs({ database, logger, delivery: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false } });
  const outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
  const alerts = createAlerts({ database, i18n, logger, publicUrl: "https://lapor.example", dispatch: (ids) => outbox.dispatch(ids) });
  const intake = createIntake({
    database,
    i18n,
    logger,
    onOutbound: (ids) => outbox.dispatch(ids),
    onTicketAlert: (id, reason) => alerts.ticketAlert(id, reason, now()),
  });
  // The intake route passes no time: the moved clock is put in here.
  const clockedIntake: Intake = {
    handle: (message, at) => intake.handle(message, at ?? now()),
    runTimers: (at, limit) => intake.runTimers(at, limit),
  };
  await jobs.start();
  const app = await buildTestApp(database, {
    clock: now,
    outbox,
    alerts,
    intake: clockedIntake,
    publicUrl: "https://lapor.example",
    // Live updates within a fraction of a second, for the tests that read the event stream.
    liveUpdates: { pollMs: 150, lagMs: 5_000, pingMs: 60_000, sessionCheckMs: 60_000, retryMs: 1_500 },
  });

  const emulator = await startTelegramEmulator();
  const telegram = await createTelegramAdapter(emulator, createInjectClient(app, TEST_CHANNEL_TOKEN), { spoolDir: join(dataDir, "spool", "telegram") });
  await telegram.adapter.start();
  const whatsappClient = switchable(createInjectClient(app, TEST_CHANNEL_TOKEN));
  const whatsapp = await createWhatsAppAdapter(whatsappClient, { dataDir: join(dataDir, "whatsapp") });
  await whatsapp.adapter.start();
  whatsapp.connect();

  return {
    database,
    app,
    alerts,
    emulator,
    telegram,
    whatsapp,
    whatsappClient,
    dataDir,
    now,
    advance: (ms) => {
      offset += ms;
    },
    async stop() {
      await whatsapp.stop();
      await telegram.stop();
      await emulator.stop();
      await app.close();
      await jobs.stop();
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
