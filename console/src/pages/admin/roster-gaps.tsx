import type { JSX } from "preact";
import type { RosterGaps } from "../../lib/api-types.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { formatWhen } from "./when.ts";

/** Holes in the coming days' cover, for the supervisor to fill before they matter. */
export function RosterGapList({ gaps, timeZone }: { gaps: RosterGaps["gaps"]; timeZone: string }): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  const now = new Date();
  return (
    <section class="roster-gaps" aria-labelledby="roster-gaps-title">
      <h2 id="roster-gaps-title">{t("gaps.title")}</h2>
      {gaps.length === 0 ? (
        <p class="notice">{t("gaps.none")}</p>
      ) : (
        <ul class="gap-list">
          {gaps.map((gap) => {
            const period = t("gaps.period", {
              from: formatWhen(gap.from, language, timeZone, now),
              to: formatWhen(gap.to, language, timeZone, new Date(gap.from)),
            });
            return (
              <li key={`${gap.kind}-${gap.from}`} class={`gap gap-${gap.kind}`}>
                <strong>⚠ {period}</strong>{" "}
                {gap.kind === "no_primary" ? t("gaps.no_primary") : t("gaps.primary_unlinked", { name: gap.name })}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
