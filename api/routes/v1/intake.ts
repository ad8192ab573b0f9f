import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Intake } from "../../intake/intake-service.ts";
import { requireChannelToken } from "../../plugins/channel-auth.ts";
import { InboundMessageSchema, IntakeResponseSchema } from "../../intake/schemas.ts";

export const intakeRoutes: FastifyPluginAsyncZod<{ intake: Intake; channelToken: string }> = async (app, options) => {
  app.post(
    "/v1/intake/messages",
    {
      // onRequest: an unauthenticated caller is refused before its body is even parsed.
      onRequest: requireChannelToken(options.channelToken),
      // Every chat arrives through one adapter from one address: a per-IP limit would throttle
      // the whole hotline. Flooding is limited per chat in the channel adapters instead
      // (bot/channels/shared/rate-limit.ts), before a message reaches this route.
      config: { rateLimit: false },
      schema: {
        summary: "Hand one reporter message from a channel to the conversation",
        description:
          "Idempotent by (channel, externalId): a redelivered update returns the replies it got the first time and changes nothing.",
        tags: ["channels"],
        security: [{ channelToken: [] }],
        body: InboundMessageSchema,
        response: { 200: IntakeResponseSchema },
      },
    },
    async (request) => options.intake.handle(request.body),
  );
};
