import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentSession, currentStaff, requireStaff } from "../../auth/require-staff.ts";
import { UnauthorizedSchema, STAFF_SECURITY } from "../../auth/schemas.ts";
import { EventStreamSchema, NotAcceptableSchema } from "../../events/event-schemas.ts";
import { openEventStream } from "../../events/event-stream.ts";
import { createLiveUpdates } from "../../events/live-updates.ts";
import { sendError } from "../errors.ts";
import type { RouteDeps } from "../route-deps.ts";

/**
 * Only a client that asks for the stream gets it. Anything else (a link opened by hand, a test's
 * inject, a JSON client) would hold a request open that never ends; it is told what to ask for.
 */
function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? "").toLowerCase().includes("text/event-stream");
}

/** Live updates for the console: one stream per open console, fed by one database poller per unit. */
export const eventRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database, clock, liveUpdates }) => {
  const live = createLiveUpdates({ database, clock, logger: app.log, timing: liveUpdates });
  // Before the server closes: open streams are never idle, so it would otherwise wait on them for ever.
  app.addHook("preClose", () => live.close());

  app.get(
    "/v1/events",
    {
      onRequest: requireStaff(database, undefined, { clock }),
      schema: {
        summary: "Live updates of the unit's tickets (server-sent events)",
        description:
          "For the console's queue: open with `new EventSource(\"/v1/events\")` (the session cookie goes along; a bearer token works too) and fetch the queue after `ready`. " +
          "`tickets` names each ticket of the caller's unit that changed since, with `created: true` for a new report: fetch the queue (or the open ticket) again; a new darurat one deserves the sound. " +
          "Changes made by any API instance or job arrive within about two seconds. The stream ends with the session (`closing`, then 401 on reconnect) and when the server stops. " +
          `Only for a request that accepts text/event-stream (EventSource always does); anything else gets 406.`,
        tags: ["events"],
        security: STAFF_SECURITY,
        produces: ["text/event-stream"],
        response: {
          200: { description: "The stream.", content: { "text/event-stream": { schema: EventStreamSchema } } },
          401: UnauthorizedSchema,
          406: NotAcceptableSchema,
        },
      },
    },
    async (request, reply) => {
      if (!wantsEventStream(request.headers.accept)) return sendError(request, reply, 406, "not_acceptable", "events:errors.not_acceptable");
      const principal = currentStaff(request);
      const stream = openEventStream(reply, { retryMs: live.timing.retryMs });
      request.log.debug({ staffId: principal.id }, "live updates stream opened");
      await live.subscribe({ unitId: principal.unitId, sessionId: currentSession(request).id, stream });
      return reply;
    },
  );
};
