import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { QueueItem, TicketQueue } from "../../lib/api-types.ts";
import { apiQuery, PRIORITIES, type ApiQuery, type Priority, type QueueFilters } from "./filters.ts";

/*
 * The queue's data: the list (keyset pages, "Muat lagi") and the counts per priority. A refresh
 * after a live update reloads as many tickets as are shown and keeps the old ones on screen
 * meanwhile, so the list neither flashes nor jumps back to its first page.
 */

const PAGE_SIZE = 50;
const MAX_LIMIT = 100;

/** A count read from at most one page of 100: `exact` false means "at least". Null: not known. */
export type PriorityCount = { n: number; exact: boolean } | null;
export type PriorityCounts = Record<Priority, PriorityCount>;

export interface QueueData {
  items: QueueItem[];
  nextCursor: string | null;
  counts: PriorityCounts | null;
}

export interface QueueView {
  data: QueueData | undefined;
  /** The first load of these filters failed (nothing to show), or the latest refresh did (old data shown). */
  error: unknown;
  loading: boolean;
  more: { loading: boolean; error: unknown };
  refresh: () => void;
  loadMore: () => void;
}

async function fetchPages(
  query: ApiQuery,
  want: number,
  signal: AbortSignal,
): Promise<{ items: QueueItem[]; nextCursor: string | null; first: TicketQueue }> {
  const items: QueueItem[] = [];
  let cursor: string | null = null;
  let first: TicketQueue | undefined;
  do {
    const limit = Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, want - items.length));
    const page: TicketQueue = await api.get<TicketQueue>("/v1/tickets", { query: { ...query, limit, cursor }, signal });
    first ??= page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < want);
  return { items, nextCursor: cursor, first: first ?? { items: [], nextCursor: null } };
}

/**
 * The API has no count route: one page of 100 without the priority filter, most urgent first,
 * gives exact counts for the priorities it ends before, a lower bound for the last one it
 * reaches, and nothing for those after — enough for a unit's open queue, which is rarely longer.
 */
function countsOf(page: TicketQueue): PriorityCounts {
  const lastPriority = page.items.at(-1)?.priority;
  const lastIndex = lastPriority === undefined ? -1 : PRIORITIES.indexOf(lastPriority);
  const counts = {} as PriorityCounts;
  PRIORITIES.forEach((priority, index) => {
    const n = page.items.filter((item) => item.priority === priority).length;
    if (page.nextCursor === null || index < lastIndex) counts[priority] = { n, exact: true };
    else if (index === lastIndex) counts[priority] = { n, exact: false };
    else counts[priority] = null;
  });
  return counts;
}

/**
 * The list and its counts. Without a priority filter the list's first page (of 100) is the page
 * the counts are read from: one request instead of two, on every live update.
 */
async function fetchQueue(query: ApiQuery, want: number, signal: AbortSignal): Promise<QueueData> {
  if (query.priority === undefined) {
    const list = await fetchPages(query, Math.max(MAX_LIMIT, want), signal);
    return { items: list.items, nextCursor: list.nextCursor, counts: countsOf(list.first) };
  }
  const [list, countPage] = await Promise.all([
    fetchPages(query, want, signal),
    api.get<TicketQueue>("/v1/tickets", { query: { ...query, priority: undefined, limit: MAX_LIMIT }, signal }),
  ]);
  return { items: list.items, nextCursor: list.nextCursor, counts: countsOf(countPage) };
}

export function useQueue(filters: QueueFilters, onLoaded: (items: readonly QueueItem[]) => void): QueueView {
  const key = JSON.stringify(filters);
  const [data, setData] = useState<QueueData | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined });
  const dataRef = useRef(data);
  dataRef.current = data;
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;
  const controllerRef = useRef<AbortController | undefined>(undefined);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  /** Loads the list and counts; `keep` shows the old list meanwhile and reloads as many as it had. */
  const load = useCallback((keep: boolean) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    const query = apiQuery(filtersRef.current, new Date());
    const want = keep ? Math.max(PAGE_SIZE, dataRef.current?.items.length ?? 0) : PAGE_SIZE;
    setLoading(true);
    if (!keep) {
      setData(undefined);
      setMore({ loading: false, error: undefined });
    }
    fetchQueue(query, want, controller.signal).then(
      (queue) => {
        if (controller.signal.aborted) return;
        setData(queue);
        setError(undefined);
        setLoading(false);
        onLoadedRef.current(queue.items);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    load(false);
    return () => controllerRef.current?.abort();
  }, [key, load]);

  const refresh = useCallback(() => load(true), [load]);

  const loadMore = useCallback(() => {
    const current = dataRef.current;
    if (!current?.nextCursor) return;
    const signal = controllerRef.current?.signal;
    setMore({ loading: true, error: undefined });
    const query = apiQuery(filtersRef.current, new Date());
    api.get<TicketQueue>("/v1/tickets", { query: { ...query, limit: PAGE_SIZE, cursor: current.nextCursor }, ...(signal && { signal }) }).then(
      (page) => {
        if (signal?.aborted) return;
        setData((previous) => {
          if (!previous) return previous;
          const seen = new Set(previous.items.map((item) => item.id));
          return { ...previous, items: [...previous.items, ...page.items.filter((item) => !seen.has(item.id))], nextCursor: page.nextCursor };
        });
        setMore({ loading: false, error: undefined });
        onLoadedRef.current(page.items);
      },
      (failure: unknown) => {
        if (!signal?.aborted) setMore({ loading: false, error: failure });
      },
    );
  }, []);

  return { data, error, loading, more, refresh, loadMore };
}
