import type { FastifyBaseLogger } from "fastify";
import type { Api } from "grammy";
import type { i18n } from "i18next";

/** The menu Telegram shows under "/". The API gives each its meaning; the adapter only lists them. */
export const COMMANDS = ["start", "lapor", "status", "bantuan", "batal", "bahasa"] as const;

/**
 * Bahasa Indonesia is the default list; English for apps set to English. A failure only costs
 * the menu (commands still work when typed), so it is logged, never fatal.
 */
export async function publishCommands(api: Api, i18n: i18n, logger: FastifyBaseLogger): Promise<void> {
  for (const language of ["id", "en"] as const) {
    const t = i18n.getFixedT(language, "telegram");
    const commands = COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) }));
    try {
      await api.setMyCommands(commands, language === "id" ? {} : { language_code: language });
    } catch (error) {
      logger.warn({ language, err: error }, "could not publish the command menu");
    }
  }
}
