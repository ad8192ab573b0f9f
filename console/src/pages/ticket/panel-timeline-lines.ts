import type { TFunction } from "i18next";
import type { TicketDetail, TimelineEvent } from "../../lib/api-types.ts";
import { formatDuration } from "../../lib/format.ts";
import type { Language } from "../../lib/i18n.ts";

/*
 * One timeline event in plain words. The API keeps each event's `data` as loose JSON (its shape
 * depends on the event type and has grown over time), so every field is read defensively: a
 * missing or unexpected field gives a shorter sentence, an unknown event type a generic line,
 * never a crash.
 */

export type LineTone = "plain" | "note" | "alert";

export interface TimelineLine {
  text: string;
  /** Words a person wrote (a note, a reason): shown apart, as a quote. */
  quote?: string;
  /** A second, smaller line (a reason, who could not be reached). */
  detail?: string;
  tone: LineTone;
}

export interface LineContext {
  t: TFunction;
  /** The console namespace: ticket statuses. */
  tConsole: TFunction;
  /** The triage namespace: priorities and categories. */
  tTriage: TFunction;
  language: Language;
  ticket: TicketDetail;
  /** A staff member's name, or null when the console cannot see it (another unit, deactivated). */
  staffName: (id: string) => string | null;
  /** Which messages were replies or referral notices to the reporter, by outbound id. */
  outbound: Map<string, "reply" | "notice">;
}

type Data = Record<string, unknown>;

