import { isIP } from "node:net";
import type { i18n } from "i18next";
import type { Category, Priority, ReporterRole } from "../../db/schema/enums.ts";
import type { OutboundChoice } from "../../db/schema/transcript.ts";

/*
 * The words of staff alerts. An alert shows on a phone's lock screen, which is not private: it
 * names the ticket, its priority and category, who reported and the child's age and school, and
 * never what the reporter wrote or who they are. The ticket itself is behind the link and a login.
 */

export type Translate = ReturnType<i18n["getFixedT"]>;

export interface AlertTicket {
  id: string;
  code: string;
  priority: Priority;
  category: Category;
  reporterRole: ReporterRole | null;
  victimAge: number | null;
  schoolName: string | null;
  slaDueAt: Date;
}

export interface AlertContext {
  t: Translate;
  publicUrl: string;
  /** The unit's IANA time zone: times are read on a phone in that city. */
  timezone: string;
  now: Date;
}

/** Why this message about a ticket: its first line. */
export type AlertHeadline = "created" | "raised" | "no_oncall" | "backup" | "supervisor";

export function ticketUrl(publicUrl: string, ticketId: string): string {
  return `${publicUrl}/tickets/${ticketId}`;
}

/**
 * Telegram refuses a button whose URL is not on a public host name (localhost, a bare name, an IP
 * literal): the whole message would then fail. The link is in the text anyway. (WhatsApp has no
 * URL buttons: its adapter prints the link, so the rule costs it nothing.)
 */
export function linkButtonAllowed(publicUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (isIP(host) !== 0) return false;
  return host.includes(".") && host !== "localhost" && !host.endsWith(".localhost");
}

/** HH:MM and the zone's short name ("16:50 WIB"), with the day in front when it is not today there. */
export function localTime(at: Date, timezone: string, now: Date): string {
  const parts = (date: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat("id-ID", {
        timeZone: timezone,
        day: "2-digit",
        month: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZoneName: "short",
      })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  const when = parts(at);
  const today = parts(now);
  const time = `${when["hour"]}:${when["minute"]} ${when["timeZoneName"]}`;
  return when["day"] === today["day"] && when["month"] === today["month"] ? time : `${when["day"]}/${when["month"]} ${time}`;
}

/** The alert about one ticket: headline, what it is, who reported, the child, the deadline, the link. */
export function ticketAlertText(ctx: AlertContext, ticket: AlertTicket, headline: AlertHeadline): string {
  const { t } = ctx;
  const priority = t(`alert.priority.${ticket.priority}`);
  const lines = [
    t(`alert.headline.${headline}`, { priority }),
    t("alert.ticket", { code: ticket.code, category: t(`triage:category.${ticket.category}`) }),
  ];
  if (ticket.reporterRole !== null) lines.push(t("alert.reporter", { role: t(`alert.role.${ticket.reporterRole}`) }));
  if (ticket.victimAge !== null) lines.push(t("alert.victim_age", { age: ticket.victimAge }));
  if (ticket.schoolName !== null) lines.push(t("alert.school", { school: ticket.schoolName }));
  const due = localTime(ticket.slaDueAt, ctx.timezone, ctx.now);
  lines.push(ticket.slaDueAt > ctx.now ? t("alert.due", { time: due }) : t("alert.overdue", { time: due }));
  lines.push(t("alert.link", { url: ticketUrl(ctx.publicUrl, ticket.id) }));
  return lines.join("\n");
}

/**
 * "Terima" (handled by the staff chat adapter as `ack:<id>`) and, where Telegram accepts it, a link
 * button. The same choices go to either channel: Telegram shows buttons, WhatsApp a numbered list
 * (answering its number sends `ack:<id>`) with the link printed. The link is in the text anyway.
 */
export function ticketAlertChoices(ctx: AlertContext, ticketId: string, options: { acknowledge: boolean }): OutboundChoice[][] {
  const rows: OutboundChoice[][] = [];
  if (options.acknowledge) rows.push([{ id: `ack:${ticketId}`, label: ctx.t("alert.button.acknowledge") }]);
  if (linkButtonAllowed(ctx.publicUrl)) {
    rows.push([{ id: `open:${ticketId}`, label: ctx.t("alert.button.open"), url: ticketUrl(ctx.publicUrl, ticketId) }]);
  }
  return rows;
}

/** The reporter wrote again: that they did, never what. */
export function reporterMessageText(ctx: AlertContext, ticket: Pick<AlertTicket, "id" | "code" | "priority" | "category">): string {
  const { t } = ctx;
  return [
    t("reporter_message.headline"),
    t("alert.ticket", { code: ticket.code, category: t(`triage:category.${ticket.category}`) }),
    t("reporter_message.priority", { priority: t(`alert.priority.${ticket.priority}`) }),
    t("alert.link", { url: ticketUrl(ctx.publicUrl, ticket.id) }),
  ].join("\n");
}

export function referralOverdueText(
  ctx: AlertContext,
  referral: { ticketId: string; ticketCode: string; agencyName: string; dueAt: Date },
): string {
  const { t } = ctx;
  return [
    t("referral_overdue.headline"),
    t("referral_overdue.referral", { code: referral.ticketCode, agency: referral.agencyName }),
    t("referral_overdue.due", { time: localTime(referral.dueAt, ctx.timezone, ctx.now) }),
    t("alert.link", { url: ticketUrl(ctx.publicUrl, referral.ticketId) }),
  ].join("\n");
}

/** Digests list this many codes and count the rest: a phone screen, not a report. */
export const DIGEST_LISTED = 20;

export function digestText(ctx: AlertContext, tickets: readonly Pick<AlertTicket, "code" | "priority" | "category">[]): string {
  const { t } = ctx;
  const lines = [t("digest.headline", { count: tickets.length })];
  for (const ticket of tickets.slice(0, DIGEST_LISTED)) {
    lines.push(
      t("digest.line", {
        code: ticket.code,
        priority: t(`alert.priority.${ticket.priority}`),
        category: t(`triage:category.${ticket.category}`),
      }),
    );
  }
  if (tickets.length > DIGEST_LISTED) lines.push(t("digest.more", { count: tickets.length - DIGEST_LISTED }));
  lines.push(t("digest.link", { url: `${ctx.publicUrl}/tickets` }));
  return lines.join("\n");
}
