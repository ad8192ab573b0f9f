import type { CallbackQuery, InlineKeyboardButton, Message, Update } from "grammy/types";
import type { InboundContent, InboundMessage, MediaKind } from "../../../api/intake/schemas.ts";
import { isStaffCallback, parseStaffCallback, parseStaffCommand, type StaffAction } from "../../staff-commands.ts";

/*
 * Turns one Telegram update into what the API understands, or says why it is not for the API.
 * Pure: no grammY Bot, no I/O, so every update shape is table-tested.
 */

export type Normalised =
  | { kind: "inbound"; message: InboundMessage }
  /** A command typed in a group: reports are never taken where classmates can read them. */
  | { kind: "group_command"; chatId: string }
  /** A reporter edited an earlier message; the API already answered the original. */
  | { kind: "edited"; chatId: string; languageHint: string | undefined }
  /** A pressed button whose data we never send (forged, or an older bot's keyboard). */
  | { kind: "invalid_choice"; chatId: string; languageHint: string | undefined }
  /**
   * A staff member's /hubungkan or an alert's "Terima": for the API's staff actions, never the
   * reporting flow or a transcript. `alert`: the pressed alert, whose link buttons outlive "Terima".
   */
  | { kind: "staff_action"; chatId: string; externalId: string; action: StaffAction; alert?: PressedAlert }
  /** `/hubungkan` without a usable code: the adapter explains, the API is not asked. */
  | { kind: "staff_usage"; chatId: string }
  /** Nothing to answer. `reason` is a fixed word, safe to log. */
  | { kind: "ignored"; reason: IgnoredReason };

export interface PressedAlert {
  messageId: number;
  /** The alert's link buttons (open the ticket), kept when its callback buttons are taken away. */
  linkRows: InlineKeyboardButton[][];
}

export type IgnoredReason =
  | "not_private"
  | "service_message"
  | "callback_without_chat"
  | "unsupported_update";

/** Telegram allows 1-64 bytes of callback data; we only ever send printable ASCII without spaces. */
const CALLBACK_DATA_MAX_BYTES = 64;
const CALLBACK_DATA_CHARSET = /^[\x21-\x7E]+$/;

export function isValidChoiceId(data: string): boolean {
  return (
    data.length > 0 &&
    Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_MAX_BYTES &&
    CALLBACK_DATA_CHARSET.test(data)
  );
}

/**
 * "/start@LaporAmanBot s_smpn3" → "/start s_smpn3". In a private chat every command is for us,
 * so any bot name is dropped; the API sees the same text whichever client typed it.
 */
export function stripCommandBotName(text: string): string {
  return text.replace(/^(\/[A-Za-z0-9_]{1,32})@[A-Za-z0-9_]{3,64}(?=\s|$)/, "$1");
}

/** Content without its own mapping that a person still sent on purpose; the API answers it kindly. */
const OTHER_CONTENT_KEYS = ["poll", "dice", "game", "story", "paid_media", "checklist", "invoice", "giveaway"] as const;

/*
 * The idempotency key is not the update_id: Telegram restarts update ids at a random number
 * after a week without updates, so an old id could come back. A message id is unique in its
 * chat for good, and a callback query id is unique everywhere; both are the same on redelivery.
 */
export function normaliseUpdate(update: Update, receivedAt: Date): Normalised {
  if (update.message) return normaliseMessage(update.message, `m:${update.message.chat.id}:${update.message.message_id}`);
  if (update.callback_query) return normaliseCallback(update.callback_query, `cb:${update.callback_query.id}`, receivedAt);
  if (update.edited_message) {
    const edited = update.edited_message;
    if (edited.chat.type !== "private") return { kind: "ignored", reason: "not_private" };
    return { kind: "edited", chatId: String(edited.chat.id), languageHint: edited.from?.language_code };
  }
  return { kind: "ignored", reason: "unsupported_update" };
}

function normaliseMessage(message: Message, externalId: string): Normalised {
  if (message.chat.type !== "private") {
    const isCommand = message.text?.startsWith("/") ?? false;
    const inGroup = message.chat.type === "group" || message.chat.type === "supergroup";
    return isCommand && inGroup
      ? { kind: "group_command", chatId: String(message.chat.id) }
      : { kind: "ignored", reason: "not_private" };
  }
  const chatId = String(message.chat.id);
  const command = message.text !== undefined ? parseStaffCommand(message.text) : undefined;
  if (command?.type === "link_usage") return { kind: "staff_usage", chatId };
  if (command !== undefined) return { kind: "staff_action", chatId, externalId, action: command };
  const content = contentOf(message);
  if (content === undefined) return { kind: "ignored", reason: "service_message" };
  return {
    kind: "inbound",
    message: {
      channel: "telegram",
      externalId,
      address: chatId,
      sentAt: new Date(message.date * 1000).toISOString(),
      ...(message.from?.language_code !== undefined && { languageHint: message.from.language_code }),
      content,
    },
  };
}

