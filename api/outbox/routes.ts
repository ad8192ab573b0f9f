import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { CHANNELS } from "../../db/schema/enums.ts";
import { OUTBOUND_STATUSES } from "../../db/schema/transcript.ts";
import { OutboxBatchSchema, OutboxClaimSchema, OutboxResultSchema } from "../intake/schemas.ts";
import { requireChannelToken } from "../plugins/channel-auth.ts";
import type { ErrorBody } from "../plugins/error-handler.ts";
import type { Outbox } from "./outbox.ts";

export interface OutboxRoutesOptions {
  /** Absent when this process runs no job queue: the routes then answer 503. */
  outbox: Outbox | undefined;
  channelToken: string;
}

const ErrorSchema = z.object({ error: z.string(), message: z.string() });
const ReportResponseSchema = z.object({
  /** `pending`: the failure was transient and the message will be offered again later. */
  status: z.enum(OUTBOUND_STATUSES),
});

/** The channel adapters' side of the outbox: claim messages to send, report how sending went. */
export const outboxRoutes: FastifyPluginAsyncZod<OutboxRoutesOptions> = async (app, { outbox, channelToken }) => {
  // Long polls end when the server starts closing, so they never hold up a graceful shutdown.
  const waiting = new Set<AbortController>();
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    for (const wait of waiting) wait.abort();
  });

  const guard = requireChannelToken(channelToken);

  function unavailable(request: FastifyRequest, reply: FastifyReply) {
    return reply.status(503).send({ error: "unavailable", message: request.t("errors.internal") } satisfies ErrorBody);
  }

  app.post(
    "/v1/channels/:channel/outbox/claim",
    {
      onRequest: guard,
      // Adapters hold a token and poll all day; the per-IP budget is for people. An idle claim every waitMs needs no log line.
      config: { rateLimit: false },
      logLevel: "warn",
      schema: {
        summary: "Claim messages waiting for a channel, long-polling up to waitMs for the first",
        tags: ["channels"],
        params: z.object({ channel: z.enum(CHANNELS) }),
        body: OutboxClaimSchema,
        response: { 200: OutboxBatchSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      if (!outbox?.isAvailable()) return unavailable(request, reply);
      const wait = new AbortController();
      // Before the reply is sent, "close" means the adapter hung up.
      reply.raw.once("close", () => wait.abort());
      if (closing) wait.abort();
      waiting.add(wait);
      try {
        return { items: await outbox.claim(request.params.channel, request.body, wait.signal) };
      } finally {
        waiting.delete(wait);
      }
    },
  );

  app.post(
    "/v1/channels/outbox/:id/result",
    {
      onRequest: guard,
      config: { rateLimit: false },
      schema: {
        summary: "Report how delivering a claimed message went",
        tags: ["channels"],
        params: z.object({ id: z.uuid() }),
        body: OutboxResultSchema,
        response: { 200: ReportResponseSchema, 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      if (!outbox?.isAvailable()) return unavailable(request, reply);
      const outcome = await outbox.report(request.params.id, request.body);
      if (!outcome.ok) return reply.callNotFound();
      return { status: outcome.status };
    },
  );
};
