import { z } from "zod";
import { CHANNELS, LANGUAGES } from "../../db/schema/enums.ts";

/*
 * The contract between channel adapters and the API. Adapters normalise their transport's
 * update into an InboundMessage and render the replies they get back; they know nothing
 * of the flow. Both sides validate with these schemas.
 */

/** Longer than any channel allows (Telegram 4096, WhatsApp 65536 is the outlier); longer is refused, not cut. */
export const MAX_TEXT_LENGTH = 65_536;

export const MEDIA_KINDS = [
  "photo",
  "document",
  "video",
  "animation",
  "voice",
  "audio",
  "video_note",
  "sticker",
  "location",
  "contact",
  "other",
] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const InboundContentSchema = z.discriminatedUnion("type", [
  /** Anything typed, commands included ("/status MTR-7K3QX 1234", "/start s_smpn3"). */
  z.object({ type: z.literal("text"), text: z.string().max(MAX_TEXT_LENGTH) }),
  /** A pressed button: the choice id the API sent with the question. */
  z.object({ type: z.literal("choice"), choiceId: z.string().min(1).max(64) }),
  z.object({
    type: z.literal("media"),
    kind: z.enum(MEDIA_KINDS),
    fileId: z.string().max(512).optional(),
    fileUniqueId: z.string().max(128).optional(),
    mimeType: z.string().max(128).optional(),
    fileSize: z.number().int().nonnegative().optional(),
    width: z.number().int().nonnegative().optional(),
    height: z.number().int().nonnegative().optional(),
    caption: z.string().max(MAX_TEXT_LENGTH).optional(),
  }),
]);
export type InboundContent = z.infer<typeof InboundContentSchema>;

export const InboundMessageSchema = z.object({
  channel: z.enum(CHANNELS),
  /** The channel's own id for this update, unique per channel: the idempotency key. */
  externalId: z.string().min(1).max(200),
  /** Where replies go: Telegram chat id, WhatsApp number. Personal data; never logged. */
  address: z.string().min(1).max(100),
  /** When the reporter sent it, by the channel's clock. */
  sentAt: z.iso.datetime({ offset: true }),
  /** The language the reporter's app is set to, used only for a new reporter. */
  languageHint: z.string().max(35).optional(),
  content: InboundContentSchema,
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export const ChoiceSchema = z.object({
  id: z.string().max(64),
  label: z.string(),
  /** A link button instead of a choice (staff alerts link to the ticket); channels without buttons print it. */
  url: z.url().optional(),
});
export type Choice = z.infer<typeof ChoiceSchema>;

export const ReplySchema = z.object({
  text: z.string(),
  /** Button rows; a channel without buttons renders them as a numbered list. */
  choices: z.array(z.array(ChoiceSchema)),
});
export type Reply = z.infer<typeof ReplySchema>;

export const IntakeResponseSchema = z.object({
  replies: z.array(ReplySchema),
  /** The report's public code once a ticket exists. */
  ticketCode: z.string().nullable(),
  language: z.enum(LANGUAGES),
  /** True when this update was processed before: the stored replies are returned unchanged. */
  duplicate: z.boolean(),
});
export type IntakeResponse = z.infer<typeof IntakeResponseSchema>;

/** A message the API wants a channel to deliver, claimed by the adapter. */
export const OutboxItemSchema = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  address: z.string(),
  text: z.string(),
  choices: z.array(z.array(ChoiceSchema)),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const OutboxClaimSchema = z.object({
  max: z.number().int().min(1).max(100).default(20),
  /** Long poll: how long the API may hold the request open when nothing is waiting. */
  waitMs: z.number().int().min(0).max(30_000).default(0),
});

export const OutboxBatchSchema = z.object({ items: z.array(OutboxItemSchema) });

export const OutboxResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), externalId: z.string().max(200).optional() }),
  z.object({
    ok: z.literal(false),
    /** permanent: the reporter blocked the bot or the chat is gone; retrying is pointless. */
    permanent: z.boolean(),
    /** A short machine reason such as "http_429" or "blocked"; never message content. */
    reason: z.string().max(100),
  }),
]);
export type OutboxResult = z.infer<typeof OutboxResultSchema>;
