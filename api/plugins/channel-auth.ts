import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ErrorBody } from "./error-handler.ts";

/**
 * Guards the routes channel adapters call (intake, outbox). Adapters hold one shared token;
 * comparing digests keeps the check constant-time whatever the presented length.
 */
export function requireChannelToken(token: string) {
  const expected = digest(token);
  return async function channelTokenGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
    if (presented.length === 0 || !timingSafeEqual(digest(presented), expected)) {
      await reply
        .status(401)
        .send({ error: "unauthorized", message: request.t("errors.channel_unauthorized") } satisfies ErrorBody);
    }
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
