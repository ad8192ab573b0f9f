import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fp from "fastify-plugin";

/**
 * Per-IP ceiling for the whole API. Generous on purpose: a peksos console polls, and a single
 * school's NAT can put many people behind one address. Routes needing tighter limits
 * (login, /status with a PIN) set their own.
 */
const REQUESTS_PER_MINUTE = 600;

export const securityPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      // The only HTML served so far is the API docs page, which @fastify/swagger-ui secures itself.
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } },
    });
    await app.register(rateLimit, {
      max: REQUESTS_PER_MINUTE,
      timeWindow: "1 minute",
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error("rate limited"), { statusCode: context.statusCode }),
    });
  },
  { name: "security" },
);
