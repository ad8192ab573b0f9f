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
    },
  };
}
