import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { navigate } from "../../lib/router.ts";
import { PERIOD_PRESETS, periodHref, type PeriodChoice, type PeriodPreset } from "./period.ts";

/**
 * The period of the report. A preset applies at once; own dates apply with the button, so the
 * report is not fetched for every half-typed date. The choice goes into the address bar.
 */
export function PeriodPicker({ choice }: { choice: PeriodChoice }): JSX.Element {
  const t = useT("console-reports");
  const [preset, setPreset] = useState<PeriodPreset>(choice.preset);
  const [since, setSince] = useState(choice.since);
  const [until, setUntil] = useState(choice.until);

  // Back and forward buttons change the address; the form follows.
  useEffect(() => {
    setPreset(choice.preset);
    setSince(choice.since);
    setUntil(choice.until);
  }, [choice.preset, choice.since, choice.until]);

  const choose = (next: PeriodPreset) => {
    setPreset(next);
    if (next !== "custom") navigate(periodHref({ preset: next, since: "", until: "" }));
  };

  const submit = (event: Event) => {
    event.preventDefault();
    navigate(periodHref({ preset: "custom", since, until }));
  };

  return (
    <form class="card period-picker no-print" onSubmit={submit}>
      <label class="field">
        <span>{t("stats.period.label")}</span>
        <select value={preset} onChange={(event) => choose(event.currentTarget.value as PeriodPreset)}>
          {PERIOD_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`stats.period.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {preset === "custom" && (
        <div class="period-dates">
          <label class="field">
            <span>{t("stats.period.since")}</span>
            <input type="date" required value={since} onInput={(event) => setSince(event.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t("stats.period.until")}</span>
            <input type="date" required value={until} min={since || undefined} onInput={(event) => setUntil(event.currentTarget.value)} />
          </label>
          <button type="submit" class="button primary">
            {t("stats.period.apply")}
          </button>
        </div>
      )}
    </form>
  );
}
