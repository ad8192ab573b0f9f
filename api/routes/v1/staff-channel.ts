import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { ErrorBodySchema, ForbiddenSchema, NoContentSchema, STAFF_SECURITY, UnauthorizedSchema, ValidationErrorSchema } from "../../auth/schemas.ts";
import { createStaffActions, issueLinkCode, linkStatus, unlinkTelegram } from "../../oncall/staff-link.ts";
import {
  LinkCodeSchema,
  LinkStatusSchema,
  STAFF_CHANNELS,
  StaffActionBodySchema,
  StaffActionResponseSchema,
} from "../../oncall/staff-link-schemas.ts";
import { requireChannelToken } from "../../plugins/channel-auth.ts";
import type { RouteDeps } from "../route-deps.ts";


const ChannelUnauthorizedSchema = ErrorBodySchema.meta({
  examples: [{ error: "unauthorized", message: "Token kanal tidak ada atau salah." }],
});
const BadRequestSchema = ErrorBodySchema.meta({
  examples: [{ error: "bad_request", message: "Permintaan tidak dapat dibaca." }],
});

/**
 * Staff on a chat app: the console's one-time code for linking a Telegram chat, and the channel
 * adapters' side, where `/hubungkan KODE` and an alert's "Terima" button arrive.
 */
export const staffChannelRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const { database, clock } = deps;
  const actions = createStaffActions({ database, i18n: deps.i18n });
  // Any signed-in staff member: everyone may link their own chat, whatever alerts they get.
  const signedIn = requireStaff(database, undefined, { clock });

  app.get(
    "/v1/staff/me/telegram-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Whether my Telegram chat is linked for on-call alerts",
        description: "Also says until when a code made with POST, not used yet, still works.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        response: { 200: LinkStatusSchema, 401: UnauthorizedSchema },
      },
    },
    async (request) => linkStatus(database.db, { staffId: currentStaff(request).id, now: clock() }),
  );

  app.post(
    "/v1/staff/me/telegram-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Make a one-time code to link my Telegram chat",
        description:
          "Any signed-in staff member. Send the returned command (`/hubungkan KODE`) to the hotline's bot from your own Telegram within 15 minutes; on-call alerts then go to that chat. A new code replaces the previous one. The code is shown only here: only its digest is stored.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        // 403: a cookie session's request without its CSRF token.
        response: { 201: LinkCodeSchema, 400: BadRequestSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { code, expiresAt } = await issueLinkCode(database.db, { staffId: principal.id, unitId: principal.unitId, now: clock() });
      request.log.info({ staffId: principal.id }, "telegram link code issued");
      return reply.status(201).send({ code, expiresAt: expiresAt.toISOString(), command: `/hubungkan ${code}` });
    },
  );

  app.delete(
    "/v1/staff/me/telegram-link",
    {
      onRequest: signedIn,
      schema: {
        summary: "Unlink my Telegram chat",
        description: "Alerts stop going to the chat at once (messages still queued for it are dropped), and an unused code stops working. Answers 204 whether or not a chat was linked.",
        tags: ["staff"],
        security: STAFF_SECURITY,
        response: { 204: NoContentSchema, 400: BadRequestSchema, 401: UnauthorizedSchema, 403: ForbiddenSchema },
      },
    },
    async (request, reply) => {
      const principal = currentStaff(request);
      const { wasLinked } = await unlinkTelegram(database.db, { staffId: principal.id, unitId: principal.unitId, now: clock() });
      request.log.info({ staffId: principal.id, wasLinked }, "telegram unlinked");
      return reply.status(204).send(null);
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
          "For channel adapters. `link`: a `/hubungkan KODE` message; a live code links the chat to its staff member and is used up. At most 5 wrong codes per chat per 15 minutes (counted in the API process's memory). `acknowledge`: the alert's \"Terima\" button; the chat must be linked to an active peksos or supervisor of the ticket's unit. Always 200 with `ok`, a machine `outcome` and the `reply` to send back to the chat. Idempotent by externalId while this process lives: a redelivered update gets its first answer again and changes nothing.",
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
      request.log.info({ action: request.body.action.type, outcome: response.outcome, staffId, replayed }, "staff action from a chat");
      return response;
    },
  );
};
