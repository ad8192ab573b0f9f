import type { Message } from "whatsapp-web.js";
import type { InboundContent, InboundMessage, MediaKind } from "../../../api/intake/schemas.ts";
import { isStaffCallback, parseStaffCallback, parseStaffCommand, type StaffAction } from "../../staff-commands.ts";
import { choiceForText, type Menu } from "./menu-memory.ts";

/*
 * Turns one whatsapp-web.js message into what the API understands, or says why it is not for the
 * API. Pure: the chat's numbered menu comes in as an argument, the media bytes are fetched by the
 * adapter afterwards, so every message shape is table-tested with the library's own Message.
 *
 * Logs name a message by `message.id.id` only: `id._serialized`, the chat (`from`) and so the
 * externalId all hold the sender's phone number (`…@c.us`) or WhatsApp's stand-in for it (`…@lid`).
 */

export type Normalised =
  /** `download`: the message carries a file whose bytes must be fetched before WhatsApp Web forgets them. */
  | { kind: "inbound"; message: InboundMessage; download: boolean }
  /**
   * A staff member's /hubungkan, or an alert's "✅ Terima" answered with its number or label: for
   * the API's staff actions, never the reporting flow or a transcript.
   */
  | { kind: "staff_action"; address: string; externalId: string; action: StaffAction; fromMenu: boolean }
  /** `/hubungkan` without a usable code: the adapter explains, the API is not asked. */
  | { kind: "staff_usage"; address: string }
  /** Nothing to answer. `reason` is a fixed word, safe to log. */
  | { kind: "ignored"; reason: IgnoredReason };

export type IgnoredReason =
  /** The hotline's own messages (sent from the phone or by this adapter). */
  | "from_me"
  /** Reports are never taken where classmates or a family group can read them. */
  | "group"
  | "status"
  | "broadcast"
  | "newsletter"
  /** A chat that is neither a person (`@c.us`) nor WhatsApp's hidden-number id (`@lid`). */
  | "unsupported_chat"
  | "revoked"
  | "notification"
  | "call_log"
  /** "Waiting for this message": WhatsApp Web could not decrypt it (yet). */
  | "unreadable"
  | "empty"
  /** A staff choice id that is not a valid alert action (an old or forged menu). */
  | "invalid_staff_choice"
  | "unsupported";

/** Types that are WhatsApp's bookkeeping, not something a person sent. */
const NOTIFICATION_TYPES = new Set([
  "notification",
  "notification_template",
  "e2e_notification",
  "gp2",
  "group_notification",
  "broadcast_notification",
  "protocol",
]);

/** Files we fetch and hand to the API (stickers are not evidence; a location or contact has no file). */
const FILE_KINDS: Partial<Record<string, MediaKind>> = {
  image: "photo",
  video: "video",
  ptt: "voice",
  audio: "audio",
  document: "document",
};

/** Things a person sent on purpose that have no mapping of their own; the API answers them kindly. */
const OTHER_TYPES = new Set([
  "order",
  "product",
  "payment",
  "groups_v4_invite",
  "list",
  "list_response",
  "buttons_response",
  "template_button_reply",
  "interactive",
  "native_flow",
  "poll_creation",
  "scheduled_event_creation",
  "oversized",
]);

export const EXTERNAL_ID_PREFIX = "wa:";

export function normaliseMessage(message: Message, menu: Menu | undefined, receivedAt: Date): Normalised {
  const ignored = ignoredReason(message);
  if (ignored !== undefined) return { kind: "ignored", reason: ignored };

  const address = message.from;
  const externalId = `${EXTERNAL_ID_PREFIX}${message.id._serialized}`;
  if (message.type === "chat") {
    const text = message.body;
    if (text.trim().length === 0) return { kind: "ignored", reason: "empty" };
    const command = parseStaffCommand(text);
    if (command?.type === "link_usage") return { kind: "staff_usage", address };
    if (command !== undefined) return { kind: "staff_action", address, externalId, action: command, fromMenu: false };
    const choiceId = choiceForText(menu, text);
    if (choiceId !== undefined && isStaffCallback(choiceId)) {
      const action = parseStaffCallback(choiceId);
      return action !== undefined
        ? { kind: "staff_action", address, externalId, action, fromMenu: true }
        : { kind: "ignored", reason: "invalid_staff_choice" };
    }
    const content: InboundContent = choiceId !== undefined ? { type: "choice", choiceId } : { type: "text", text };
    return { kind: "inbound", message: inbound(message, externalId, receivedAt, content), download: false };
  }

  const media = mediaContent(message);
  if (media === undefined) return { kind: "ignored", reason: "unsupported" };
  return { kind: "inbound", message: inbound(message, externalId, receivedAt, media.content), download: media.download };
}

