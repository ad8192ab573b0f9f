import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";

import type { ErrorBody } from "./error-body.ts";

export type { ErrorBody };

/** Client errors whose cause a caller can act on get their own code; the rest are "bad_request". */
const CLIENT_ERROR_CODES: Record<number, { error: string; messageKey: string }> = {
  404: { error: "not_found", messageKey: "errors.not_found" },
  413: { error: "too_large", messageKey: "errors.bad_request" },
  415: { error: "unsupported_media_type", messageKey: "errors.bad_request" },
  429: { error: "rate_limited", messageKey: "errors.rate_limited" },
};

function validationReply(error: FastifyError, request: FastifyRequest): ErrorBody | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const where = error.validationContext ?? "body";
  return {
    error: "validation",
    message: request.t("errors.validation"),
    fields: error.validation.map((v) => ({
      in: where,
      path: v.instancePath.replace(/^\//, "").replaceAll("/", "."),
      code: v.keyword,
      message: v.message ?? v.keyword,
    })),
  };
}

function handleError(this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const validation = validationReply(error, request);
  if (validation) return reply.status(400).send(validation);

  const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    // Internals stay in the log (itself redacted); the caller learns only that it failed.
    request.log.error({ err: error }, "request failed");
    return reply.status(status).send({ error: "internal", message: request.t("errors.internal") } satisfies ErrorBody);
  }
  return reply.status(status).send(clientErrorBody(status, request, reply));
}

/** 4xx bodies, from a thrown error and from the not-found handler alike. The query string is left out: it may carry data. */
function clientErrorBody(status: number, request: FastifyRequest, reply: FastifyReply): ErrorBody {
  const known = CLIENT_ERROR_CODES[status];
  return {
    error: known?.error ?? "bad_request",
    message: request.t(known?.messageKey ?? "errors.bad_request", {
      method: request.method,
      url: request.url.split("?")[0],
      seconds: Number(reply.getHeader("retry-after") ?? 60),
    }),
  };
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request, reply) => reply.status(404).send(clientErrorBody(404, request, reply)));
  },
  { name: "error-handler", dependencies: ["locale"] },
);
