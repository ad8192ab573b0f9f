import { z } from "zod";

/**
 * The one place the environment is read. Everything else receives a typed `Config`.
 * Empty strings count as "not set" because `.env` files are usually copied from
 * `.env.example` with blank values.
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const port = z
  .string()
  .regex(/^\d{1,5}$/, { error: (issue) => `must be a port number, got ${JSON.stringify(issue.input)}` })
  .transform(Number)
  .refine((n) => n <= 65535, { error: (issue) => `must be a port number (0-65535), got ${JSON.stringify(String(issue.input))}` });

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), {
    error: (issue) => `must be an http(s) URL, got ${JSON.stringify(issue.input)}`,
  });

// Never echo a database URL or a password back: they carry credentials.
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
    error: "must be a postgres:// or postgresql:// URL (value not shown: it may hold a password)",
  });

const adminPassword = z.string().min(12, { error: "must be at least 12 characters (value not shown)" });

// Tokens are secrets too: say what is wrong, never echo them.
const channelToken = z.string().min(24, { error: "must be at least 24 characters (value not shown)" });
const telegramToken = z
  .string()
  .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: "must look like 123456:ABC… as given by @BotFather (value not shown)" });
/** Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and - in secret_token. */
const webhookSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,256}$/, { error: "must be 16-256 characters of A-Z, a-z, 0-9, _ or - (value not shown)" });

/** A bot's username as @BotFather shows it, without the "@": what t.me links name. */
const telegramUsername = z
  .string()
  .regex(/^[A-Za-z0-9_]{5,32}$/, {
    error: (issue) => `must be the bot's username without "@" (5-32 letters, digits or _), got ${JSON.stringify(issue.input)}`,
  });

/** Fastify's trustProxy: false, true, a hop count, or the proxies' addresses/CIDRs, comma-separated. */
const trustProxy = z
  .string()
  .regex(/^(true|false|\d{1,2}|[0-9a-fA-F:.\/]+(\s*,\s*[0-9a-fA-F:.\/]+)*)$/, {
    error: (issue) =>
      `must be true, false, a number of proxy hops, or proxy addresses separated by commas, got ${JSON.stringify(issue.input)}`,
  })
  .transform((value): boolean | number | string =>
    value === "true" ? true : value === "false" ? false : /^\d+$/.test(value) ? Number(value) : value,
  );

const EnvSchema = z.object({
  PORT: z.preprocess(blankToUndefined, port.default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default("127.0.0.1")),
  TRUST_PROXY: z.preprocess(blankToUndefined, trustProxy.default(false)),
  DATABASE_URL: optional(postgresUrl),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default("./data")),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(LOG_LEVELS, {
        error: (issue) => `must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(issue.input)}`,
      })
      .default("info"),
  ),
  DEFAULT_LOCALE: z.preprocess(
    blankToUndefined,
    z
      .enum(LOCALES, { error: (issue) => `must be one of ${LOCALES.join(", ")}, got ${JSON.stringify(issue.input)}` })
      .default("id"),
  ),
  PUBLIC_URL: optional(httpUrl),
  ADMIN_EMAIL: z.preprocess(
    blankToUndefined,
    z
      .email({ error: (issue) => `must be an email address, got ${JSON.stringify(issue.input)}` })
      .default("admin@lapor-aman.local"),
  ),
  ADMIN_PASSWORD: optional(adminPassword),
  HOTLINE_CHANNEL_TOKEN: optional(channelToken),
  TELEGRAM_BOT_TOKEN: optional(telegramToken),
  TELEGRAM_API_ROOT: optional(httpUrl),
  TELEGRAM_WEBHOOK_URL: optional(httpUrl),
  TELEGRAM_WEBHOOK_SECRET: optional(webhookSecret),
  TELEGRAM_BOT_USERNAME: optional(telegramUsername),
  WHATSAPP_ENABLED: z.preprocess(
    blankToUndefined,
    z
      .enum(["true", "false"], { error: (issue) => `must be true or false, got ${JSON.stringify(issue.input)}` })
      .default("false")
      .transform((value) => value === "true"),
  ),
  CHROMIUM_PATH: z.preprocess(blankToUndefined, z.string().default("/usr/bin/chromium")),
  HOTLINE_API_URL: optional(httpUrl),
});

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

export interface Config {
  port: number;
  host: string;
  /** Behind a reverse proxy, client addresses (for rate limits) come from X-Forwarded-For. */
  trustProxy: boolean | number | string;
  database: DatabaseTarget;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  defaultLocale: Locale;
  /** Where people reach the hotline from outside; links in alerts point here. */
  publicUrl: string;
  adminEmail: string;
  adminPassword: string | undefined;
  /**
   * Shared secret channel adapters present to the intake API. Unset in one process: the
   * in-process client then gets a random token made at start.
   */
  channelToken: string | undefined;
  /** Present when the Telegram adapter should run. */
  telegram: TelegramConfig | undefined;
  /** Present when the WhatsApp adapter should run (WHATSAPP_ENABLED=true). */
  whatsapp: WhatsAppConfig | undefined;
  /**
   * The hotline bot's username for the leaflets' deep links (t.me/<bot>?start=s_<school>). Needed
   * where no bot runs in the API's process (`--role api` with a polling bot elsewhere); otherwise
   * the running bot's own username is used.
   */
  telegramBotUsername: string | undefined;
  /** Where a channel process (`--role whatsapp|telegram`) reaches the API; unused in one process. */
  apiUrl: string | undefined;
}

export interface WhatsAppConfig {
  /** Debian's chromium (`apt-get install chromium`); whatsapp-web.js drives WhatsApp Web in it. */
  chromiumPath: string;
}

export interface TelegramConfig {
  token: string;
  /** A self-hosted Bot API server (or the test emulator) instead of api.telegram.org. */
  apiRoot: string | undefined;
  /** When set, Telegram pushes updates to this URL (served by the API) instead of long polling. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    return { ok: false, errors };
  }
  const e = parsed.data;
  const database: DatabaseTarget = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL }
    : { kind: "pglite", dataDir: e.DATA_DIR };
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    return { ok: false, errors: ["TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set, so forged updates are refused"] };
  }
  const visibleHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      trustProxy: e.TRUST_PROXY,
      database,
      dataDir: e.DATA_DIR,
      logLevel: e.LOG_LEVEL,
      defaultLocale: e.DEFAULT_LOCALE,
      publicUrl: (e.PUBLIC_URL ?? `http://${visibleHost}:${e.PORT}`).replace(/\/+$/, ""),
      adminEmail: e.ADMIN_EMAIL.toLowerCase(),
      adminPassword: e.ADMIN_PASSWORD,
      channelToken: e.HOTLINE_CHANNEL_TOKEN,
      telegram: e.TELEGRAM_BOT_TOKEN
        ? {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT?.replace(/\/+$/, ""),
            webhookUrl: e.TELEGRAM_WEBHOOK_URL,
            webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          }
        : undefined,
      whatsapp: e.WHATSAPP_ENABLED ? { chromiumPath: e.CHROMIUM_PATH } : undefined,
      telegramBotUsername: e.TELEGRAM_BOT_USERNAME,
      apiUrl: e.HOTLINE_API_URL?.replace(/\/+$/, ""),
    },
  };
}
