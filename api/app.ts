import { readFileSync } from "node:fs";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from "fastify";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { i18n } from "i18next";
import type { Database } from "../db/client.ts";
import { authRoutes } from "./auth/routes.ts";
import type { Locale } from "./config.ts";
import type { Outbox } from "./outbox/outbox.ts";
import { outboxRoutes } from "./outbox/routes.ts";
import type { ConsoleAssets } from "./console/assets.ts";
import { consoleRoutes } from "./console/routes.ts";
import { docsPlugin } from "./plugins/docs.ts";
import { errorHandlerPlugin } from "./plugins/error-handler.ts";
import { gracefulClosePlugin } from "./plugins/graceful-close.ts";
import { localePlugin } from "./plugins/locale.ts";
import { securityPlugin } from "./plugins/security.ts";
import { storableTextPlugin } from "./plugins/storable-text.ts";
import { healthRoutes } from "./routes/health.ts";
import { intakeRoutes } from "./routes/v1/intake.ts";
import { triageRoutes } from "./routes/v1/triage.ts";
import { adminRoutes } from "./routes/v1/admin.ts";
import { auditRoutes } from "./routes/v1/audit.ts";
import { channelRoutes } from "./routes/v1/channels.ts";
import { oncallRoutes } from "./routes/v1/oncall.ts";
import { referralRoutes } from "./routes/v1/referrals.ts";
import { staffChannelRoutes } from "./routes/v1/staff-channel.ts";
import { statsRoutes } from "./routes/v1/stats.ts";
import { ticketRoutes } from "./routes/v1/tickets.ts";
import { evidenceRoutes } from "./routes/v1/evidence.ts";
import { eventRoutes } from "./routes/v1/events.ts";
import { schoolRoutes } from "./routes/v1/schools.ts";
import type { LiveUpdateTiming } from "./events/live-updates.ts";
import type { TelegramFiles } from "./tickets/evidence-telegram.ts";
import type { RouteDeps } from "./routes/route-deps.ts";
import type { Alerts } from "./oncall/alerts-types.ts";
import { createIntake, type Intake } from "./intake/intake-service.ts";

export interface AppDeps {
  database: Database;
  logger: FastifyBaseLogger;
  i18n: i18n;
  defaultLocale: Locale;
  trustProxy?: boolean | number | string;
  /** The token channel adapters present to the intake and outbox routes. */
  channelToken: string;
  /** Messages to reporters; absent (tests, a process without the job queue) the outbox routes answer 503. */
  outbox?: Outbox;
  /** The conversation runner; built from the other deps when absent (tests). */
  intake?: Intake;
  /** On-call alerts; absent, changes alert nobody (tests of other parts). */
  alerts?: Alerts;
  /** Defaults to the system clock; tests of escalation and SLAs pass their own. */
  clock?: () => Date;
  /** Where the API is reached from outside, for links in alerts. */
  publicUrl?: string;
  /** The built web console, served at `/`; absent, the app is the API alone (most tests). */
  consoleAssets?: ConsoleAssets;
  /** Fetches Telegram evidence files for the console; absent without a bot token. */
  telegramFiles?: TelegramFiles;
  /** The hotline bot's username for the leaflets' Telegram links; absent or undefined, leaflets have no Telegram part. */
  telegramUsername?: () => string | undefined;
  /** Live update timing (GET /v1/events); tests make it fast. */
  liveUpdates?: Partial<LiveUpdateTiming>;
}

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** Fastify types a hop count as a trust function: trust the first `hops` proxies in the chain. */
function trustProxyOption(value: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === "number" ? (_address, hop) => hop < value : value;
}

/** Builds the whole API without listening: tests drive it with `app.inject`, the server calls `listen`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: trustProxyOption(deps.trustProxy ?? false),
    // Lets `close()` end idle keep-alive sockets at once while in-flight requests finish.
    forceCloseConnections: "idle",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(gracefulClosePlugin);
  await app.register(localePlugin, { i18n: deps.i18n, defaultLocale: deps.defaultLocale });
  await app.register(errorHandlerPlugin);
  await app.register(storableTextPlugin);
  await app.register(securityPlugin);
  await app.register(docsPlugin, { t: deps.i18n.getFixedT(deps.defaultLocale), version });
  await app.register(healthRoutes, { database: deps.database, ...(deps.clock && { clock: deps.clock }) });
  await app.register(authRoutes, { database: deps.database, clock: deps.clock ?? (() => new Date()) });
  await app.register(triageRoutes, { database: deps.database });
  const intake = deps.intake ?? createIntake({ database: deps.database, i18n: deps.i18n, logger: deps.logger });
  await app.register(intakeRoutes, { intake, channelToken: deps.channelToken });
  await app.register(outboxRoutes, { outbox: deps.outbox, channelToken: deps.channelToken });
  const routeDeps: RouteDeps = {
    database: deps.database,
    clock: deps.clock ?? (() => new Date()),
    i18n: deps.i18n,
    publicUrl: deps.publicUrl ?? "http://localhost:3000",
    channelToken: deps.channelToken,
    outbox: deps.outbox,
    alerts: deps.alerts,
    telegramFiles: deps.telegramFiles,
    telegramUsername: deps.telegramUsername ?? (() => undefined),
    liveUpdates: deps.liveUpdates,
  };
  for (const routes of [adminRoutes, ticketRoutes, oncallRoutes, staffChannelRoutes, referralRoutes, auditRoutes, statsRoutes, channelRoutes, evidenceRoutes, schoolRoutes, eventRoutes]) {
    await app.register(routes, routeDeps);
  }
  if (deps.consoleAssets) await app.register(consoleRoutes, { assets: deps.consoleAssets });
  return app;
}
