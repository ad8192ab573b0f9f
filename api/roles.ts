import type { Config } from "./config.ts";

/*
 * What one process runs. `all` (the default, and the only choice on PGlite) runs everything;
 * on PostgreSQL the parts can run apart: the API (with its jobs) scales out behind a load
 * balancer, and each chat channel runs in its own process talking to it over HTTP, so the
 * WhatsApp browser's memory and crashes stay out of the API.
 */
export const ROLES = ["all", "api", "telegram", "whatsapp"] as const;
export type Role = (typeof ROLES)[number];
export type ChannelRole = Extract<Role, "telegram" | "whatsapp">;

export type RoleResult = { ok: true; role: Role } | { ok: false; error: string };

/** `--role whatsapp` or `--role=whatsapp`; absent → all. Unknown flags are refused, not ignored. */
export function parseRole(argv: readonly string[]): RoleResult {
  let role: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--role") {
      role = argv[i + 1];
      i += 1;
    } else if (arg.startsWith("--role=")) {
      role = arg.slice("--role=".length);
    } else {
      return { ok: false, error: `unknown argument ${JSON.stringify(arg)}; the only option is --role ${ROLES.join("|")}` };
    }
  }
  if (role === undefined) return { ok: true, role: "all" };
  return (ROLES as readonly string[]).includes(role)
    ? { ok: true, role: role as Role }
    : { ok: false, error: `--role must be one of ${ROLES.join(", ")}, got ${JSON.stringify(role)}` };
}

/** What the role needs that the configuration lacks, one line each; empty when it can start. */
export function roleProblems(role: Role, config: Config): string[] {
  const problems: string[] = [];
  if (role === "api" && config.database.kind === "pglite") {
    problems.push(
      "--role api needs PostgreSQL (DATABASE_URL): the embedded PGlite database serves one process, so run without --role instead",
    );
  }
  if (role !== "all" && config.channelToken === undefined) {
    problems.push(`--role ${role} needs HOTLINE_CHANNEL_TOKEN, the same in the API and every channel process`);
  }
  if (role === "telegram" || role === "whatsapp") {
    if (config.apiUrl === undefined) problems.push(`--role ${role} needs HOTLINE_API_URL, where the API process listens`);
  }
  if (role === "telegram") {
    if (config.telegram === undefined) problems.push("--role telegram needs TELEGRAM_BOT_TOKEN");
    else if (config.telegram.webhookUrl !== undefined) {
      problems.push("--role telegram uses long polling; a webhook is served by the API process (run it there, without TELEGRAM_WEBHOOK_URL here)");
    }
  }
  return problems;
}