function text(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function flag(data: Data, key: string): boolean {
  return data[key] === true;
}

function texts(data: Data, key: string): string[] {
  const value = data[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function record(data: Data, key: string): Data {
  const value = data[key];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Data) : {};
}

/** Replies and referral notices carry their outbound id; a delivery event names only that id. */
export function outboundKinds(timeline: readonly TimelineEvent[]): Map<string, "reply" | "notice"> {
  const kinds = new Map<string, "reply" | "notice">();
  for (const event of timeline) {
    const id = text(event.data, "outboundId");
    if (id === undefined) continue;
    if (event.type === "message_out") kinds.set(id, "reply");
    else if (event.type === "referral") kinds.set(id, "notice");
  }
  return kinds;
}

/**
 * Leaves out the events that only echo another one of the same moment: acknowledging writes
 * "acknowledged", "assigned to me" and "baru → diterima" together, and a referral moves the
 * ticket to dirujuk. "Diterima oleh Sari" says all of it; three lines would bury the next thing.
 */
export function withoutEchoes(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  const moments = new Set(
    timeline.filter((e) => e.type === "acknowledged" || (e.type === "referral" && text(e.data, "agencyId") !== undefined)).map(momentKey),
  );
  return timeline.filter((event) => {
    if (!moments.has(momentKey(event))) return true;
    if (event.type === "status_changed") return text(event.data, "reason") !== undefined;
    if (event.type === "assigned") return !(text(event.data, "from") === undefined && text(event.data, "to") === event.actor.staff?.id);
    return true;
  });
}

/** One change's events share their timestamp and actor. */
function momentKey(event: TimelineEvent): string {
  return `${event.createdAt}|${event.actor.staff?.id ?? event.actor.kind}`;
}

export function describeEvent(event: TimelineEvent, ctx: LineContext): TimelineLine {
  const { t, tConsole, tTriage, ticket } = ctx;
  const data = event.data;
  const actor = actorName(event, ctx);
  const plain = (key: string, params: Record<string, string> = {}): TimelineLine => ({ text: t(key, params), tone: "plain" });
  const status = (value: string | undefined) => (value === undefined ? "?" : tConsole(`status.${value}`, { defaultValue: value }));
  const priority = (value: string | undefined) => (value === undefined ? "?" : tTriage(`priority.${value}`, { defaultValue: value }));
  const category = (value: string | undefined) => (value === undefined ? "?" : tTriage(`category.${value}`, { defaultValue: value }));
  const names = (ids: string[]) => ids.map((id) => ctx.staffName(id) ?? t("actor.someone")).join(", ");
  const quoted = (reason: string | undefined) => (reason === undefined ? {} : { quote: reason });

  // The event type is checked as a plain string: an API newer than this console may send a type it does not know.
  const type: string = event.type;
  switch (type) {
    case "created":
      return plain(flag(data, "incomplete") ? "event.created_incomplete" : "event.created");
    case "triaged": {
      const previous = text(data, "previous");
      if (previous !== undefined) {
        return { text: t("event.triaged_raised", { from: priority(previous), to: priority(text(data, "priority")) }), tone: "alert" };
      }
      return plain("event.triaged", { priority: priority(text(data, "priority")), category: category(text(data, "category")) });
    }
    case "acknowledged": {
      const via = text(data, "via");
      if (via === "telegram" || via === "whatsapp") return plain("event.acknowledged_via", { name: actor, channel: t(`channel.${via}`) });
      return plain("event.acknowledged", { name: actor });
    }
    case "assigned": {
      const to = text(data, "to");
      const from = text(data, "from");
      const toName = to === undefined ? t("actor.someone") : (ctx.staffName(to) ?? t("actor.someone"));
      if (from === undefined && to !== undefined && to === event.actor.staff?.id) return plain("event.assigned_self", { name: actor });
      if (from === undefined) return plain("event.assigned", { to: toName, name: actor });
      return plain("event.assigned_from", { from: ctx.staffName(from) ?? t("actor.someone"), to: toName, name: actor });
    }
    case "status_changed": {
      const reason = text(data, "reason");
      if (reason === "referral_rejected") return plain("event.status_referral_rejected", { to: status(text(data, "to")) });
      const line = plain("event.status_changed", { from: status(text(data, "from")), to: status(text(data, "to")), name: actor });
      return { ...line, ...quoted(reason) };
    }
    case "note": {
      const kind = text(data, "kind");
      if (kind === "report_confirmed") return plain("event.note_report_confirmed");
      if (kind === "report_submitted_incomplete") return plain("event.note_report_incomplete");
      const note = text(data, "text");
      return { text: t("event.note", { name: actor }), tone: "note", ...(note !== undefined && { quote: note }) };
    }
    case "message_in":
      return plain("event.message_in");
    case "evidence":
      return plain("event.evidence");
    case "message_out":
      return plain("event.message_out", { name: actor });
    case "delivery":
      return deliveryLine();
    case "referral":
      return referralLine();
    case "escalation":
      return escalationLine();
    case "alerted":
      return alertedLine();
    case "override": {
      const from = record(data, "from");
      const to = record(data, "to");
      const side = (value: Data) => `${priority(text(value, "priority"))} · ${category(text(value, "category"))}`;
      return { text: t("event.override", { name: actor, from: side(from), to: side(to) }), tone: "plain", ...quoted(text(data, "reason")) };
    }
    case "linked":
      return linkedLine();
    case "viewed":
      return plain("event.viewed", { name: actor });
    default:
      return plain("event.unknown", { type, name: actor });
  }

  function deliveryLine(): TimelineLine {
    const outboundId = text(data, "outboundId");
    const kind = (outboundId !== undefined && ctx.outbound.get(outboundId)) || "other";
    const state = text(data, "status");
    const outcome = state === "sent" || state === "retrying" || state === "failed" ? state : "other";
    const reason = text(data, "reason");
    return {
      text: t(`event.delivery.${kind}_${outcome}`),
      tone: outcome === "failed" ? "alert" : "plain",
      ...(outcome === "failed" && reason !== undefined && { detail: t(`delivery_reason.${reason}`, { defaultValue: t("delivery_reason.other") }) }),
    };
  }

  function referralLine(): TimelineLine {
    const referralId = text(data, "referralId");
    const referral = ticket.referrals.find((r) => r.id === referralId);
    const agencyId = text(data, "agencyId");
    const agency = referral?.agency.name ?? ticket.referrals.find((r) => r.agency.id === agencyId)?.agency.name ?? t("actor.agency");
    if (flag(data, "overdue")) {
      const ids = texts(data, "staffIds");
      return {
        text: t("event.referral_overdue", { agency }),
        tone: "alert",
        detail: ids.length > 0 ? t("event.reminded", { names: names(ids) }) : t("event.nobody_reached"),
      };
    }
    const to = text(data, "to");
    if (to !== undefined) {
      const from = text(data, "from");
      const change = {
        text: t("event.referral_changed", {
          agency,
          from: from === undefined ? "?" : t(`referral_status.${from}`, { defaultValue: from }),
          to: t(`referral_status.${to}`, { defaultValue: to }),
          name: actor,
        }),
        tone: to === "ditolak" ? ("alert" as const) : ("plain" as const),
      };
      const reason = text(data, "reason");
      const note = text(data, "note");
      return {
        ...change,
        ...(note !== undefined && { quote: note }),
        ...(reason !== undefined && { detail: t("event.rejection_reason", { reason }) }),
      };
    }
    return {
      text: t("event.referral_created", { agency, name: actor }),
      tone: "plain",
      detail: flag(data, "reporterNotified") ? t("event.reporter_notified") : t("event.reporter_not_notified"),
    };
  }

  function escalationLine(): TimelineLine {
    const ids = texts(data, "staffIds");
    const step = text(data, "step");
    // Backups and supervisors are told only through a linked chat: an empty list means the alert reached nobody.
    const reached = ids.length > 0 ? t("event.told", { names: names(ids) }) : t(step === "backup" ? "event.nobody_reached" : "event.no_supervisor");
    // The event says which step, not for how long: the time since the report came in is what matters to a reader.
    const waited = formatDuration(new Date(event.createdAt).getTime() - new Date(ticket.createdAt).getTime(), ctx.language);
    if (step === "backup") return { text: t("event.escalation_backup", { duration: waited }), tone: "alert", detail: reached };
    if (step === "supervisor") {
      const skipped = flag(data, "backupSkipped") ? `${t("event.backup_skipped")} ` : "";
      return { text: t("event.escalation_supervisor", { duration: waited }), tone: "alert", detail: `${skipped}${reached}` };
    }
    if (step === "no_oncall") return { text: t("event.escalation_no_oncall"), tone: "alert", detail: reached };
    return { text: t("event.escalation_other"), tone: "alert", detail: reached };
  }

  function alertedLine(): TimelineLine {
    const staffId = text(data, "staffId");
    const ids = staffId !== undefined ? [staffId] : texts(data, "staffIds");
    const who = ids.length > 0 ? names(ids) : t("actor.someone");
    if (flag(data, "digest")) return plain("event.alerted_digest", { names: who });
    const reason = text(data, "reason");
    if (reason === "reporter_message") return plain("event.alerted_reporter_message", { names: who });
    if (reason === "raised") return plain("event.alerted_raised", { names: who });
    return plain("event.alerted", { names: who });
  }

  function linkedLine(): TimelineLine {
    const codeOf = (id: string | undefined) =>
      id === undefined ? t("actor.other_report") : (ticket.linked.find((l) => l.id === id)?.code ?? t("actor.other_report"));
    if (flag(data, "removed")) {
      const removed = text(data, "ticketId");
      if (removed === ticket.id) return plain("event.unlinked_self", { name: actor });
      return plain("event.unlinked_other", { code: codeOf(removed), name: actor });
    }
    const pair = texts(data, "tickets");
    const other = pair.find((id) => id !== ticket.id);
    return plain("event.linked", { code: codeOf(other), name: actor });
  }
}

function actorName(event: TimelineEvent, ctx: LineContext): string {
  if (event.actor.staff) return event.actor.staff.name;
  // An actor kind newer than this console reads as "the system".
  const kind: string = event.actor.kind;
  if (kind === "reporter") return ctx.t("actor.reporter");
  if (kind === "staff") return ctx.t("actor.someone");
  return ctx.t("actor.system");
}
