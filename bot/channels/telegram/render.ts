import type { Api } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { Choice, Reply } from "../../../api/intake/schemas.ts";

/** Telegram's limit for one text message, in UTF-16 code units (what String.length counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;

export interface OutgoingMessage {
  text: string;
  keyboard: InlineKeyboardMarkup | undefined;
}

/**
 * Splits a long text into messages of at most `limit`, preferring paragraph breaks, then line
 * breaks, then spaces, so a summary is never cut mid-word when it can be helped.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    // Breaks in the first half would make a stub message; only a hard cut is worse.
    const minimum = Math.floor(limit / 2);
    let cut = -1;
    let skip = 0;
    for (const separator of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(separator, limit - separator.length);
      if (at >= minimum) {
        cut = at;
        skip = separator.length;
        break;
      }
    }
    if (cut < 0) {
      cut = limit;
      // Never split an emoji (a surrogate pair) in two.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

export function inlineKeyboard(rows: Choice[][]): InlineKeyboardMarkup | undefined {
  const nonEmpty = rows.filter((row) => row.length > 0);
  if (nonEmpty.length === 0) return undefined;
  return {
    inline_keyboard: nonEmpty.map((row) =>
      row.map((choice) => (choice.url !== undefined ? { text: choice.label, url: choice.url } : { text: choice.label, callback_data: choice.id })),
    ),
  };
}

/**
 * One reply → the Telegram messages that carry it. The keyboard rides on the last part, right
 * under the question it answers. A reply that is only buttons gets `choosePrompt` as its text,
 * because Telegram refuses an empty message.
 */
export function toOutgoing(reply: Reply, choosePrompt: string): OutgoingMessage[] {
  const keyboard = inlineKeyboard(reply.choices);
  const text = reply.text.trim().length > 0 ? reply.text : keyboard ? choosePrompt : "";
  if (text.length === 0) return [];
  const parts = splitText(text);
  return parts.map((part, index) => ({ text: part, keyboard: index === parts.length - 1 ? keyboard : undefined }));
}

/**
 * Sends replies in order, one message at a time (Telegram does not keep the order of concurrent
 * sends). Plain text on purpose: reporters' words are echoed in summaries, and Markdown or HTML
 * would break on them or let them style the bot's messages.
 */
export async function sendReplies(api: Api, chatId: string, replies: Reply[], choosePrompt: string): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const reply of replies) {
    for (const message of toOutgoing(reply, choosePrompt)) {
      sent.push(
        await api.sendMessage(chatId, message.text, {
          ...(message.keyboard && { reply_markup: message.keyboard }),
          // A link a reporter typed, echoed back, must not unfurl a preview of someone's profile.
          link_preview_options: { is_disabled: true },
        }),
      );
    }
  }
  return sent;
}
