import { CATEGORIES, PRIORITIES, TICKET_STATUSES as STATUSES } from "../../../../db/schema/values.ts";
import type { QueueItem } from "../../lib/api-types.ts";

/*
 * The queue's filters live in the address (`/tickets?priority=darurat&assignee=me`), so a
 * filtered queue can be bookmarked, shared with a colleague and left with the back button.
 * Values the console does not know (an old bookmark, a typo) are ignored rather than sent to
 * the API, which would refuse the whole request.
 */

export type Priority = QueueItem["priority"];
export type Status = QueueItem["status"];
export type Category = QueueItem["category"];

// The API's own value lists (db/schema/values.ts): one place to add a category or a status.
export { CATEGORIES, PRIORITIES, STATUSES };

/** "" is the API's default: the open statuses. */
export type StatusFilter = Status | "all" | "";
export type AssigneeFilter = "me" | "none" | "";
export const PERIODS = ["24h", "7d", "30d"] as const;
export type PeriodFilter = (typeof PERIODS)[number] | "";

const PERIOD_MS: Record<(typeof PERIODS)[number], number> = {
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
  "30d": 30 * 24 * 3_600_000,
};

export interface QueueFilters {
  status: StatusFilter;
  priority: Priority | "";
  category: Category | "";
  assignee: AssigneeFilter;
  /** A school's code. */
  school: string;
  period: PeriodFilter;
}

export const NO_FILTERS: QueueFilters = { status: "", priority: "", category: "", assignee: "", school: "", period: "" };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | "" {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : "";
}

export function readFilters(search: URLSearchParams): QueueFilters {
  return {
    status: oneOf(search.get("status"), [...STATUSES, "all"] as const),
    priority: oneOf(search.get("priority"), PRIORITIES),
    category: oneOf(search.get("category"), CATEGORIES),
    assignee: oneOf(search.get("assignee"), ["me", "none"] as const),
    school: (search.get("school") ?? "").trim().slice(0, 200),
    period: oneOf(search.get("period"), PERIODS),
  };
}

/** The queue's address for these filters; only the ones set appear. */
export function filtersHref(filters: QueueFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `/tickets?${qs}` : "/tickets";
}

/** How many filters are set, for the "Saring (2)" button on a phone. */
export function activeFilterCount(filters: QueueFilters): number {
  return Object.values(filters).filter((value) => value !== "").length;
}

export type ApiQuery = Record<string, string | undefined>;

/** GET /v1/tickets's query (TicketQueueQuerySchema) for these filters, at `now` for a period. */
export function apiQuery(filters: QueueFilters, now: Date): ApiQuery {
  return {
    status: filters.status === "all" ? STATUSES.join(",") : filters.status || undefined,
    priority: filters.priority || undefined,
    category: filters.category || undefined,
    assignee: filters.assignee || undefined,
    school: filters.school || undefined,
    since: filters.period ? new Date(now.getTime() - PERIOD_MS[filters.period]).toISOString() : undefined,
  };
}
