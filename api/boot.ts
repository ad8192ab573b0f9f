import { existsSync } from "node:fs";
import type { i18n, TFunction } from "i18next";
import { DataDirLockedError } from "../db/data-dir-lock.ts";
import { loadConfig, type Config } from "./config.ts";
import { createI18n } from "./i18n.ts";

/** Shared start of every command: .env, validated config, the operator's message texts. */
export async function bootOrExit(): Promise<{ config: Config; i18n: i18n; t: TFunction }> {
  // Values already in the environment win over .env, so a deployment can override a checked-out file.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  const i18n = await createI18n(loaded.config.defaultLocale);
  return { config: loaded.config, i18n, t: i18n.getFixedT(loaded.config.defaultLocale, "server") };
}

/** Prints why the command could not start and exits 1. */
export function exitWithStartError(error: unknown, t: TFunction): never {
  const message =
    error instanceof DataDirLockedError
      ? t("data_dir_locked", { dir: error.dataDir, pid: error.pid })
      : t("start_failed", { reason: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
