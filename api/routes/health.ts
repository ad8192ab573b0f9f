import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database, Db } from "../../db/client.ts";
import { channelLinks } from "../../db/schema/channels.ts";
import { LINKED_CHANNELS } from "../channels/channel-schemas.ts";
import { HealthChannelsSchema } from "../channels/link-schemas.ts";
import { effectiveLink } from "../channels/link-state.ts";

/** A database that does not answer within this time counts as down for load balancers. */
const PING_TIMEOUT_MS = 3000;

const HealthSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]).meta({ description: "The database's round trip: the only thing that makes this 503." }),
    channels: HealthChannelsSchema.optional(),
  })
  .meta({
    examples: [
      { status: "ok", channels: { whatsapp: { state: "connected", since: "2025-07-14T01:02:03.000Z" } } },
      { status: "ok" },
      { status: "unavailable" },
    ],
  });
type Health = z.infer<typeof HealthSchema>;

export interface HealthOptions {
  database: Database;
  /** "Now" for telling a silent channel adapter; the system clock when absent. */
  clock?: () => Date;
}

/** Each linked channel that has reported, a silent one as disconnected; left out when none has. */
async function channelsOf(db: Db, now: Date): Promise<Health["channels"]> {
  const rows = await db.select().from(channelLinks);
  const channels: NonNullable<Health["channels"]> = {};
  for (const row of rows) {
    const channel = LINKED_CHANNELS.find((candidate) => candidate === row.channel);
    if (channel === undefined) continue;
    const link = effectiveLink(row, now);
    channels[channel] = { state: link.state, since: link.since.toISOString() };
  }
  return Object.keys(channels).length === 0 ? undefined : channels;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthOptions> = async (app, { database, clock = () => new Date() }) => {
  app.get(
    "/health",
    {
      // Probes poll this: never rate limit them into reporting an outage, nor fill the log with them.
      config: { rateLimit: false },
      logLevel: "warn",
      schema: {
        summary: "Liveness and database round trip, and the chat channels' links",
        description:
          "200 when the database answers within 3 s, else 503: load balancers act on the status alone. `channels` tells monitoring whether the hotline's WhatsApp is connected; a channel that is down never makes this fail (the API still serves Telegram and the console).",
        tags: ["system"],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        const channels = await withTimeout(
          database.ping().then(() => channelsOf(database.db, clock())),
          PING_TIMEOUT_MS,
        );
        return { status: "ok" as const, ...(channels && { channels }) };
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
