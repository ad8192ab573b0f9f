import type { JSX } from "preact";
import { formatNumber } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { PRIORITIES, type Priority } from "./filters.ts";
import type { PriorityCounts } from "./use-queue.ts";

/**
 * "2 darurat · 5 tinggi …" at the top of the queue; each count is also the quickest filter
 * (pressed again, it shows all priorities).
 */
export function PriorityCountBar({
  counts,
  selected,
  onSelect,
}: {
  counts: PriorityCounts | null;
  selected: Priority | "";
  onSelect: (priority: Priority | "") => void;
}): JSX.Element {
  const t = useT("console-queue");
  const tTriage = useT("triage");
  const language = useLanguage();
  return (
    <ul class="priority-counts" aria-label={t("counts.label")}>
      {PRIORITIES.map((priority) => {
        const count = counts?.[priority];
        const number = count === undefined || count === null ? "…" : `${formatNumber(count.n, language)}${count.exact ? "" : "+"}`;
        const pressed = selected === priority;
        return (
          <li key={priority}>
            <button
              type="button"
              class={`count-button count-${priority}${count && count.n > 0 ? " nonzero" : ""}`}
              aria-pressed={pressed}
              onClick={() => onSelect(pressed ? "" : priority)}
            >
              <span class="count-number">{number}</span> <span class="count-label">{tTriage(`priority.${priority}`)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
