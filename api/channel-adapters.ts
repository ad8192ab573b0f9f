import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { i18n, TFunction } from "i18next";
import type { Client as WhatsAppClient } from "whatsapp-web.js";
import type { HotlineClient } from "../bot/client.ts";
import { createTelegramAdapter, type TelegramAdapter } from "../bot/channels/telegram/adapter.ts";
import { createWhatsAppAdapter, type WhatsAppAdapter } from "../bot/channels/whatsapp/adapter.ts";
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from "../db/data-dir-lock.ts";
import type { Config, TelegramConfig, WhatsAppConfig } from "./config.ts";

/*
 * Starting a chat channel's adapter, the same whether it runs inside the hotline's process (over
 * app.inject) or in its own `--role` process (over HTTP). Each channel keeps its files under
 * DATA_DIR and locks its folder: two processes on one WhatsApp session (or one Telegram spool)
 * would fight over the same phone link and replay each other's messages.
 */

export interface RunningChannel {
  /** Stops the adapter (bounded) and frees its folder. */
  stop(): Promise<void>;
}

interface ChannelDeps {
  client: HotlineClient;
  logger: FastifyBaseLogger;
  i18n: i18n;
  t: TFunction;
  print: (line: string) => void;
  dataDir: string;
}

export function telegramAdapterFor(telegram: TelegramConfig, deps: Omit<ChannelDeps, "t" | "print">): TelegramAdapter {
  return createTelegramAdapter({
    telegram,
    client: deps.client,
    logger: deps.logger,
    i18n: deps.i18n,
    spoolDir: join(deps.dataDir, "spool", "telegram"),
  });
}

/** The bot's username once `start()` has asked Telegram who it is (getMe); undefined before that or without a bot. */
export function runningBotUsername(adapter: TelegramAdapter | undefined): string | undefined {
  return adapter?.bot.isInited() ? adapter.bot.botInfo.username : undefined;
}

export async function startTelegramChannel(adapter: TelegramAdapter, deps: ChannelDeps): Promise<RunningChannel> {
  const lock = lockChannelDir(join(deps.dataDir, "spool", "telegram"), deps.t);
  try {
    await adapter.start();
  } catch (error) {
    lock.release();
    throw error;
  }
  deps.print(deps.t("telegram_ready"));
  return {
    async stop() {
      try {
        await adapter.stop();
      } finally {
        lock.release();
      }
    },
  };
}

/** Starts linking in the background: a QR to scan or a lost connection never holds up the API. */
export async function startWhatsAppChannel(
  whatsapp: WhatsAppConfig,
  deps: ChannelDeps & {
    /** Tests only: a whatsapp-web.js Client they drive by emitting events; the browser is never started. */
    createClient?: () => WhatsAppClient;
  },
): Promise<RunningChannel & { adapter: WhatsAppAdapter }> {
  // Found now rather than as an endless reconnect loop: the operator asked for WhatsApp.
  if (!existsSync(whatsapp.chromiumPath)) throw new Error(deps.t("chromium_missing", { path: whatsapp.chromiumPath }));
  const dataDir = join(deps.dataDir, "whatsapp");
  const lock = lockChannelDir(dataDir, deps.t);
  const adapter = createWhatsAppAdapter({
    client: deps.client,
    logger: deps.logger,
    i18n: deps.i18n,
    dataDir,
    print: deps.print,
    chromiumPath: whatsapp.chromiumPath,
    ...(deps.createClient && { createClient: deps.createClient }),
  });
  try {
    await adapter.start();
  } catch (error) {
    lock.release();
    throw error;
  }
  deps.print(deps.t("whatsapp_starting", { dir: join(dataDir, "auth") }));
  return {
    adapter,
    async stop() {
      try {
        await adapter.stop();
      } finally {
        lock.release();
      }
    },
  };
}

function lockChannelDir(dir: string, t: TFunction): DataDirLock {
  try {
    return acquireDataDirLock(dir);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new Error(t("channel_dir_locked", { dir, pid: error.pid }));
    throw error;
  }
}

/** The channels a `--role all` or `--role api` process runs itself. */
export function inProcessChannels(config: Config, role: "all" | "api"): { telegram: TelegramConfig | undefined; whatsapp: WhatsAppConfig | undefined } {
  if (role === "all") return { telegram: config.telegram, whatsapp: config.whatsapp };
  // The API process serves Telegram's webhook, so a webhook bot lives there; a polling bot and
  // WhatsApp run in their own `--role` processes.
  return { telegram: config.telegram?.webhookUrl !== undefined ? config.telegram : undefined, whatsapp: undefined };
}
