import type { i18n } from "i18next";
import type { Database } from "../../db/client.ts";
import type { Alerts } from "../oncall/alerts-types.ts";
import type { Outbox } from "../outbox/outbox.ts";

/** What the staff-facing route modules are given: one object, so adding a dependency touches one place. */
export interface RouteDeps {
  database: Database;
  /** The time every change is stamped with; tests pass a controllable clock. */
  clock: () => Date;
  i18n: i18n;
  /** Where the API is reached from outside, without a trailing slash; links in alerts point here. */
  publicUrl: string;
  /** The token channel adapters present (staff actions from a chat: /hubungkan, alert buttons). */
  channelToken: string;
  /** Absent in a process without the job queue: queued rows wait for the outbox sweep. */
  outbox: Outbox | undefined;
  /** Absent when nothing alerts staff (tests of other parts). */
  alerts: Alerts | undefined;
}
