import type { App } from "../../api/app.ts";
import { createI18n } from "../../api/i18n.ts";
import { createJobs, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createAlerts } from "../../api/oncall/alerts.ts";
import type { Alerts } from "../../api/oncall/alerts-types.ts";
import { createOutbox } from "../../api/outbox/outbox.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

export const ALERT_LINK_HOST = "https://lapor.example";

export interface AlertingApp {
  database: TestDatabase;
  jobs: Jobs;
  alerts: Alerts;
  app: App;
}

/**
 * A seeded database with the jobs, outbox and alerts as startHotline wires them, but with
 * delivery retries a second apart (instead of 5 s doubling) so a test sees them happen.
 * The caller stops `jobs` and closes `app` and `database`.
 */
export async function startAlertingApp(options: { retryLimit: number }): Promise<AlertingApp> {
  const database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  const logger = createLogger("silent");
  const jobs = createJobs({ database, logger, delivery: { retryLimit: options.retryLimit, retryDelaySeconds: 1, retryBackoff: false } });
  const outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
  const alerts = createAlerts({ database, i18n: await createI18n("id"), logger, publicUrl: ALERT_LINK_HOST, dispatch: (ids) => outbox.dispatch(ids) });
  await jobs.start();
  const app = await buildTestApp(database, { outbox, alerts, publicUrl: ALERT_LINK_HOST });
  return { database, jobs, alerts, app };
}
