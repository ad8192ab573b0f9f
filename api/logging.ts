import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

/**
 * What a reporter wrote and where they can be reached never reach the logs (UU PDP: child data
 * is "data pribadi spesifik"). Log ids and step names instead; these paths are the safety net.
 */
const SENSITIVE_KEYS = [
  "text",
  "body",
  "caption",
  "description",
  "address",
  "phone",
  "reporterName",
  "reporterPhone",
  "name",
  "email",
  "password",
  "params",
];

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
];

interface SafeError {
  type: string;
  code?: string;
  statusCode?: number;
  stack?: string;
}

/**
 * Error messages can quote data: drizzle's "Failed query … params: …" lists every bound value,
 * and PostgreSQL details echo the offending row. So only the error's type, codes and stack frames
 * are logged, never its message.
 */
export function serializeErrorSafely(error: unknown): SafeError {
  if (!(error instanceof Error)) return { type: typeof error };
  // Some libraries leave `name` as "Error" on their subclasses; the class name says more.
  const safe: SafeError = { type: error.name === "Error" ? error.constructor.name : error.name };
  const code = codeOf(error) ?? (error.cause instanceof Error ? codeOf(error.cause) : undefined);
  if (code !== undefined) safe.code = code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === "number") safe.statusCode = statusCode;
  const frames = error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at "));
  if (frames && frames.length > 0) safe.stack = frames.join("\n");
  return safe;
}

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: "[disembunyikan]" },
      serializers: { err: serializeErrorSafely, error: serializeErrorSafely },
    },
    destination ?? process.stdout,
  );
}
