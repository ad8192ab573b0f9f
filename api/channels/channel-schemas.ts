import { z } from "zod";
import { CHANNEL_LINK_STATES } from "../../db/schema/channels.ts";

/*
 * The contract between a chat channel's process and the API about the channel itself: the state
 * of its link (WhatsApp: the phone linked to the browser, and the QR while it needs one) and the
 * files it must hand over because its network does not keep them. The adapter imports these to
 * validate what it sends; this file pulls in nothing but zod and the value lists.
 */

/** Channels whose link an operator looks after; Telegram's bot token never needs a phone. */
export const LINKED_CHANNELS = ["whatsapp"] as const;
export type LinkedChannel = (typeof LINKED_CHANNELS)[number];

export const ChannelStateReportSchema = z
  .object({
    state: z.enum(CHANNEL_LINK_STATES),
    /** The QR payload to draw, only with qr_needed. Whoever scans it links their phone: admins only. */
    qr: z.string().min(1).max(2000).optional(),
    /** A fixed word (LOGOUT, CONFLICT, browser_failed…), never message content. */
    reason: z.string().max(100).regex(/^[A-Za-z0-9_.:-]*$/).optional(),
  })
  .meta({
    examples: [
      { state: "qr_needed", qr: "2@AbCdEf…,ZyXw…,1a2b3c…" },
      { state: "connected" },
      { state: "disconnected", reason: "LOGOUT" },
    ],
  });
export type ChannelStateReport = z.infer<typeof ChannelStateReportSchema>;

/** WhatsApp's own limit for photos and videos; larger files are recorded as evidence without their bytes. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

export const MediaUploadSchema = z
  .object({
    mimeType: z.string().min(3).max(128).regex(/^[\w.+-]+\/[\w.+-]+$/),
    /** The file, base64. At most MAX_MEDIA_BYTES once decoded. */
    data: z.base64(),
  })
  .meta({ examples: [{ mimeType: "image/jpeg", data: "/9j/4AAQSkZJRgABAQAAAQABAAD…" }] });
export type MediaUpload = z.infer<typeof MediaUploadSchema>;

export const MediaUploadedSchema = z
  .object({
    /** What the InboundMessage's media content carries as fileId: `media:<uuid>`. */
    fileId: z.string(),
    fileSize: z.number().int().nonnegative(),
  })
  .meta({ examples: [{ fileId: "media:5b0c7e1a-3f2d-4c8b-9a1e-2d3c4b5a6f70", fileSize: 48213 }] });
export type MediaUploaded = z.infer<typeof MediaUploadedSchema>;

/** The prefix of fileIds that point into media_files, so the console knows to fetch them from the API. */
export const STORED_MEDIA_PREFIX = "media:";
