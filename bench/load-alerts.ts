import { createI18n } from "../api/i18n.ts";
import type { AlertHeadline } from "../api/oncall/alert-text.ts";
import { PRIORITIES, type Priority } from "../db/schema/enums.ts";
import type { TelegramEmulator } from "../tests/support/telegram-emulator.ts";

/*
 * What reaches the on-call peksos's Telegram chat during bench/load.ts, as it arrives: each
 * message's first line says what it is (the same texts the hotline renders, from locales/id), the
 * second names the ticket. "new" is an alert about a new report (to the primary on call, or to
 * the supervisors when nobody is on call); the other kinds are counted apart.
 */

export type AlertKind = "new" | "raised" | "escalation" | "reporter_message" | "digest" | "other";

export interface Alert {
  /** performance.now() when the emulator stored it. */
  at: number;
  kind: AlertKind;
  priority: Priority | null;
  code: string | null;
}

const CODE = /\b[A-Z]{3}-[2-9A-Z]{5}\b/;

const HEADLINE_KINDS: Record<AlertHeadline, AlertKind> = {
  created: "new",
  no_oncall: "new",
  raised: "raised",
  backup: "escalation",
  supervisor: "escalation",
};

/** First line of each alert the hotline sends → what it is. */
async function headlines(): Promise<{ exact: Map<string, { kind: AlertKind; priority: Priority }>; prefixes: [string, AlertKind][] }> {
  const t = (await createI18n("id")).getFixedT("id", "oncall");
  const exact = new Map<string, { kind: AlertKind; priority: Priority }>();
  for (const priority of PRIORITIES) {
    for (const [headline, kind] of Object.entries(HEADLINE_KINDS)) {
      exact.set(t(`alert.headline.${headline}`, { priority: t(`alert.priority.${priority}`) }), { kind, priority });
    }
  }
  // Headlines with a count: matched by what comes before it.
  const before = (key: string) => t(key, { count: "\u0000" }).split("\u0000")[0] ?? "";
  return { exact, prefixes: [[t("reporter_message.headline"), "reporter_message"], [before("digest.headline"), "digest"]] };
}

export class AlertLog {
  readonly alerts: Alert[] = [];
  private readonly firstNew = new Map<string, Alert>();
  private removeListener: () => void = () => {};

  private constructor() {}

  static async start(emulator: TelegramEmulator, peksosChatId: number): Promise<AlertLog> {
    const log = new AlertLog();
    const { exact, prefixes } = await headlines();
    log.removeListener = emulator.onBotMessage((chatId, message) => {
      if (chatId !== String(peksosChatId)) return;
      const [first = "", ...rest] = message.text.split("\n");
      const known = exact.get(first);
      const kind = known?.kind ?? prefixes.find(([prefix]) => first.startsWith(prefix))?.[1] ?? "other";
      // A digest lists many codes; it alerts none of them one by one.
      const code = kind === "digest" ? null : (CODE.exec(rest.join("\n"))?.[0] ?? null);
      const alert: Alert = { at: performance.now(), kind, priority: known?.priority ?? null, code };
      log.alerts.push(alert);
      if (kind === "new" && code !== null && !log.firstNew.has(code)) log.firstNew.set(code, alert);
    });
    return log;
  }

  /** The first alert about this ticket as a new report, if any came. */
  newAlert(code: string): Alert | undefined {
    return this.firstNew.get(code);
  }

  /** What came from the `since`-th message on. */
  countByKind(since = 0): Record<AlertKind, number> {
    const counts: Record<AlertKind, number> = { new: 0, raised: 0, escalation: 0, reporter_message: 0, digest: 0, other: 0 };
    for (const alert of this.alerts.slice(since)) counts[alert.kind]++;
    return counts;
  }

  stop(): void {
    this.removeListener();
  }
}
