import type { i18n } from "i18next";
import type { Database } from "../../db/client.ts";
import type { LiveUpdateTiming } from "../events/live-updates.ts";
import type { Alerts } from "../oncall/alerts-types.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { TelegramFiles } from "../tickets/evidence-telegram.ts";

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
  /** Telegram files for the evidence route; absent without a bot token (they answer `file_unavailable`). */
  telegramFiles: TelegramFiles | undefined;
  /** The hotline bot's username for the leaflets' deep links; undefined while unknown (TELEGRAM_BOT_USERNAME unset, no bot in this process). */
  telegramUsername: () => string | undefined;
  /** Live update timing (GET /v1/events); tests make it fast, everyone else gets the defaults. */
  liveUpdates: Partial<LiveUpdateTiming> | undefined;
}
