import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { recordAudit } from "../../audit/audit.ts";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import {
  ErrorBodySchema,
  ForbiddenSchema,
  NoContentSchema,
  STAFF_SECURITY,
  UnauthorizedSchema,
  ValidationErrorSchema,
} from "../../auth/schemas.ts";
import { createChannelLinks, currentQr, listChannelLinks } from "../../channels/channel-links.ts";
import {
  ChannelStateReportSchema,
  LINKED_CHANNELS,
  MAX_MEDIA_BYTES,
  MediaUploadedSchema,
  MediaUploadSchema,
  type LinkedChannel,
} from "../../channels/channel-schemas.ts";
import {
  ChannelListSchema,
  ChannelNotFoundSchema,
  ChannelParamsSchema,
  MediaFileSchema,
  MediaNotFoundSchema,
  MediaParamsSchema,
  MediaTooLargeSchema,
  NoQrSchema,
  QrImageSchema,
} from "../../channels/link-schemas.ts";
import { contentDisposition, readTicketMedia, storeMedia } from "../../channels/media-files.ts";
import { qrPng } from "../../channels/qr-image.ts";
import { requireChannelToken } from "../../plugins/channel-auth.ts";
import { sendError, sendInvalid } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

const ChannelUnauthorizedSchema = ErrorBodySchema.meta({
  examples: [{ error: "unauthorized", message: "Token kanal tidak ada atau salah." }],
});
const CHANNEL_SECURITY = [{ channelToken: [] }];
const MANAGERS = ["admin", "supervisor"] as const;
/** Who reads tickets (api/routes/v1/tickets.ts): the unit rule is applied by readTicketMedia. */
const TICKET_READERS = ["peksos", "supervisor", "admin"] as const;

/**
 * Room for the largest file in base64 (4 characters per 3 bytes) and the JSON around it; Fastify's
 * default of 1 MiB would refuse most photos.
 */
const MEDIA_BODY_LIMIT = Math.ceil(MAX_MEDIA_BYTES / 3) * 4 + 64 * 1024;

function linkedChannel(name: string): LinkedChannel | undefined {
  return LINKED_CHANNELS.find((channel) => channel === name);
}

function sendChannelNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendError(request, reply, 404, "channel_not_found", "channels:errors.channel_not_found");
}

/**
 * Chat channels' links and the files they hand over. The adapter's side (channel token): state
 * reports and media uploads. The console's side: the links' state and the WhatsApp QR for admins
 * and supervisors, and a ticket's stored evidence for those who may read the ticket.
 */
