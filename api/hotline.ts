import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { i18n } from "i18next";
import type { Logger } from "pino";
import { createDb, type Database } from "../db/client.ts";
import { acquireDataDirLock, type DataDirLock } from "../db/data-dir-lock.ts";
import { seedIfEmpty } from "../db/seed.ts";
import { createInjectClient } from "../bot/client.ts";
import type { TelegramAdapter } from "../bot/channels/telegram/adapter.ts";
import { telegramWebhookRoutes } from "../bot/channels/telegram/webhook.ts";
import { inProcessChannels, runningBotUsername, startTelegramChannel, startWhatsAppChannel, telegramAdapterFor } from "./channel-adapters.ts";
import { buildApp, type App } from "./app.ts";
import { prepareConsole } from "./console/prepare.ts";
import { createIntake, type Intake } from "./intake/intake-service.ts";
import {
  CHANNEL_WATCH_QUEUE,
  CONVERSATION_TIMERS_QUEUE,
  createJobs,
  DIGEST_QUEUE,
  ESCALATION_QUEUE,
  OUTBOX_SWEEP_QUEUE,
  RETENTION_QUEUE,
  type Jobs,
} from "./jobs/jobs.ts";
import type { Alerts } from "./oncall/alerts-types.ts";
import { runRetention } from "./retention/retention.ts";
import { createAlerts } from "./oncall/alerts.ts";
import { createChannelLinks } from "./channels/channel-links.ts";
import { createOutbox } from "./outbox/outbox.ts";
import { createTelegramFiles } from "./tickets/evidence-telegram.ts";
import type { Config } from "./config.ts";
import { createI18n } from "./i18n.ts";
import { createLogger } from "./logging.ts";

export interface Hotline {
  url: string;
  app: App;
  database: Database;
  /** The conversation runner (its timers run every minute on their own; tests call them directly). */
  intake: Intake;
  /** On-call alerts (escalation runs every minute on its own; tests call it with their own clock). */
  alerts: Alerts;
  /** Stops accepting, lets in-flight requests finish, then closes the database and frees DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Lines for the person who started the process (URL, first admin password); never the JSON log. */
  print: (line: string) => void;
  logger?: Logger;
  /** The texts the caller already loaded; loaded here when absent. */
  i18n?: i18n;
  /** Runs after the routes are registered and before listening. */
  beforeListen?: (app: App) => void | Promise<void>;
  /** `api`: the API and its jobs only (PostgreSQL); chat channels run in their own `--role` processes. Default `all`. */
  role?: "all" | "api";
}

