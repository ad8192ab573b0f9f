import type { Api } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { Choice, Reply } from "../../../api/intake/schemas.ts";
import { splitText as splitLongText } from "../shared/split-text.ts";

/** Telegram's limit for one text message, in UTF-16 code units (what String.length counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;

export interface OutgoingMessage {
  text: string;
  keyboard: InlineKeyboardMarkup | undefined;
}

/** Telegram's cut of a long text (the splitting itself is shared with the other channels). */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return splitLongText(text, limit);
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
