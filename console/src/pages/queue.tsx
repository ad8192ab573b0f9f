import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useRef } from "preact/hooks";
import type { QueueItem } from "../lib/api-types.ts";
import { formatNumber } from "../lib/format.ts";
import { useLanguage, useT } from "../lib/i18n.ts";
import { useTicketChanges } from "../lib/live.ts";
import { navigate, useLocation } from "../lib/router.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { Problem } from "../ui/problem.tsx";
import { AlarmSettings } from "../alarm/darurat-alarm.tsx";
import { daruratWatch } from "../alarm/darurat-watch.ts";
import { activeFilterCount, filtersHref, readFilters, type QueueFilters } from "./queue/filters.ts";
import { LiveIndicator } from "./queue/live-indicator.tsx";
import { PriorityCountBar } from "./queue/priority-counts.tsx";
import { QueueCard } from "./queue/queue-card.tsx";
import { QueueFilterPanel } from "./queue/queue-filters.tsx";
import { useNow } from "./queue/use-now.ts";
import { useQueue } from "./queue/use-queue.ts";
import "./queue.css";

/** Changes often come in bursts (a report and its triage): one reload for the burst. */
const REFRESH_DEBOUNCE_MS = 300;
/** How often the countdowns and ages move on screen. */
const TICK_MS = 30_000;

/**
 * The queue: what a peksos opens on a phone. The emergency first and unmissable, the time left to
 * acknowledge on every card, live updates with a sound and a notification for a darurat report.
 */
export function QueuePage(): JSX.Element {
  const t = useT("console-queue");
  const { search } = useLocation();
  const filters = useMemo(() => readFilters(search), [search.toString()]);
  // Each loaded queue ends the alarms of tickets someone acknowledged meanwhile (the banner is the shell's).
  const queue = useQueue(filters, observeQueue);
  const refreshSoon = useDebounced(queue.refresh, REFRESH_DEBOUNCE_MS);

  const liveState = useTicketChanges(refreshSoon);

  const applyFilters = useCallback((next: QueueFilters) => navigate(filtersHref(next)), []);

  return (
    <div class="queue-page">
      <div class="queue-heading">
        <h1>{t("title")}</h1>
        <LiveIndicator state={liveState} />
      </div>
      <AlarmSettings />
      <PriorityCountBar
        counts={queue.data?.counts ?? null}
        selected={filters.priority}
        onSelect={(priority) => applyFilters({ ...filters, priority })}
      />
      <QueueFilterPanel filters={filters} onChange={applyFilters} />
      <QueueList
        items={queue.data?.items}
        filtered={activeFilterCount(filters) > 0}
        loading={queue.loading}
        error={queue.error}
        onRetry={queue.refresh}
      />
      {queue.data?.nextCursor && (
        <div class="queue-more">
          <button type="button" class="button" onClick={queue.loadMore} disabled={queue.more.loading}>
            {queue.more.loading ? t("list.loading_more") : t("list.more")}
          </button>
          <Problem error={queue.more.error} />
        </div>
      )}
    </div>
  );
}

function QueueList({
  items,
  filtered,
  loading,
  error,
  onRetry,
}: {
  items: QueueItem[] | undefined;
  filtered: boolean;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}): JSX.Element {
  const t = useT("console-queue");
  const language = useLanguage();
  const now = useNow(TICK_MS);
  if (!items) return error ? <ErrorBlock error={error} onRetry={onRetry} /> : <LoadingBlock />;
  return (
    <section aria-labelledby="queue-list-title" aria-busy={loading}>
      <h2 id="queue-list-title" class="visually-hidden">
        {t("list.heading")}
      </h2>
      {/* A failed refresh keeps the list as it was, and says so. */}
      {error !== undefined && <Problem error={error} />}
      {items.length === 0 ? (
        <p class="queue-empty card">{filtered ? t("list.empty_filtered") : t("list.empty")}</p>
      ) : (
        <>
          <p class="queue-shown">{t("list.shown", { n: formatNumber(items.length, language) })}</p>
          <ul class="queue-list">
            {items.map((item) => (
              <li key={item.id}>
                <QueueCard item={item} now={now} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function observeQueue(items: readonly QueueItem[]): void {
  daruratWatch.observeQueue(items);
}

/** `fn` once, `ms` after the last of a burst of calls. */
function useDebounced(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => fnRef.current(), ms);
  }, [ms]);
}
