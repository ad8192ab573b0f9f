import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ForbiddenSchema, STAFF_SECURITY, UnauthorizedSchema, ValidationErrorSchema } from "../../auth/schemas.ts";
import { readEvidenceFile, type EvidenceFileFailure, type FileUnavailableReason } from "../../tickets/evidence-files.ts";
import {
  ChannelUnreachableSchema,
  EvidenceFileParamsSchema,
  EvidenceFileSchema,
  EvidenceNotFoundSchema,
} from "../../tickets/evidence-schemas.ts";
import { TELEGRAM_MAX_FILE_BYTES } from "../../tickets/evidence-telegram.ts";
import type { RouteDeps } from "../route-deps.ts";

/** Who reads tickets (api/routes/v1/tickets.ts); the unit rule is applied by readEvidenceFile. */
const TICKET_READERS = ["peksos", "supervisor", "admin"] as const;

/** Each failure's status and message; `file_unavailable` has one message per reason. */
function failureAnswer(failure: EvidenceFileFailure): { status: 404 | 502; messageKey: string; reason?: FileUnavailableReason } {
  switch (failure.error) {
    case "evidence_not_found":
      return { status: 404, messageKey: "evidence:errors.evidence_not_found" };
    case "file_unavailable":
      return { status: 404, messageKey: `evidence:errors.file_unavailable.${failure.reason}`, reason: failure.reason };
    case "channel_unreachable":
      return { status: 502, messageKey: "evidence:errors.channel_unreachable" };
  }
}

/**
 * The files of a ticket's evidence for the console's `<img src>` and download links: one URL
 * shape for every channel, named by the evidence's id from the ticket detail.
 */
export const evidenceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { database, clock } = deps;

  app.get(
    "/v1/tickets/:id/evidence/:evidenceId/file",
    {
      onRequest: requireStaff(database, TICKET_READERS, { clock }),
      schema: {
        summary: "The file of one piece of a ticket's evidence",
        description: `The photo, voice note, video or document a reporter sent, whichever channel it came by: the evidence's \`url\` in the ticket detail points here. WhatsApp files are served from the API's store; Telegram files are fetched from the Bot API as they are asked for (at most ${TELEGRAM_MAX_FILE_BYTES / (1024 * 1024)} MB, Telegram's limit for bots; 10 s without an answer counts as unreachable). Photos (JPEG, PNG, WebP, GIF) are shown inline, anything else is downloaded; never cached. Staff who may read the ticket (its unit), while the ticket is not purged; another unit's ticket answers like an unknown one. Each file given out is audited (\`ticket.media_viewed\`). 404 \`evidence_not_found\` for an unknown ticket or evidence, 404 \`file_unavailable\` (with a \`reason\`) when the evidence exists but its file cannot be had, 502 \`channel_unreachable\` when Telegram does not answer: for the console, both mean "Berkas tidak bisa dibuka" with the message given.`,
        tags: ["tickets"],
        security: STAFF_SECURITY,
        params: EvidenceFileParamsSchema,
        response: {
          200: { description: "The file.", content: { "application/octet-stream": { schema: EvidenceFileSchema } } },
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: EvidenceNotFoundSchema,
          502: ChannelUnreachableSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { id: ticketId, evidenceId } = request.params;
      const outcome = await readEvidenceFile({ database, telegramFiles: deps.telegramFiles }, principal, ticketId, evidenceId, clock());
      if (!outcome.ok) {
        // Ids and fixed words only: never the file id, the Bot API's path or its token.
        request.log.info({ ticketId, evidenceId, staffId: principal.id, failure: outcome.error, ...("reason" in outcome && { reason: outcome.reason }), detail: outcome.detail }, "evidence file not given");
        const answer = failureAnswer(outcome);
        const message = request.t(answer.messageKey, { megabytes: TELEGRAM_MAX_FILE_BYTES / (1024 * 1024) });
        return reply.status(answer.status).send({ error: outcome.error, message, ...(answer.reason !== undefined && { reason: answer.reason }) });
      }
      const { file } = outcome;
      request.log.info({ ticketId, evidenceId, staffId: principal.id, source: file.source }, "ticket evidence viewed");
      if (file.size !== undefined) reply.header("content-length", file.size);
      return reply
        .header("content-type", file.mimeType)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .header("content-disposition", file.contentDisposition)
        .send(file.body);
    },
  );
};
