import { z } from "zod";

/*
 * The contract for staff acting from a chat (/hubungkan KODE, an alert's "Terima" button) and for
 * the link codes the console hands out. The bot imports these to validate what the API answers,
 * so this file pulls in nothing but zod.
 */

/** The channels whose chats a staff member can link, and where their alerts can go ("web" is the reporters' only). */
export const STAFF_CHANNELS = ["telegram", "whatsapp"] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export const StaffChannelSchema = z.enum(STAFF_CHANNELS);

/** Where a person's on-call alerts go; null when no chat is linked. Shown on the roster, on-call and account answers. */
export const AlertChannelSchema = StaffChannelSchema.nullable().meta({
  description:
    "Where on-call alerts reach this person: the chat they linked last, or the one they chose. null: no chat is linked, so alerts cannot reach them.",
});

/**
 * The one-time code's alphabet: no 0/O, 1/I/L, so a code read off a phone screen and typed into
 * another phone cannot be mistyped into a different valid-looking one.
 */
export const LINK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const LINK_CODE_LENGTH = 8;
/** Long enough to walk from the console to the phone, short enough that a code on a screenshot soon stops working. */
export const LINK_CODE_TTL_MS = 15 * 60_000;

const LinkActionSchema = z.object({
  type: z.literal("link"),
  /** As typed; the API compares it upper-cased, without spaces or dashes. */
  code: z.string().min(1).max(64),
});

const AcknowledgeActionSchema = z.object({
  type: z.literal("acknowledge"),
  ticketId: z.uuid(),
});

export const StaffActionSchema = z.discriminatedUnion("type", [LinkActionSchema, AcknowledgeActionSchema]);
export type StaffAction = z.infer<typeof StaffActionSchema>;

export const StaffActionBodySchema = z
  .object({
    /** The channel's id for the update (a message or a button press): a redelivered update changes nothing twice. */
    externalId: z.string().min(1).max(200),
    /** The chat the staff member wrote from (Telegram chat id, WhatsApp chat id). Personal data; never logged. */
    address: z.string().min(1).max(100),
    action: StaffActionSchema,
  })
  .meta({
    examples: [
      { externalId: "m:52011:88", address: "52011", action: { type: "link", code: "K7QW3MZP" } },
      { externalId: "cb:4417", address: "52011", action: { type: "acknowledge", ticketId: "1f0a8c9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b" } },
      { externalId: "wa:3EB0C767D26A1D8A0F3B", address: "6281234567890@c.us", action: { type: "link", code: "K7QW3MZP" } },
    ],
  });
export type StaffActionBody = z.infer<typeof StaffActionBodySchema>;

/** What happened, for the adapter to branch on; `reply` is what the person reads. */
export const STAFF_ACTION_OUTCOMES = [
  "linked",
  "code_invalid",
  "too_many_attempts",
  "chat_in_use",
  "acknowledged",
  "already_acknowledged",
  "ticket_not_found",
  "not_linked",
  "role_not_allowed",
] as const;
export type StaffActionOutcome = (typeof STAFF_ACTION_OUTCOMES)[number];

export const StaffActionResponseSchema = z
  .object({
    ok: z.boolean().meta({ description: "True when the action took effect (linked, or the ticket acknowledged by this press)." }),
    outcome: z.enum(STAFF_ACTION_OUTCOMES),
    reply: z.string().meta({ description: "The text to send back to the chat, in Bahasa Indonesia (staff's default)." }),
  })
  .meta({
    examples: [
      { ok: true, outcome: "acknowledged", reply: "✅ Tiket MTR-7K3QX diterima. Anda yang menanganinya." },
      { ok: false, outcome: "code_invalid", reply: "Kode salah atau kedaluwarsa. Buat kode baru di konsol, lalu kirim /hubungkan KODE." },
    ],
  });
export type StaffActionResponse = z.infer<typeof StaffActionResponseSchema>;

export const LinkCodeSchema = z
  .object({
    code: z.string().meta({ description: `${LINK_CODE_LENGTH} characters; shown only once, stored only as a digest.` }),
    expiresAt: z.iso.datetime({ offset: true }),
    command: z.string().meta({ description: "What to send the hotline from Telegram or WhatsApp, ready to copy." }),
  })
  .meta({ examples: [{ code: "K7QW3MZP", expiresAt: "2025-07-14T08:15:00.000Z", command: "/hubungkan K7QW3MZP" }] });

export const ChatLinkStatusSchema = z
  .object({
    telegram: z.boolean().meta({ description: "Whether a Telegram chat is linked." }),
    whatsapp: z.boolean().meta({ description: "Whether a WhatsApp chat is linked." }),
    alertChannel: AlertChannelSchema,
    pendingCodeExpiresAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .meta({ description: "When the last code, not used yet, stops working; null when there is none." }),
  })
  .meta({
    examples: [
      { telegram: true, whatsapp: true, alertChannel: "whatsapp", pendingCodeExpiresAt: null },
      { telegram: false, whatsapp: false, alertChannel: null, pendingCodeExpiresAt: "2025-07-14T08:15:00.000Z" },
    ],
  });
export type ChatLinkStatus = z.infer<typeof ChatLinkStatusSchema>;

export const UnlinkQuerySchema = z.object({
  channel: StaffChannelSchema.meta({ description: "Which linked chat to unlink; the other one, if linked, stays." }),
});

export const AlertChannelBodySchema = z
  .object({ channel: StaffChannelSchema.meta({ description: "A channel whose chat is linked." }) })
  .meta({ examples: [{ channel: "whatsapp" }, { channel: "telegram" }] });
