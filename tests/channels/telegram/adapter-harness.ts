import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelegramConfig } from "../../../api/config.ts";
import { createI18n } from "../../../api/i18n.ts";
import { createLogger } from "../../../api/logging.ts";
import type { HotlineClient } from "../../../bot/client.ts";
import { createTelegramAdapter, type AdapterTiming, type TelegramAdapter } from "../../../bot/channels/telegram/adapter.ts";
import { LogCapture } from "../../support/test-app.ts";
import type { SentUpdate, TelegramEmulator } from "../../support/telegram-emulator.ts";

/** Fast retries so a test sees the spool replay and outbox backoff within a second. */
export const FAST_TIMING: AdapterTiming = {
  spoolRetry: { initialMs: 100, maxMs: 400 },
  outboxRetry: { initialMs: 50, maxMs: 200 },
  outboxWaitMs: 200,
  outboxMinEmptyPollIntervalMs: 20,
  stopGraceMs: 2_000,
  rateLimit: { burst: 15, refillMs: 3_000 },
  rateNoticeMs: 60_000,
};

/**
 * The idempotency key the adapter must give an update, spelled out here rather than taken from
 * normalise.ts: a message by its chat and message id, a button press by its callback query id.
 */
export function externalIdOf(sent: SentUpdate): string {
  return sent.kind === "message" ? `m:${sent.chatId}:${sent.messageId}` : `cb:${sent.callbackQueryId}`;
}

export interface RunningAdapter {
  adapter: TelegramAdapter;
  logs: LogCapture;
  spoolDir: string;
  stop(): Promise<void>;
}

/** The real adapter against the emulator; not started, so a test can prepare the spool or the bot first. */
export async function createTestAdapter(
  emulator: TelegramEmulator,
  client: HotlineClient,
  options: { spoolDir?: string; telegram?: Partial<TelegramConfig>; timing?: Partial<AdapterTiming> } = {},
): Promise<RunningAdapter> {
  const logs = new LogCapture();
  const ownSpool = options.spoolDir === undefined;
  const spoolDir = options.spoolDir ?? join(mkdtempSync(join(tmpdir(), "lapor-aman-spool-")), "telegram");
  const adapter = createTelegramAdapter({
    telegram: { token: emulator.token, apiRoot: emulator.apiRoot, webhookUrl: undefined, webhookSecret: undefined, ...options.telegram },
    client,
    logger: createLogger("trace", logs),
    i18n: await createI18n("id"),
    spoolDir,
    timing: { ...FAST_TIMING, ...options.timing },
  });
  return {
    adapter,
    logs,
    spoolDir,
    async stop() {
      await adapter.stop();
      if (ownSpool) rmSync(join(spoolDir, ".."), { recursive: true, force: true });
    },
  };
}
