import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { SchoolList } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import {
  activeFilterCount,
  CATEGORIES,
  NO_FILTERS,
  PERIODS,
  PRIORITIES,
  STATUSES,
  type QueueFilters,
} from "./filters.ts";

type School = SchoolList["schools"][number];

/**
 * The unit's schools for the school filter. When the list cannot be had (an older API without
 * the route, or a failure) the filter is left out: a school from a bookmark still applies.
 */
function useSchools(): School[] | undefined {
  const [schools, setSchools] = useState<School[] | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    api.get<SchoolList>("/v1/schools", { signal: controller.signal }).then(
      (list) => setSchools(list.schools),
      () => setSchools(undefined),
    );
    return () => controller.abort();
  }, []);
  return schools;
}

/**
 * On a phone the filters fold behind "Saring" (with how many are set); on a desktop they are a row
 * above the list. Every change is a new address, so the back button undoes it.
 */
export function QueueFilterPanel({
  filters,
  onChange,
}: {
  filters: QueueFilters;
  onChange: (filters: QueueFilters) => void;
}): JSX.Element {
  const t = useT("console-queue");
  const tShell = useT();
  const tTriage = useT("triage");
  const schools = useSchools();
  const [open, setOpen] = useState(false);
  const active = activeFilterCount(filters);

  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => onChange({ ...filters, [key]: value });
  const schoolKnown = schools?.some((school) => school.code === filters.school) ?? false;

  return (
    <section class="queue-filters no-print" aria-labelledby="queue-filters-title">
      <h2 id="queue-filters-title" class="visually-hidden">
        {t("filters.heading")}
      </h2>
      <button type="button" class="button secondary filter-toggle" aria-expanded={open} aria-controls="queue-filter-fields" onClick={() => setOpen(!open)}>
        {active > 0 ? t("filters.toggle_active", { n: active }) : t("filters.toggle")}
      </button>
      <div id="queue-filter-fields" class={open ? "filter-fields open" : "filter-fields"}>
        <label class="field">
          <span>{t("filters.status")}</span>
          <select value={filters.status} onChange={(e) => set("status", e.currentTarget.value as QueueFilters["status"])}>
            <option value="">{t("filters.status_open")}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {tShell(`status.${status}`)}
              </option>
            ))}
            <option value="all">{t("filters.status_all")}</option>
          </select>
        </label>
        <label class="field">
          <span>{t("filters.priority")}</span>
          <select value={filters.priority} onChange={(e) => set("priority", e.currentTarget.value as QueueFilters["priority"])}>
            <option value="">{t("filters.priority_all")}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {tTriage(`priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("filters.category")}</span>
          <select value={filters.category} onChange={(e) => set("category", e.currentTarget.value as QueueFilters["category"])}>
            <option value="">{t("filters.category_all")}</option>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {tTriage(`category.${category}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("filters.assignee")}</span>
          <select value={filters.assignee} onChange={(e) => set("assignee", e.currentTarget.value as QueueFilters["assignee"])}>
            <option value="">{t("filters.assignee_all")}</option>
            <option value="me">{t("filters.assignee_me")}</option>
            <option value="none">{t("filters.assignee_none")}</option>
          </select>
        </label>
        {schools && (
          <label class="field">
            <span>{t("filters.school")}</span>
            <select value={filters.school} onChange={(e) => set("school", e.currentTarget.value)}>
              <option value="">{t("filters.school_all")}</option>
              {filters.school && !schoolKnown && <option value={filters.school}>{filters.school}</option>}
              {schools.map((school) => (
                <option key={school.id} value={school.code}>
                  {school.kecamatan ? `${school.name} (${school.kecamatan})` : school.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="field">
          <span>{t("filters.period")}</span>
          <select value={filters.period} onChange={(e) => set("period", e.currentTarget.value as QueueFilters["period"])}>
            <option value="">{t("filters.period_all")}</option>
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                {t(`filters.period_${period}`)}
              </option>
            ))}
          </select>
        </label>
        {active > 0 && (
          <button type="button" class="link-button filter-reset" onClick={() => onChange(NO_FILTERS)}>
            {t("filters.reset")}
          </button>
        )}
      </div>
    </section>
  );
}
