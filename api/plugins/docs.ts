import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import fp from "fastify-plugin";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { TFunction } from "i18next";

/** OpenAPI generated from the routes' zod schemas: the page at /docs, the document at /docs/json. */
export const docsPlugin = fp<{ t: TFunction; version: string }>(
  async (app, { t, version }) => {
    await app.register(swagger, {
      openapi: {
        info: { title: t("docs.title"), description: t("docs.description"), version },
        components: {
          securitySchemes: {
            channelToken: { type: "http", scheme: "bearer", description: "HOTLINE_CHANNEL_TOKEN" },
            staffToken: { type: "http", scheme: "bearer", description: "The token from POST /v1/auth/login" },
            // The browser's alternative to staffToken: the same session as an httpOnly cookie, with the
            // csrfToken from login (or GET /v1/auth/me) in x-csrf-token on every non-GET request.
            staffCookie: { type: "apiKey", in: "cookie", name: "lapor_sesi", description: "Set by POST /v1/auth/login; needs x-csrf-token on writes" },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });
  },
  { name: "docs" },
);
