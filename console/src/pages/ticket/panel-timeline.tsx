import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { TicketDetail, TimelineEvent } from "../../lib/api-types.ts";
import { formatTime, localeTag } from "../../lib/format.ts";
import { useLanguage, useT, type Language } from "../../lib/i18n.ts";
import { describeEvent, outboundKinds, withoutEchoes, type TimelineLine } from "./panel-timeline-lines.ts";

/** Enough to see what happened lately on a phone without scrolling past a long case's history. */
const COLLAPSED_COUNT = 8;

/**
 * The ticket's history, newest first: a peksos opening a ticket between visits wants to know
 * what happened last. "Viewed" events are hidden unless asked for: they are the audit trail,
 * and on a busy ticket they would bury the work.
 */
export function TimelinePanel({ ticket, staffName }: { ticket: TicketDetail; staffName: (id: string) => string | null }): JSX.Element {
  const t = useT("console-panels");
  const tConsole = useT();
  const tTriage = useT("triage");
  const language = useLanguage();
  const [expanded, setExpanded] = useState(false);
  const [showViews, setShowViews] = useState(false);

  const events = useMemo(
    () => withoutEchoes(ticket.timeline).reverse().filter((event) => showViews || event.type !== "viewed"),
    [ticket.timeline, showViews],
  );
  const outbound = useMemo(() => outboundKinds(ticket.timeline), [ticket.timeline]);
  const shown = expanded ? events : events.slice(0, COLLAPSED_COUNT);
  const hidden = events.length - shown.length;
  const ctx = { t, tConsole, tTriage, language, ticket, staffName, outbound };

  return (
    <section class="panel timeline-panel" aria-labelledby="panel-timeline-title">
      <h2 id="panel-timeline-title">{t("timeline.title")}</h2>
      <label class="check-field">
        <input type="checkbox" checked={showViews} onChange={(e) => setShowViews(e.currentTarget.checked)} />
        <span>{t("timeline.show_views")}</span>
      </label>
      {events.length === 0 ? (
        <p class="panel-empty">{t("timeline.empty")}</p>
      ) : (
        <ol class="timeline" id="panel-timeline-list">
          {shown.map((event, index) => (
            <TimelineItem
              key={event.id}
              event={event}
              line={describeEvent(event, ctx)}
              dayLabel={dayChanges(shown, index) ? dayLabel(event.createdAt, language, t) : null}
              language={language}
            />
          ))}
        </ol>
      )}
      {(hidden > 0 || expanded) && events.length > COLLAPSED_COUNT && (
        <button
          type="button"
          class="button secondary"
          aria-expanded={expanded}
          aria-controls="panel-timeline-list"
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t("timeline.show_less") : t("timeline.show_all", { count: events.length })}
        </button>
      )}
    </section>
  );
}

function TimelineItem({
  event,
  line,
  dayLabel: day,
  language,
}: {
  event: TimelineEvent;
  line: TimelineLine;
  dayLabel: string | null;
  language: Language;
}): JSX.Element {
  return (
    <li class={`timeline-item tone-${line.tone}`}>
      {day !== null && <p class="timeline-day">{day}</p>}
      <div class="timeline-entry">
        <p class="timeline-line">
          <span>{line.text}</span>
          <span class="timeline-time">
            {" · "}
            <time dateTime={event.createdAt}>{formatTime(event.createdAt, language)}</time>
          </span>
        </p>
        {line.quote !== undefined && <blockquote class="timeline-quote">{line.quote}</blockquote>}
        {line.detail !== undefined && <p class="timeline-detail">{line.detail}</p>}
      </div>
    </li>
  );
}

function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayChanges(events: readonly TimelineEvent[], index: number): boolean {
  const previous = events[index - 1];
  const current = events[index];
  return current !== undefined && (previous === undefined || dayKey(previous.createdAt) !== dayKey(current.createdAt));
}

/** "Hari ini", "Kemarin", else the date: times alone would be ambiguous on a case that runs for weeks. */
function dayLabel(iso: string, language: Language, t: (key: string) => string): string {
  const now = new Date();
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(iso) === dayKey(now.toISOString())) return t("timeline.today");
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return t("timeline.yesterday");
  return new Intl.DateTimeFormat(localeTag(language), { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(iso),
  );
}
