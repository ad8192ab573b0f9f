import fp from "fastify-plugin";
import type { ErrorBody } from "./error-body.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * false: the route takes such text and passes it on, answering 2xx itself. Telegram's webhook
     * does: a 400 there would make Telegram deliver the update again and again, while the adapter
     * hands it to the intake, whose 400 gets the reporter a kind "write that again".
     */
    storableText?: boolean;
  }
}

/*
 * PostgreSQL cannot store U+0000 in text, nor a lone UTF-16 surrogate in jsonb: either in a
 * request used to reach the database and fail there as a 500 (a reporter's message with a NUL
 * was never answered, and an adapter would spool and retry it forever). No chat app sends them;
 * a client that does gets a 400 naming the field, before any route sees the request.
 */

/** NUL, or a surrogate that is not half of a pair (with the `u` flag a valid pair is one code point). */
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

interface Visit {
  value: unknown;
  key: string;
  parent: Visit | undefined;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".");
}

/**
 * Paths ("content.text", "items.0.name") of the strings, keys included, that PostgreSQL would
 * refuse. A loop, not recursion: a body of 100,000 nested arrays fits in the body limit and must
 * not overflow the stack; a path is built only for what is found.
 */
export function unstorablePaths(root: unknown): string[] {
  const found: string[] = [];
  const pending: Visit[] = [{ value: root, key: "", parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) found.push(pathOf(visit));
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, key: String(index), parent: visit }));
    } else if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        const child = { value: item, key, parent: visit };
        if (UNSTORABLE.test(key)) found.push(pathOf(child));
        pending.push(child);
      }
    }
  }
  return found;
}

export const storableTextPlugin = fp(
  async (app) => {
    app.addHook("preValidation", async (request, reply) => {
      if (request.routeOptions.config.storableText === false) return;
      const fields = (["params", "querystring", "body"] as const).flatMap((where) => {
        const value = where === "params" ? request.params : where === "querystring" ? request.query : request.body;
        return unstorablePaths(value).map((path) => ({ in: where, path, code: "unstorable_text", message: request.t("errors.unstorable_text") }));
      });
      if (fields.length === 0) return;
      // A count only: a path is made of the caller's own keys, which may be anything.
      request.log.info({ fields: fields.length }, "request with text the database cannot store refused");
      return reply.status(400).send({ error: "validation", message: request.t("errors.validation"), fields } satisfies ErrorBody);
    });
  },
  { name: "storable-text", dependencies: ["locale"] },
);
