import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ErrorBodySchema, ForbiddenSchema, STAFF_SECURITY, UnauthorizedSchema, ValidationErrorSchema } from "../../auth/schemas.ts";
import { chatLinkStatus, chooseAlertChannel, createStaffActions, issueLinkCode, unlinkChat } from "../../oncall/staff-link.ts";
import {
  AlertChannelBodySchema,
  ChatLinkStatusSchema,
  LinkCodeSchema,
  STAFF_CHANNELS,
  StaffActionBodySchema,
  StaffActionResponseSchema,
  UnlinkQuerySchema,
} from "../../oncall/staff-link-schemas.ts";
import { requireChannelToken } from "../../plugins/channel-auth.ts";
import { sendError } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

const ChannelUnauthorizedSchema = ErrorBodySchema.meta({
  examples: [{ error: "unauthorized", message: "Token kanal tidak ada atau salah." }],
});
const BadRequestSchema = ErrorBodySchema.meta({
  examples: [{ error: "bad_request", message: "Permintaan tidak dapat dibaca." }],
});
const NotLinkedSchema = ErrorBodySchema.meta({
  examples: [{ error: "not_linked", message: "Chat di aplikasi itu belum terhubung. Kirim /hubungkan KODE dari aplikasi itu dulu." }],
});

/**
 * Staff on chat apps: the console's one-time code for linking a Telegram or WhatsApp chat, which
 * of the two gets the alerts, and the channel adapters' side, where `/hubungkan KODE` and an
 * alert's "Terima" arrive.
 */
export const staffChannelRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { database, clock } = deps;
  const actions = createStaffActions({ database, i18n: deps.i18n });
  // Any signed-in staff member: everyone may link their own chat, whatever alerts they get.
  const signedIn = requireStaff(database, undefined, { clock });

  app.get(
    "/v1/staff/me/chat-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Which of my chats are linked, and where my on-call alerts go",
        description:
          "`telegram`/`whatsapp`: whether that chat is linked; `alertChannel`: where alerts go (null: nowhere, no chat is linked). Also says until when a code made with POST, not used yet, still works.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        response: { 200: ChatLinkStatusSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => chatLinkStatus(database.db, { staffId: currentStaff(request).id, now: clock() }),
  );

  app.post(
    "/v1/staff/me/chat-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Make a one-time code to link my Telegram or WhatsApp chat",
        description:
          "Any signed-in staff member. Send the returned command (`/hubungkan KODE`) to the hotline from your own Telegram or WhatsApp within 15 minutes: that chat is linked, and on-call alerts go there from then on (the chat linked last wins; change it with PUT /v1/staff/me/alert-channel). A new code replaces the previous one. The code is shown only here: only its digest is stored.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        // 403: a cookie session's request without its CSRF token.
        response: { 201: LinkCodeSchema, 400: BadRequestSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { code, expiresAt } = await issueLinkCode(database.db, { staffId: principal.id, unitId: principal.unitId, now: clock() });
      request.log.info({ staffId: principal.id }, "chat link code issued");
      return reply.status(201).send({ code, expiresAt: expiresAt.toISOString(), command: `/hubungkan ${code}` });
    },
  );

  app.delete(
    "/v1/staff/me/chat-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Unlink my Telegram or WhatsApp chat",
        description:
          "Alerts stop going to that chat at once (messages still queued for it are dropped): if they went there, they move to the other linked chat, else nowhere (`alertChannel` null). An unused code stops working too. Answers 200 with the links as they are now, whether or not that chat was linked.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        querystring: UnlinkQuerySchema,
        response: { 200: ChatLinkStatusSchema, 400: ValidationErrorSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request) => {
      const principal = currentStaff(request);
      const { channel } = request.query;
      const { wasLinked, status } = await unlinkChat(database.db, { staffId: principal.id, unitId: principal.unitId, channel, now: clock() });
      request.log.info({ staffId: principal.id, channel, wasLinked, alertChannel: status.alertChannel }, "chat unlinked");
      return status;
    },
  );

  app.put(
    "/v1/staff/me/alert-channel",
    {
      onRequest: signedIn,
      schema: {
        summary: "Choose where my on-call alerts go: Telegram or WhatsApp",
        description:
          "The chat of that channel must be linked (409 `not_linked` otherwise). Alerts queued from now on go there; those already queued keep the channel they were queued for. Audited when it changes.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        body: AlertChannelBodySchema,
        response: {
          200: ChatLinkStatusSchema,
          400: ValidationErrorSchema,
          401: UnauthorizedSchema,
          403: ForbiddenSchema,
          409: NotLinkedSchema,
        },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { channel } = request.body;
      const outcome = await chooseAlertChannel(database.db, { staffId: principal.id, unitId: principal.unitId, channel, now: clock() });
      if (!outcome.ok) return sendError(request, reply, 409, outcome.error, "oncall:errors.not_linked");
      request.log.info({ staffId: principal.id, alertChannel: channel }, "alert channel chosen");
      return outcome.status;
    },
  );

  app.post(
    "/v1/channels/:channel/staff-actions",
    {
      onRequest: requireChannelToken(deps.channelToken),
      // Every chat arrives through one adapter from one address; wrong link codes are limited per chat instead.
      config: { rateLimit: false },
      schema: {
        summary: "A staff member's command or button press from a chat",
        description:
          "For channel adapters (`telegram`: the chat id; `whatsapp`: the WhatsApp chat id as the address). `link`: a `/hubungkan KODE` message; a live code links the chat to its staff member, is used up, and makes that channel the one their alerts go to. At most 5 wrong codes per chat per 15 minutes (counted in the API process's memory). `acknowledge`: the alert's \"Terima\" button; the chat must be linked (on that channel) to an active peksos or supervisor of the ticket's unit. Always 200 with `ok`, a machine `outcome` and the `reply` to send back to the chat. Idempotent by externalId while this process lives: a redelivered update gets its first answer again and changes nothing.",
        tags: ["channels"],
        security: [{ channelToken: [] }],
        params: z.object({ channel: z.enum(STAFF_CHANNELS) }),
        body: StaffActionBodySchema,
        response: { 200: StaffActionResponseSchema, 400: ValidationErrorSchema, 401: ChannelUnauthorizedSchema },
      },
    },
    async (request) => {
      const { response, staffId, replayed } = await actions.handle(request.params.channel, request.body, clock());
      // Ids and the outcome only: the address is where a staff member can be reached, and the code is a secret.
      request.log.info(
        { channel: request.params.channel, action: request.body.action.type, outcome: response.outcome, staffId, replayed },
        "staff action from a chat",
      );
      return response;
    },
  );
};
