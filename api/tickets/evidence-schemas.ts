import { Readable } from "node:stream";
import { z } from "zod";
import { ErrorBodySchema } from "../auth/schemas.ts";
import { FILE_UNAVAILABLE_REASONS } from "./evidence-files.ts";

/* What GET /v1/tickets/{id}/evidence/{evidenceId}/file takes and answers (api/routes/v1/evidence.ts). */

export const EvidenceFileParamsSchema = z.object({
  id: z.uuid().meta({ description: "The ticket's id." }),
  evidenceId: z.uuid().meta({ description: "The evidence's `id` in the ticket detail (the message that carried the file)." }),
});

/** Bytes sent as they are (Fastify never serializes a Buffer or a stream); documented as a binary string. */
export const EvidenceFileSchema = z.custom<Buffer | Readable>((value) => Buffer.isBuffer(value) || value instanceof Readable).meta({
  type: "string",
  format: "binary",
  description: "The file's bytes, with the content type it was sent with (a Telegram photo: image/jpeg).",
});

export const EvidenceNotFoundSchema = ErrorBodySchema.extend({
  reason: z
    .enum(FILE_UNAVAILABLE_REASONS)
    .optional()
    .meta({
      description:
        "With `file_unavailable` only. `no_file`: nothing to open (a shared location or contact, a file the adapter could not hand over); `not_configured`: this server has no Telegram bot token; `too_large`: over Telegram's 20 MB for bots; `gone`: the channel no longer keeps the file.",
    }),
}).meta({
  examples: [
    { error: "evidence_not_found", message: "Bukti tidak ditemukan di tiket ini." },
    {
      error: "file_unavailable",
      reason: "too_large",
      message: "Berkas tidak bisa dibuka: ukurannya lebih dari 20 MB, batas Telegram untuk bot.",
    },
  ],
});

export const ChannelUnreachableSchema = ErrorBodySchema.meta({
  examples: [{ error: "channel_unreachable", message: "Berkas tidak bisa dibuka sekarang: Telegram tidak menjawab. Coba lagi sebentar lagi." }],
});
