import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Update } from "grammy/types";
import { z } from "zod";
import type { ErrorBody } from "../../../api/plugins/error-handler.ts";

/*
 * Where Telegram pushes updates when TELEGRAM_WEBHOOK_URL is set. The API serves it; the adapter
 * handles what arrives. Only Telegram knows the secret it was given in setWebhook, so a request
 * without it is refused before its body is read.
 */

export const TELEGRAM_WEBHOOK_PATH = "/v1/channels/telegram/webhook";
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** The adapter is not started yet (or stopping): Telegram should deliver the update again later. */
export class WebhookNotReadyError extends Error {
  constructor() {
    super("the Telegram adapter is not started");
    this.name = "WebhookNotReadyError";
  }
}

export interface TelegramWebhookOptions {
  /** The adapter's `handleWebhook`. */
  handleUpdate: (update: Update) => Promise<void>;
  /** TELEGRAM_WEBHOOK_SECRET, the `secret_token` given to setWebhook. */
  secretToken: string;
}

/** Only the id is checked: the rest is Telegram's, read by grammY and the normaliser. */
const UpdateBodySchema = z.looseObject({ update_id: z.number().int().nonnegative() });
const ErrorSchema = z.object({ error: z.string(), message: z.string() });

export const telegramWebhookRoutes: FastifyPluginAsyncZod<TelegramWebhookOptions> = async (app, options) => {
  const expected = digest(options.secretToken);
  app.post(
    TELEGRAM_WEBHOOK_PATH,
    {
      // Telegram pushes every reporter's updates from a handful of addresses: a per-IP budget
      // meant for people would delay reports. Requests without the secret cost one hash each.
      // Text the database cannot store is refused by the intake, not here (see storable-text.ts).
      config: { rateLimit: false, storableText: false },
      schema: {
        summary: "Telegram pushes one update (webhook mode); needs the X-Telegram-Bot-Api-Secret-Token header",
        tags: ["channels"],
        body: UpdateBodySchema,
        response: { 200: z.object({ ok: z.literal(true) }), 401: ErrorSchema, 503: ErrorSchema },
      },
      onRequest: async (request, reply) => {
        const presented = request.headers[SECRET_HEADER];
        // Digests of equal length make the comparison constant-time whatever was presented.
        if (typeof presented !== "string" || !timingSafeEqual(digest(presented), expected)) {
          await reply
            .status(401)
            .send({ error: "unauthorized", message: request.t("telegram:webhook_unauthorized") } satisfies ErrorBody);
        }
      },
    },
    async (request, reply) => {
      try {
        // Telegram's JSON, authenticated by the secret; its shape is grammY's to read.
        await options.handleUpdate(request.body as Update);
      } catch (error) {
        if (!(error instanceof WebhookNotReadyError)) throw error;
        return reply
          .status(503)
          .header("retry-after", "5")
          .send({ error: "unavailable", message: request.t("telegram:webhook_not_ready") } satisfies ErrorBody);
      }
      return { ok: true as const };
    },
  );
};

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