function normaliseCallback(query: CallbackQuery, externalId: string, receivedAt: Date): Normalised {
  const chat = query.message?.chat;
  if (chat === undefined) return { kind: "ignored", reason: "callback_without_chat" };
  if (chat.type !== "private") return { kind: "ignored", reason: "not_private" };
  const chatId = String(chat.id);
  const data = query.data;
  if (data === undefined || !isValidChoiceId(data)) {
    return { kind: "invalid_choice", chatId, languageHint: query.from.language_code };
  }
  if (isStaffCallback(data)) {
    const action = parseStaffCallback(data);
    if (action === undefined) return { kind: "invalid_choice", chatId, languageHint: query.from.language_code };
    const message = query.message;
    const alert = message !== undefined ? { messageId: message.message_id, linkRows: linkRowsOf(message) } : undefined;
    return { kind: "staff_action", chatId, externalId, action, ...(alert && { alert }) };
  }
  return {
    kind: "inbound",
    message: {
      channel: "telegram",
      externalId,
      address: chatId,
      // A button press has no date of its own; the message it sits on is older than the press.
      sentAt: receivedAt.toISOString(),
      ...(query.from.language_code !== undefined && { languageHint: query.from.language_code }),
      content: { type: "choice", choiceId: data },
    },
  };
}

/** The url buttons of a message's inline keyboard, row by row; an inaccessible (old) message has none. */
function linkRowsOf(message: NonNullable<CallbackQuery["message"]>): InlineKeyboardButton[][] {
  const rows = "reply_markup" in message ? (message.reply_markup?.inline_keyboard ?? []) : [];
  return rows.map((row) => row.filter((button) => "url" in button)).filter((row) => row.length > 0);
}

/** undefined: a service message (pinned, auto-delete timer, ...) the reporter did not write. */
function contentOf(message: Message): InboundContent | undefined {
  if (message.text !== undefined) return { type: "text", text: stripCommandBotName(message.text) };
  const caption = message.caption !== undefined ? { caption: message.caption } : {};

  if (message.photo && message.photo.length > 0) {
    const largest = message.photo.reduce((best, size) =>
      size.width * size.height > best.width * best.height ? size : best,
    );
    return {
      type: "media",
      kind: "photo",
      fileId: largest.file_id,
      fileUniqueId: largest.file_unique_id,
      width: largest.width,
      height: largest.height,
      ...optionalSize(largest.file_size),
      ...caption,
    };
  }
  // Telegram also sets `document` on an animation, for old clients: the animation comes first.
  // file_name is never read: names like "foto_luka_rani.jpg" are personal data.
  const files = [
    ["animation", message.animation],
    ["document", message.document],
    ["video", message.video],
    ["voice", message.voice],
    ["audio", message.audio],
  ] as const;
  for (const [kind, file] of files) if (file) return { ...fileMedia(kind, file), ...caption };
  if (message.video_note) {
    const v = message.video_note;
    // A round video: `length` is its diameter.
    return { type: "media", kind: "video_note", ...fileRef(v), width: v.length, height: v.length, ...optionalSize(v.file_size) };
  }
  if (message.sticker) return fileMedia("sticker", message.sticker);
  // A venue carries a location too. The contract has no coordinates field: the API learns only that one was shared.
  if (message.location) return { type: "media", kind: "location" };
  if (message.contact) return { type: "media", kind: "contact" };
  if (OTHER_CONTENT_KEYS.some((key) => message[key] !== undefined)) return { type: "media", kind: "other", ...caption };
  return undefined;
}

interface TelegramFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  mime_type?: string;
  width?: number;
  height?: number;
}

/** A file Telegram keeps for us: its ids and whatever size and type it told. */
function fileMedia(kind: MediaKind, file: TelegramFile): InboundContent {
  return {
    type: "media",
    kind,
    ...fileRef(file),
    ...(file.width !== undefined && { width: file.width }),
    ...(file.height !== undefined && { height: file.height }),
    ...optionalMime(file.mime_type),
    ...optionalSize(file.file_size),
  };
}

function fileRef(file: { file_id: string; file_unique_id: string }) {
  return { fileId: file.file_id, fileUniqueId: file.file_unique_id };
}

function optionalSize(size: number | undefined) {
  return size !== undefined ? { fileSize: size } : {};
}

function optionalMime(mime: string | undefined) {
  return mime !== undefined ? { mimeType: mime } : {};
}
