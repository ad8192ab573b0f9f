import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError, api } from "../../lib/api.ts";
import type { Shift } from "../../lib/api-types.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { useSubmit } from "../../ui/use-submit.ts";
import { formatDay } from "./when.ts";
import { startOfDay } from "./zoned-time.ts";

const WEEK_MS = 7 * 24 * 60 * 60_000;

type Step =
  | { kind: "idle" }
  | { kind: "nothing" }
  | { kind: "confirm"; shifts: Shift[] }
  | { kind: "done"; created: number; skipped: number };

/**
 * "Copy last week": the shifts that started in the past 7 days, each a week later. Most units
 * run the same weekly pattern; a copy that clashes with a shift already planned is skipped and
 * counted, never forced.
 */
export function CopyLastWeek({ timeZone, onCopied }: { timeZone: string; onCopied: () => void }): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const language = useLanguage();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const action = useSubmit();
  const today = startOfDay(new Date(), timeZone);
  const weekAgo = startOfDay(new Date(), timeZone, -7);

  const prepare = () =>
    void action.run(async () => {
      const list = await api.get<{ shifts: Shift[] }>("/v1/shifts", { query: { from: weekAgo.toISOString(), to: today.toISOString() } });
      const shifts = list.shifts.filter((s) => new Date(s.startsAt) >= weekAgo && s.staffActive);
      setStep(shifts.length === 0 ? { kind: "nothing" } : { kind: "confirm", shifts });
    });

  const copy = (shifts: Shift[]) =>
    void action.run(async () => {
      let created = 0;
      let skipped = 0;
      // One at a time: each copy is checked against the ones made before it.
      for (const shift of shifts) {
        try {
          await api.post<Shift>("/v1/shifts", {
            staffId: shift.staffId,
            tier: shift.tier,
            startsAt: new Date(new Date(shift.startsAt).getTime() + WEEK_MS).toISOString(),
            endsAt: new Date(new Date(shift.endsAt).getTime() + WEEK_MS).toISOString(),
          });
          created += 1;
        } catch (error) {
          if (!(error instanceof ApiError) || error.status === 0 || error.status === 401) throw error;
          skipped += 1;
        }
      }
      setStep({ kind: "done", created, skipped });
      onCopied();
    });

  const period = t("copy_week.period", {
    from: formatDay(weekAgo, language, timeZone),
    to: formatDay(startOfDay(new Date(), timeZone, -1), language, timeZone),
  });

  return (
    <section class="copy-week" aria-labelledby="copy-week-title">
      <h3 id="copy-week-title">{t("copy_week.title")}</h3>
      <p class="hint">{t("copy_week.hint", { period })}</p>
      {step.kind === "confirm" ? (
        <div class="actions" role="group" aria-labelledby="copy-week-question">
          <p id="copy-week-question">{t("copy_week.confirm", { n: step.shifts.length })}</p>
          <button type="button" class="button primary" disabled={action.busy} onClick={() => copy(step.shifts)}>
            {action.busy ? t("copy_week.copying") : t("copy_week.yes")}
          </button>
          <button type="button" class="button secondary" disabled={action.busy} onClick={() => setStep({ kind: "idle" })}>
            {tc("common.cancel")}
          </button>
        </div>
      ) : (
        <button type="button" class="button secondary" disabled={action.busy} onClick={prepare}>
          {t("copy_week.button")}
        </button>
      )}
      {step.kind === "nothing" && <p role="status">{t("copy_week.nothing")}</p>}
      {step.kind === "done" && (
        <p class="notice" role="status">
          {t("copy_week.done", { created: step.created, skipped: step.skipped })}
        </p>
      )}
      <Problem error={action.error} />
    </section>
  );
}
