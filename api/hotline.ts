import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { i18n } from "i18next";
import type { Logger } from "pino";
import { createDb, type Database } from "../db/client.ts";
import { acquireDataDirLock, type DataDirLock } from "../db/data-dir-lock.ts";
import { seedIfEmpty } from "../db/seed.ts";
import { buildApp, type App } from "./app.ts";
import type { Config } from "./config.ts";
import { createI18n } from "./i18n.ts";
import { createLogger } from "./logging.ts";

export interface Hotline {
  url: string;
  app: App;
  database: Database;
  /** Stops accepting, lets in-flight requests finish, then closes the database and frees DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Lines for the person who started the process (URL, first admin password); never the JSON log. */
  print: (line: string) => void;
  logger?: Logger;
  /** The texts the caller already loaded; loaded here when absent. */
  i18n?: i18n;
  /** Runs after the routes are registered and before listening. */
  beforeListen?: (app: App) => void | Promise<void>;
}

/** config → lock (PGlite) → migrate → seed if empty → listen. */
export async function startHotline(config: Config, options: StartOptions): Promise<Hotline> {
  const startedAt = performance.now();
  const i18n = options.i18n ?? (await createI18n(config.defaultLocale));
  const t = i18n.getFixedT(config.defaultLocale, "server");
  const logger = options.logger ?? createLogger(config.logLevel);

  const lock: DataDirLock | undefined =
    config.database.kind === "pglite" ? acquireDataDirLock(config.database.dataDir) : undefined;
  let database: Database | undefined;
  try {
    database = await createDb(config.database);
    await database.migrate();
    const seed = await seedIfEmpty(database.db, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
    });
    if (seed.seeded) {
      options.print(t("admin_created", { unit: seed.unitName, email: seed.adminEmail }));
      if (seed.generatedPassword) options.print(t("admin_password_generated", { password: seed.generatedPassword }));
    }

    const app = await buildApp({
      database,
      logger,
      i18n,
      defaultLocale: config.defaultLocale,
      trustProxy: config.trustProxy,
      channelToken: config.channelToken ?? randomBytes(32).toString("base64url"),
    });
    await options.beforeListen?.(app);
    const url = await app.listen({ port: config.port, host: config.host });
    options.print(
      t("ready", {
        url,
        database:
          config.database.kind === "pglite"
            ? t("database_pglite", { dir: resolve(config.database.dataDir) })
            : t("database_postgres"),
        ms: Math.round(performance.now() - startedAt),
      }),
    );

    const db = database;
    return {
      url,
      app,
      database: db,
      stop: async () => {
        await app.close();
        await db.close();
        lock?.release();
      },
    };
  } catch (error) {
    await database?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}
