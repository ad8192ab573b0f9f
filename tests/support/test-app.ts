import { Writable } from "node:stream";
import { buildApp, type App, type AppDeps } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import type { Database } from "../../db/client.ts";

/** Collects every log line the app writes, to assert on what reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join("\n");
  }
}

/** The channel token every test app accepts; tests hand it to the HotlineClient. */
export const TEST_CHANNEL_TOKEN = "test-channel-token-0123456789abcdef";

export async function buildTestApp(
  database: Database,
  options: {
    logs?: LogCapture;
    extend?: (app: App) => void;
    trustProxy?: number;
    outbox?: AppDeps["outbox"];
    alerts?: AppDeps["alerts"];
    intake?: AppDeps["intake"];
    clock?: () => Date;
    publicUrl?: string;
    telegramFiles?: AppDeps["telegramFiles"];
    telegramUsername?: AppDeps["telegramUsername"];
    liveUpdates?: AppDeps["liveUpdates"];
  } = {},
): Promise<App> {
  const logger = createLogger(options.logs ? "trace" : "silent", options.logs);
  const app = await buildApp({
    database,
    logger,
    i18n: await createI18n("id"),
    defaultLocale: "id",
    channelToken: TEST_CHANNEL_TOKEN,
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.outbox !== undefined && { outbox: options.outbox }),
    ...(options.alerts !== undefined && { alerts: options.alerts }),
    ...(options.intake !== undefined && { intake: options.intake }),
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
    ...(options.telegramFiles !== undefined && { telegramFiles: options.telegramFiles }),
    ...(options.telegramUsername !== undefined && { telegramUsername: options.telegramUsername }),
    ...(options.liveUpdates !== undefined && { liveUpdates: options.liveUpdates }),
  });
  options.extend?.(app);
  await app.ready();
  return app;
}