export const channelRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { database, clock } = deps;
  const channelGuard = requireChannelToken(deps.channelToken);
  const managers = requireStaff(database, MANAGERS, { clock });
  const links = createChannelLinks({
    database,
    i18n: deps.i18n,
    // The instance's logger: the state route's own logger is held at "warn" to keep heartbeats out.
    logger: app.log,
    publicUrl: deps.publicUrl,
    // Without the job queue in this process the rows wait for the outbox sweep.
    dispatch: async (ids) => deps.outbox?.dispatch(ids),
  });

  app.post(
    "/v1/channels/:channel/state",
    {
      onRequest: channelGuard,
      // One adapter, a heartbeat every 30 s: neither the per-IP budget nor a log line per report.
      config: { rateLimit: false },
      logLevel: "warn",
      schema: {
        summary: "A channel adapter reports its link's state (and the QR while one is needed)",
        description:
          "For channel adapters, on every change and every 30 s as a heartbeat; a channel silent for over 2 minutes counts as disconnected. A new state starts `since`; the QR is kept only while the state is `qr_needed`. When a link that was connected goes to `disconnected` or `qr_needed`, every active admin and supervisor with a linked chat on another channel gets one message (once per outage), and one more when it is connected again.",
        tags: ["channels"],
        security: CHANNEL_SECURITY,
        params: ChannelParamsSchema,
        body: ChannelStateReportSchema,
        response: { 204: NoContentSchema, 400: ValidationErrorSchema, 401: ChannelUnauthorizedSchema, 404: ChannelNotFoundSchema },
      },
    },
    async (request, reply) => {
      const channel = linkedChannel(request.params.channel);
      if (!channel) return sendChannelNotFound(request, reply);
      const outcome = await links.report(channel, request.body, clock());
      // Never the QR: whoever has it can link their own phone to the hotline's number.
      if (outcome.changed || outcome.alert) {
        app.log.info({ channel, state: outcome.state, reason: request.body.reason, alert: outcome.alert, recipients: outcome.recipients }, "channel link state changed");
      }
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/v1/channels/:channel/media",
    {
      onRequest: channelGuard,
      config: { rateLimit: false },
      bodyLimit: MEDIA_BODY_LIMIT,
      schema: {
        summary: "A channel adapter hands over a file its network will not keep",
        description: `For channel adapters: a photo, voice note or document a reporter sent, base64, at most ${MAX_MEDIA_BYTES / (1024 * 1024)} MB once decoded. The answer's \`fileId\` goes into the inbound message's media content. Files no conversation refers to within 7 days are deleted; the others go with their ticket's retention.`,
        tags: ["channels"],
        security: CHANNEL_SECURITY,
        params: ChannelParamsSchema,
        body: MediaUploadSchema,
        response: {
          201: MediaUploadedSchema,
          400: ValidationErrorSchema,
          401: ChannelUnauthorizedSchema,
          404: ChannelNotFoundSchema,
          413: MediaTooLargeSchema,
        },
      },
    },
    async (request, reply) => {
      const channel = linkedChannel(request.params.channel);
      if (!channel) return sendChannelNotFound(request, reply);
      const stored = await storeMedia(database.db, channel, request.body);
      if (!stored.ok && stored.error === "empty") return sendInvalid(request, reply, "body", ["data"], "channels:errors.media_empty");
      if (!stored.ok) {
        return sendError(request, reply, 413, "too_large", "channels:errors.media_too_large", { megabytes: MAX_MEDIA_BYTES / (1024 * 1024) });
      }
      request.log.info({ channel, fileId: stored.uploaded.fileId, bytes: stored.uploaded.fileSize }, "media stored");
      return reply.status(201).send(stored.uploaded);
    },
  );

  app.get(
    "/v1/channels",
    {
      onRequest: managers,
      schema: {
        summary: "The state of each chat channel's link",
        description:
          "Admins and supervisors: whether the hotline's WhatsApp is connected, needs its phone linked again (then `qrAvailable`), or is down and why. A channel whose adapter has never reported is left out.",
        tags: ["channels"],
        security: STAFF_SECURITY,
        response: { 200: ChannelListSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async () => {
      const channels = await listChannelLinks(database.db, clock());
      return {
        channels: channels.map((link) => ({
          ...link,
          since: link.since.toISOString(),
          reportedAt: link.reportedAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    "/v1/channels/:channel/qr",
    {
      onRequest: managers,
      schema: {
        summary: "The QR code that links the hotline's phone",
        description:
          "Admins and supervisors, to link the hotline's phone from a browser: open WhatsApp on that phone, Linked devices, Link a device, and scan. A PNG while the channel needs a QR and its adapter sent one less than 60 s ago (WhatsApp replaces it about every 20 s: load it again); never cached. Whoever scans it links their phone to the hotline's number, so each view is audited. Otherwise 404 `no_qr` with the channel's state.",
        tags: ["channels"],
        security: STAFF_SECURITY,
        params: ChannelParamsSchema,
        response: {
          200: { description: "The QR code.", content: { "image/png": { schema: QrImageSchema } } },
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: NoQrSchema,
        },
      },
    },
    async (request, reply) => {
      const channel = linkedChannel(request.params.channel);
      if (!channel) return sendChannelNotFound(request, reply);
      const now = clock();
      const lookup = await currentQr(database.db, channel, now);
      if (!lookup.ok) {
        const message =
          lookup.state === null
            ? request.t("channels:errors.no_qr_never_reported")
            : request.t("channels:errors.no_qr", { state: lookup.state });
        return reply.status(404).send({ error: "no_qr", message, state: lookup.state });
      }
      const principal = currentStaff(request);
      const png = await qrPng(lookup.qr);
      // The channel is the deployment's, not a unit's: a line without a unit. No QR in it.
      await recordAudit(database.db, {
        unitId: principal.unitId,
        actorStaffId: principal.id,
        action: "channel.qr_viewed",
        entityType: "channel",
        entityId: null,
        data: { channel },
        at: now,
      });
      request.log.info({ channel, staffId: principal.id }, "channel QR viewed");
      return reply.header("content-type", "image/png").header("cache-control", "no-store").send(png);
    },
  );

  app.get(
    "/v1/tickets/:id/media/:mediaId",
    {
      onRequest: requireStaff(database, TICKET_READERS, { clock }),
      schema: {
        summary: "A file the reporter sent, stored by the API",
        description:
          "For evidence whose `fileId` starts with `media:` (WhatsApp photos and files): the bytes, with their content type. Photos (JPEG, PNG, WebP, GIF) are shown inline, anything else is downloaded. Staff who may read the ticket (its unit), while the file is part of its conversation and the ticket is not purged; another unit's ticket answers like an unknown one. Each read is audited.",
        tags: ["tickets"],
        security: STAFF_SECURITY,
        params: MediaParamsSchema,
        response: {
          200: { description: "The file.", content: { "application/octet-stream": { schema: MediaFileSchema } } },
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          404: MediaNotFoundSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { id: ticketId, mediaId } = request.params;
      const file = await readTicketMedia(database.db, principal, ticketId, mediaId, clock());
      if (!file) return sendError(request, reply, 404, "media_not_found", "channels:errors.media_not_found");
      request.log.info({ ticketId, mediaId, staffId: principal.id }, "ticket media viewed");
      return reply
        .header("content-type", file.mimeType)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .header("content-disposition", contentDisposition(file.mimeType, mediaId))
        .send(file.data);
    },
  );
};
