import { bootOrExit, exitWithStartError } from "../api/boot.ts";
import { createDb } from "./client.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";

// `npm run db:migrate`: the same migrations `npm start` applies, for deployments that migrate first.
const { config, t } = await bootOrExit();
try {
  const lock = config.database.kind === "pglite" ? acquireDataDirLock(config.database.dataDir) : undefined;
  const database = await createDb(config.database);
  try {
    await database.migrate();
  } finally {
    await database.close();
    lock?.release();
  }
  process.stdout.write(`${t("migrated")}\n`);
} catch (error) {
  exitWithStartError(error, t);
}
