import { GrammyError, HttpError } from "grammy";
import type { SendFailure } from "../shared/outbox-loop.ts";

/** How a failed Telegram send is reported: permanent when the chat is gone, so the API stops retrying. */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    // 403: the reporter blocked the bot, or the account was deleted.
    if (error.error_code === 403) return { ok: false, permanent: true, reason: "blocked" };
    if (error.error_code === 400 && /chat not found|PEER_ID_INVALID/i.test(error.description)) {
      return { ok: false, permanent: true, reason: "chat_not_found" };
    }
    return { ok: false, permanent: false, reason: `telegram_${error.error_code}` };
  }
  if (error instanceof HttpError) return { ok: false, permanent: false, reason: "network" };
  return { ok: false, permanent: false, reason: "send_failed" };
}
