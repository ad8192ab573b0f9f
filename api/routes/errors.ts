import type { FastifyReply, FastifyRequest } from "fastify";
import type { ErrorBody } from "../plugins/error-handler.ts";

/**
 * A service's expected failure as an HTTP answer: `error` is the machine code callers branch on,
 * `messageKey` an i18n key (namespaced, e.g. "tickets:errors.not_found") for the person.
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  error: string,
  messageKey: string,
  params: Record<string, string | number> = {},
) {
  return reply.status(status).send({ error, message: request.t(messageKey, params) } satisfies ErrorBody);
}

/** A 400 shaped like the schema validator's, for rules a JSON schema cannot state. */
export function sendInvalid(request: FastifyRequest, reply: FastifyReply, where: string, paths: readonly string[], messageKey: string) {
  const message = request.t(messageKey);
  return reply.status(400).send({
    error: "validation",
    message: request.t("errors.validation"),
    fields: paths.map((path) => ({ in: where, path, code: "custom", message })),
  } satisfies ErrorBody);
}

/** One entry of a route module's failure table: the HTTP status and the message's i18n key. */
export interface FailureAnswer {
  status: number;
  messageKey: string;
}

/**
 * A sender for a route module's table of service failures: the failure's name is the body's
 * `error` code, so a service's `{ ok: false, error }` maps to its answer in one place.
 */
export function failureSender<F extends string>(table: Record<F, FailureAnswer>) {
  return (request: FastifyRequest, reply: FastifyReply, failure: F) => {
    const { status, messageKey } = table[failure];
    return sendError(request, reply, status, failure, messageKey);
  };
}
