import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteDeps } from "../route-deps.ts";

/** Chat channels' links (state reports, the WhatsApp QR) and the files they hand over. */
export const channelRoutes: FastifyPluginAsyncZod<RouteDeps> = async () => {};
