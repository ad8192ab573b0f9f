import { z } from "zod";
import { CHANNEL_LINK_STATES } from "../../db/schema/channels.ts";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { LINKED_CHANNELS, type LinkedChannel } from "./channel-schemas.ts";

/* What the API answers about channels' links and stored media (api/routes/v1/channels.ts, /health). */

export const ChannelParamsSchema = z.object({
  channel: z.string().max(32).meta({ description: "A channel whose link an operator looks after: `whatsapp`. Any other answers 404.", examples: ["whatsapp"] }),
});

const StateSchema = z.enum(CHANNEL_LINK_STATES).meta({
  description:
    "`starting`: the adapter is opening its browser; `qr_needed`: the phone must be linked by scanning the QR; `connected`: messages flow; `disconnected`: no link (an adapter silent for over 2 minutes counts as disconnected, reason `silent`).",
});

export const ChannelLinkSchema = z.object({
  channel: z.enum(LINKED_CHANNELS),
  state: StateSchema,
  since: z.iso.datetime({ offset: true }).meta({ description: "Since when the state holds." }),
  reason: z.string().nullable().meta({ description: "A fixed word from the adapter (LOGOUT, CONFLICT…), or `silent`." }),
  reportedAt: z.iso.datetime({ offset: true }).meta({ description: "The adapter's last report; it reports every 30 s." }),
  qrAvailable: z.boolean().meta({ description: "A QR to scan is shown by GET /v1/channels/{channel}/qr right now." }),
});

export const ChannelListSchema = z
  .object({
    channels: z.array(ChannelLinkSchema).meta({ description: "Channels whose adapter has reported at least once." }),
  })
  .meta({
    examples: [
      {
        channels: [
          {
            channel: "whatsapp",
            state: "qr_needed",
            since: "2025-07-14T01:02:03.000Z",
            reason: "LOGOUT",
            reportedAt: "2025-07-14T01:10:33.000Z",
            qrAvailable: true,
          },
        ],
      },
    ],
  });

export const ChannelNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "channel_not_found", message: "Kanal itu tidak dikenal atau tidak perlu ditautkan." }],
});

export const NoQrSchema = ErrorBodySchema.extend({
  state: StateSchema.nullable().optional().meta({ description: "The link's state (null: the adapter never reported). Absent for an unknown channel." }),
}).meta({
  examples: [
    { error: "no_qr", message: "Tidak ada kode QR untuk dipindai saat ini. Keadaan kanal: connected.", state: "connected" },
    { error: "channel_not_found", message: "Kanal itu tidak dikenal atau tidak perlu ditautkan." },
  ],
});

/** Bytes sent as they are (Fastify never serializes a Buffer); documented as a binary string. */
function binary(description: string) {
  return z.instanceof(Buffer).meta({ type: "string", format: "binary", description });
}

export const QrImageSchema = binary("The QR as a PNG image, about 320 pixels wide.");

const HealthChannelSchema = z.object({ state: StateSchema, since: z.iso.datetime({ offset: true }) });

/** /health's view of each channel: no reason, no QR (the probe is public). A new linked channel must be added here. */
export const HealthChannelsSchema = z
  .object({ whatsapp: HealthChannelSchema.optional() } satisfies Record<LinkedChannel, z.ZodType>)
  .meta({ description: "Each channel whose adapter has reported; a channel being down never makes /health fail." });

export const MediaParamsSchema = z.object({
  id: z.uuid().meta({ description: "The ticket's id." }),
  mediaId: z.uuid().meta({ description: "The file's id: the part after `media:` of the evidence's fileId." }),
});

export const MediaFileSchema = binary("The file's bytes, with the content type it was received with.");

export const MediaNotFoundSchema = ErrorBodySchema.meta({
  examples: [{ error: "media_not_found", message: "Berkas tidak ditemukan di tiket ini." }],
});

export const MediaTooLargeSchema = ErrorBodySchema.meta({
  examples: [{ error: "too_large", message: "Berkas lebih besar dari 16 MB." }],
});
