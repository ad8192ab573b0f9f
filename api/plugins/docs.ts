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
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });
  },
  { name: "docs" },
);