function ignoredReason(message: Message): IgnoredReason | undefined {
  const from = message.from ?? "";
  if (message.fromMe) return "from_me";
  if (message.isStatus || from === "status@broadcast") return "status";
  if (from.endsWith("@g.us")) return "group";
  if (from.endsWith("@newsletter")) return "newsletter";
  if (message.broadcast || from.endsWith("@broadcast")) return "broadcast";
  if (!from.endsWith("@c.us") && !from.endsWith("@lid")) return "unsupported_chat";
  const type: string = message.type;
  if (type === "revoked") return "revoked";
  if (type === "call_log") return "call_log";
  if (type === "ciphertext") return "unreadable";
  if (NOTIFICATION_TYPES.has(type)) return "notification";
  return undefined;
}

function inbound(message: Message, externalId: string, receivedAt: Date, content: InboundContent): InboundMessage {
  // WhatsApp's clock, in seconds; a message without one (never seen) counts as received now.
  const sentAt = Number.isFinite(message.timestamp) && message.timestamp > 0 ? new Date(message.timestamp * 1000) : receivedAt;
  // No languageHint: WhatsApp does not tell the app's language.
  return { channel: "whatsapp", externalId, address: message.from, sentAt: sentAt.toISOString(), content };
}

function mediaContent(message: Message): { content: InboundContent; download: boolean } | undefined {
  const type: string = message.type;
  const raw = rawOf(message);
  const mimeType = bareMimeType(raw.mimetype);
  const fileKind = FILE_KINDS[type];
  if (fileKind !== undefined) {
    // A screenshot sent "as a document" (to keep its quality) is still a picture of what happened.
    const kind: MediaKind = fileKind === "document" && mimeType?.startsWith("image/") ? "photo" : fileKind;
    // Without a file (`hasMedia` false) whatsapp-web.js puts a thumbnail in `body`: the caption is read from the raw data then.
    const caption = message.hasMedia ? message.body : stringOf(raw.caption);
    return {
      content: {
        type: "media",
        kind,
        ...(mimeType !== undefined && { mimeType }),
        ...sizeOf(raw),
        ...(caption !== undefined && caption.trim().length > 0 && { caption }),
      },
      download: message.hasMedia,
    };
  }
  // A sticker says something, but is no evidence: recorded, never fetched.
  if (type === "sticker") return { content: { type: "media", kind: "sticker", ...(mimeType !== undefined && { mimeType }) }, download: false };
  // The contract has no coordinates or contact fields: the API learns only that one was shared.
  if (type === "location") return { content: { type: "media", kind: "location" }, download: false };
  if (type === "vcard" || type === "multi_vcard") return { content: { type: "media", kind: "contact" }, download: false };
  if (OTHER_TYPES.has(type)) return { content: { type: "media", kind: "other" }, download: false };
  return undefined;
}

/** WhatsApp Web's own fields, which whatsapp-web.js keeps as `rawData` without typing them. */
function rawOf(message: Message): Record<string, unknown> {
  const raw: unknown = message.rawData;
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function sizeOf(raw: Record<string, unknown>): { fileSize?: number; width?: number; height?: number } {
  const whole = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined);
  const fileSize = whole(raw.size);
  const width = whole(raw.width);
  const height = whole(raw.height);
  return {
    ...(fileSize !== undefined && { fileSize }),
    ...(width !== undefined && { width }),
    ...(height !== undefined && { height }),
  };
}

/** "audio/ogg; codecs=opus" → "audio/ogg": the API takes a bare type. undefined when none or malformed. */
export function bareMimeType(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const bare = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^[\w.+-]+\/[\w.+-]+$/.test(bare) && bare.length <= 128 ? bare : undefined;
}