/** config → lock (PGlite) → migrate → seed if empty → listen. */
export async function startHotline(config: Config, options: StartOptions): Promise<Hotline> {
  const startedAt = performance.now();
  const i18n = options.i18n ?? (await createI18n(config.defaultLocale));
  const t = i18n.getFixedT(config.defaultLocale, "server");
  const logger = options.logger ?? createLogger(config.logLevel);

  const lock: DataDirLock | undefined =
    config.database.kind === "pglite" ? acquireDataDirLock(config.database.dataDir) : undefined;
  // Everything started so far, stopped in reverse order: by stop(), or when a later step fails.
  const started: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stopOne of started.reverse()) await stopOne().catch((error: unknown) => logger.error({ err: error }, "stop step failed"));
    started.length = 0;
    lock?.release();
  };
  let database: Database | undefined;
  try {
    database = await createDb(config.database);
    const opened = database;
    started.push(() => opened.close());
    await database.migrate();
    const seed = await seedIfEmpty(database.db, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    if (seed.seeded) {
      options.print(t("admin_created", { unit: seed.unitName, email: seed.adminEmail }));
      if (seed.generatedPassword) options.print(t("admin_password_generated", { password: seed.generatedPassword }));
    }

    const db = database;
    const jobs: Jobs = createJobs({ database: db, logger });
    const outbox = createOutbox({ database: db, jobs, logger });
    const alerts = createAlerts({ database: db, i18n, logger, publicUrl: config.publicUrl, dispatch: (ids) => outbox.dispatch(ids) });
    const intake = createIntake({
      database: db,
      i18n,
      logger,
      onOutbound: (ids) => outbox.dispatch(ids),
      // Written and dispatched right after the report's commit: the adapter's claim is woken at once.
      onTicketAlert: (id, reason) => alerts.ticketAlert(id, reason, new Date()),
    });
    jobs.onSchedule(CONVERSATION_TIMERS_QUEUE, (now) => intake.runTimers(now));
    jobs.onSchedule(OUTBOX_SWEEP_QUEUE, (now) => outbox.sweep(now));
    jobs.onSchedule(ESCALATION_QUEUE, (now) => alerts.runEscalations(now));
    jobs.onSchedule(DIGEST_QUEUE, (now) => alerts.sendDigests(now));
    jobs.onSchedule(RETENTION_QUEUE, async (now) => {
      // Counts only: what was purged is in the audit trail, never in the log.
      // PGlite's files are in DATA_DIR and it never vacuums by itself: purged rows are rewritten out of them.
      logger.info(await runRetention(db.db, now, { reclaim: db.kind === "pglite" ? "full" : "plain" }), "retention purge done");
    });
    // A WhatsApp adapter that stopped reporting (its process died) counts as disconnected; admins are told.
    const channelLinks = createChannelLinks({ database: db, i18n, logger, publicUrl: config.publicUrl, dispatch: (ids) => outbox.dispatch(ids) });
    jobs.onSchedule(CHANNEL_WATCH_QUEUE, (now) => channelLinks.watch(now));
    started.push(() => jobs.stop());
    await jobs.start();

    const channelToken = config.channelToken ?? randomBytes(32).toString("base64url");
    const consoleAssets = await prepareConsole(logger);
    // Made after the app (it talks to it), read by the leaflets once the bot has introduced itself.
    let telegram: TelegramAdapter | undefined;
    const app = await buildApp({
      database: db,
      logger,
      i18n,
      defaultLocale: config.defaultLocale,
      trustProxy: config.trustProxy,
      channelToken,
      intake,
      outbox,
      alerts,
      publicUrl: config.publicUrl,
      ...(consoleAssets && { consoleAssets }),
      // The bot token, not the adapter: an API-only process (--role api) still gives out Telegram evidence.
      ...(config.telegram && { telegramFiles: createTelegramFiles({ token: config.telegram.token, apiRoot: config.telegram.apiRoot }) }),
      telegramUsername: () => config.telegramBotUsername ?? runningBotUsername(telegram),
    });
    started.push(() => app.close());

    const channels = inProcessChannels(config, options.role ?? "all");
    const channelDeps = { client: createInjectClient(app, channelToken), logger, i18n, t, print: options.print, dataDir: config.dataDir };
    if (channels.telegram) {
      telegram = telegramAdapterFor(channels.telegram, channelDeps);
      if (telegram.handleWebhook && channels.telegram.webhookSecret) {
        await app.register(telegramWebhookRoutes, {
          handleUpdate: telegram.handleWebhook,
          secretToken: channels.telegram.webhookSecret,
        });
      }
    }
    await options.beforeListen?.(app);
    const url = await app.listen({ port: config.port, host: config.host });
    // Channels are stopped first (started last): messages in hand still need the API and the database.
    if (telegram) started.push((await startTelegramChannel(telegram, channelDeps)).stop);
    if (channels.whatsapp) started.push((await startWhatsAppChannel(channels.whatsapp, channelDeps)).stop);
    options.print(
      t("ready", {
        url,
        database:
          config.database.kind === "pglite"
            ? t("database_pglite", { dir: resolve(config.database.dataDir) })
            : t("database_postgres"),
        ms: Math.round(performance.now() - startedAt),
      }),
    );

    return {
      url,
      app,
      database: db,
      intake,
      alerts,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
