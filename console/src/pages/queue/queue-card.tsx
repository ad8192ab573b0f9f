import { isOpen } from "../../../../api/tickets/transitions.ts";
import type { JSX } from "preact";
import type { QueueItem } from "../../lib/api-types.ts";
import { formatDateTime, formatDuration, formatTime } from "../../lib/format.ts";
import { useLanguage, useT, type Language } from "../../lib/i18n.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";

/**
 * One ticket in the queue. The whole card is one link to the ticket: one big tap target on a
 * phone, and nothing inside it to tab through. No reporter details: the list is for everyone on duty.
 */
export function QueueCard({ item, now }: { item: QueueItem; now: Date }): JSX.Element {
  const t = useT("console-queue");
  const tTriage = useT("triage");
  const language = useLanguage();
  const age = formatDuration(now.getTime() - new Date(item.createdAt).getTime(), language);
  return (
    <a class={`queue-card band-${item.priority}`} href={`/tickets/${item.id}`}>
      <span class="qc-head">
        <PriorityBadge priority={item.priority} />
        <span class="qc-code">{item.code}</span>
        <StatusBadge status={item.status} />
      </span>
      <SlaLine item={item} now={now} language={language} />
      <span class="qc-category">{tTriage(`category.${item.category}`)}</span>
      {(item.inDanger || item.incomplete) && (
        <span class="qc-flags">
          {item.inDanger && <span class="qc-flag danger">{t("card.in_danger")}</span>}
          {item.incomplete && <span class="qc-flag">{t("card.incomplete")}</span>}
        </span>
      )}
      <span class="qc-meta">
        <span>{item.schoolName ?? t("card.no_school")}</span>
        <span class={item.assignee ? undefined : "qc-unassigned"}>
          {item.assignee ? t("card.assignee", { name: item.assignee.name }) : t("card.no_assignee")}
        </span>
        <span>{t("card.age", { duration: age })}</span>
      </span>
    </a>
  );
}


/**
 * Until someone acknowledges: the time left, or how late it is, in red and with a sign (not by
 * colour alone). Afterwards: when it was acknowledged.
 */
function SlaLine({ item, now, language }: { item: QueueItem; now: Date; language: Language }): JSX.Element | null {
  const t = useT("console-queue");
  if (item.acknowledgedAt) {
    const at = new Date(item.acknowledgedAt);
    const sameDay = at.toDateString() === now.toDateString();
    return <span class="qc-sla done">{t("card.acknowledged", { time: sameDay ? formatTime(at, language) : formatDateTime(at, language) })}</span>;
  }
  if (!isOpen(item.status)) return null;
  const left = new Date(item.slaDueAt).getTime() - now.getTime();
  if (left < 0) {
    return (
      <span class="qc-sla late">
        <span aria-hidden="true">⚠ </span>
        {t("card.sla_late", { duration: formatDuration(left, language) })}
      </span>
    );
  }
  return <span class="qc-sla due">{t("card.sla_left", { duration: formatDuration(left, language) })}</span>;
}
