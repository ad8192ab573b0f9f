import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { TicketDetail } from "../../lib/api-types.ts";
import { formatDateTime, formatDuration } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";
import { isOpen } from "../../../../api/tickets/transitions.ts";

/** The clock for the acknowledge-by countdown; a minute's precision is all a glance needs. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Code, priority and status first; then the facts of the report a peksos needs before calling anyone. */
export function TicketHeader({ ticket }: { ticket: TicketDetail }): JSX.Element {
  const t = useT("console-ticket");
  const tt = useT("triage");
  const language = useLanguage();
  const when = (iso: string) => formatDateTime(iso, language);
  const unknown = t("header.unknown");

  const victim = [
    ticket.victimAge === null ? null : t("header.victim_age", { age: ticket.victimAge }),
    ticket.victimGrade === null ? null : t("header.victim_grade", { grade: ticket.victimGrade }),
    ticket.victimRelation === null ? null : t(`relation.${ticket.victimRelation}`),
  ].filter((part): part is string => part !== null);
  const { reporter } = ticket;

  return (
    <header class="card ticket-header" aria-labelledby="ticket-code">
      <div class="ticket-title">
        <h1 id="ticket-code">{ticket.code}</h1>
        <div class="ticket-badges">
          <PriorityBadge priority={ticket.priority} />
          <StatusBadge status={ticket.status} />
          {ticket.inDanger && <span class="badge flag-danger">{t("in_danger")}</span>}
          {ticket.overdue && <span class="badge flag-overdue">{t("overdue")}</span>}
        </div>
      </div>
      {ticket.incomplete && <p class="ticket-incomplete">{t("header.incomplete")}</p>}
      {/* Pairs first, whole-width sentences last, so the cells pack two to a row on a phone. */}
      <dl class="facts">
        {ticket.acknowledgedAt === null && isOpen(ticket.status) && (
          <Fact label={t("header.sla_due")} wide>
            {when(ticket.slaDueAt)} <SlaCountdown due={ticket.slaDueAt} />
          </Fact>
        )}
        <Fact label={t("header.category")}>{tt(`category.${ticket.category}`)}</Fact>
        <Fact label={t("header.school")}>{ticket.schoolName ?? unknown}</Fact>
        <Fact label={t("header.reporter")}>{ticket.reporterRole ? t(`reporter_role.${ticket.reporterRole}`) : unknown}</Fact>
        <Fact label={t("header.victim")}>{victim.length > 0 ? victim.join(" · ") : unknown}</Fact>
        <Fact label={t("header.assignee")}>{ticket.assignee?.name ?? t("header.nobody")}</Fact>
        <Fact label={t("header.created")}>{when(ticket.createdAt)}</Fact>
        {ticket.acknowledgedAt !== null && <Fact label={t("header.acknowledged")}>{when(ticket.acknowledgedAt)}</Fact>}
        {ticket.closedAt !== null && <Fact label={t("header.closed")}>{when(ticket.closedAt)}</Fact>}
        {ticket.incidentWhen !== null && <Fact label={t("header.when")}>{ticket.incidentWhen}</Fact>}
        {ticket.frequency !== null && (
          <Fact label={t("header.frequency")}>{t(`frequency.${ticket.frequency}`, { defaultValue: ticket.frequency })}</Fact>
        )}
        {reporter.name !== null && <Fact label={t("header.reporter_name")}>{reporter.name}</Fact>}
        {reporter.phone !== null && (
          <Fact label={t("header.reporter_phone")}>
            <a href={`tel:${reporter.phone.replace(/[^\d+]/g, "")}`}>{reporter.phone}</a>
          </Fact>
        )}
        {(ticket.location ?? ticket.kecamatan) !== null && (
          <Fact label={t("header.place")} wide>
            {[ticket.location, ticket.kecamatan].filter(Boolean).join(", ")}
          </Fact>
        )}
        <Fact label={t("header.contact")} wide>
          {ticket.anonymous ? t("header.anonymous") : t("header.not_anonymous")}
          {" · "}
          {ticket.consentToContact ? t("header.consent_yes") : t("header.consent_no")}
          {" · "}
          {t(`channel.${reporter.channel ?? "none"}`)}
        </Fact>
        {ticket.closeReason !== null && (
          <Fact label={t("header.close_reason")} wide>
            {ticket.closeReason}
          </Fact>
        )}
      </dl>
      {reporter.masked && <p class="hint">{t("header.masked")}</p>}
    </header>
  );
}

/** `wide`: a value that reads better across the whole card (a place, a sentence). */
function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ComponentChildren }): JSX.Element {
  return (
    <div class={wide ? "fact wide" : "fact"}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function SlaCountdown({ due }: { due: string }): JSX.Element {
  const t = useT("console-ticket");
  const language = useLanguage();
  const left = new Date(due).getTime() - useNow();
  const duration = formatDuration(left, language);
  return left >= 0 ? (
    <span class="sla-left">({t("header.sla_left", { duration })})</span>
  ) : (
    <strong class="sla-late">({t("header.sla_late", { duration })})</strong>
  );
}
