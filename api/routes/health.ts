import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/client.ts";

/** A database that does not answer within this time counts as down for load balancers. */
const PING_TIMEOUT_MS = 3000;

const HealthSchema = z.object({ status: z.enum(["ok", "unavailable"]) });

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    "/health",
    {
      // Probes poll this: never rate limit them into reporting an outage, nor fill the log with them.
      config: { rateLimit: false },
      logLevel: "warn",
      schema: {
        summary: "Liveness and database round trip",
        tags: ["system"],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(database.ping(), PING_TIMEOUT_MS);
        return { status: "ok" as const };
      } catch (error) {
        request.log.warn({ err: error }, "health check: database did not answer");
        return reply.status(503).send({ status: "unavailable" });
      }
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
