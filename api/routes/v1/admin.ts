import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteDeps } from "../route-deps.ts";

// Placeholder until its issue-5 work lands.
export const adminRoutes: FastifyPluginAsyncZod<RouteDeps> = async () => {};
