import type { i18n } from "i18next";
import type { Logger } from "pino";
import type { Client as WhatsAppClient } from "whatsapp-web.js";
import { createHttpClient } from "../bot/client.ts";
import { startTelegramChannel, startWhatsAppChannel, telegramAdapterFor, type RunningChannel } from "./channel-adapters.ts";
import type { Config } from "./config.ts";
import { createLogger } from "./logging.ts";
import type { ChannelRole } from "./roles.ts";

/**
 * `--role telegram|whatsapp`: one chat channel in its own process, talking to the API over HTTP
 * with the channel token. No database here: what the API cannot take waits in this process's spool.
 * The caller has checked the role's configuration (roleProblems).
 */
export async function startChannelProcess(
  config: Config,
  role: ChannelRole,
  options: {
    print: (line: string) => void;
    i18n: i18n;
    logger?: Logger;
    /** Tests only: a whatsapp-web.js Client driven by emitted events instead of a browser. */
    whatsappClient?: () => WhatsAppClient;
  },
): Promise<RunningChannel> {
  const { apiUrl, channelToken } = config;
  if (apiUrl === undefined || channelToken === undefined) throw new Error(`--role ${role} needs HOTLINE_API_URL and HOTLINE_CHANNEL_TOKEN`);
  const logger = options.logger ?? createLogger(config.logLevel);
  const t = options.i18n.getFixedT(config.defaultLocale, "server");
  const deps = {
    client: createHttpClient(apiUrl, channelToken),
    logger,
    i18n: options.i18n,
    t,
    print: options.print,
    dataDir: config.dataDir,
  };
  let running: RunningChannel;
  if (role === "whatsapp") {
    running = await startWhatsAppChannel(config.whatsapp ?? { chromiumPath: "/usr/bin/chromium" }, {
      ...deps,
      ...(options.whatsappClient && { createClient: options.whatsappClient }),
    });
  } else {
    if (config.telegram === undefined) throw new Error("--role telegram needs TELEGRAM_BOT_TOKEN");
    running = await startTelegramChannel(telegramAdapterFor(config.telegram, deps), deps);
  }
  options.print(t("channel_process_ready", { role, api: apiUrl }));
  return running;
}
