import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Shift } from "../../lib/api-types.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { AlertChannelTag } from "./alert-channel.tsx";
import { useSubmit } from "../../ui/use-submit.ts";
import { formatDay, formatWhen } from "./when.ts";
import { dayKey, startOfDay } from "./zoned-time.ts";

interface Day {
  key: string;
  start: Date;
  shifts: Shift[];
}

/** Each shift under the day it starts on; one that began before the first day shows under it. */
function groupByDay(shifts: Shift[], from: Date, days: number, timeZone: string): Day[] {
  const list: Day[] = Array.from({ length: days }, (_, i) => {
    const start = startOfDay(from, timeZone, i);
    return { key: dayKey(start, timeZone), start, shifts: [] };
  });
  const first = list[0];
  for (const shift of shifts) {
    const key = dayKey(shift.startsAt, timeZone);
    const day = list.find((d) => d.key === key) ?? (first && key < first.key ? first : undefined);
    day?.shifts.push(shift);
  }
  return list;
}

/**
 * The coming days' shifts: on a phone a list under day headings, on a desktop the same markup
 * laid out as a table (admin.css), so there is one list to keep right and to read aloud.
 */
export function ShiftSchedule({
  shifts,
  from,
  days,
  timeZone,
  canEdit,
  onEdit,
  onDeleted,
}: {
  shifts: Shift[];
  from: Date;
  days: number;
  timeZone: string;
  canEdit: boolean;
  onEdit: (shift: Shift) => void;
  onDeleted: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  const now = new Date();
  const todayKey = dayKey(now, timeZone);
  const tomorrowKey = dayKey(startOfDay(now, timeZone, 1), timeZone);
  const columns = canEdit ? 5 : 4;

  return (
    <div class="table-wrap">
      <table class="shift-table">
        <caption class="visually-hidden">{t("schedule.caption", { days })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("schedule.time")}</th>
            <th scope="col">{t("schedule.tier")}</th>
            <th scope="col">{t("schedule.staff")}</th>
            <th scope="col">{t("schedule.alerts")}</th>
            {canEdit && <th scope="col">{t("schedule.actions")}</th>}
          </tr>
        </thead>
        {groupByDay(shifts, from, days, timeZone).map((day) => (
          <tbody key={day.key}>
            <tr class="day-row">
              <th scope="colgroup" colSpan={columns}>
                {formatDay(day.start, language, timeZone)}
                {day.key === todayKey && <span class="day-tag">{t("schedule.today")}</span>}
                {day.key === tomorrowKey && <span class="day-tag">{t("schedule.tomorrow")}</span>}
              </th>
            </tr>
            {day.shifts.length === 0 ? (
              <tr class="empty-row">
                <td colSpan={columns}>{t("schedule.empty_day")}</td>
              </tr>
            ) : (
              day.shifts.map((shift) => (
                <ShiftRow key={shift.id} shift={shift} timeZone={timeZone} now={now} canEdit={canEdit} onEdit={onEdit} onDeleted={onDeleted} />
              ))
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function ShiftRow({
  shift,
  timeZone,
  now,
  canEdit,
  onEdit,
  onDeleted,
}: {
  shift: Shift;
  timeZone: string;
  now: Date;
  canEdit: boolean;
  onEdit: (shift: Shift) => void;
  onDeleted: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const language = useLanguage();
  const [confirming, setConfirming] = useState(false);
  const remove = useSubmit();
  const starts = new Date(shift.startsAt);
  const running = starts <= now && now < new Date(shift.endsAt);

  const confirmDelete = () =>
    void remove.run(async () => {
      await api.delete<null>(`/v1/shifts/${shift.id}`);
      setConfirming(false);
      onDeleted();
    });

  return (
    <tr class={running ? "shift-row running" : "shift-row"}>
      <td class="shift-time">
        {formatWhen(starts, language, timeZone, starts)} – {formatWhen(shift.endsAt, language, timeZone, starts)}
        {running && <span class="day-tag running-tag">{t("schedule.running")}</span>}
      </td>
      <td>
        <span class={`badge tier-${shift.tier}`}>{t(`tier.${shift.tier}`)}</span>
      </td>
      <td class="shift-staff">
        {shift.staffName}
        {!shift.staffActive && <span class="warning-text"> ⚠ {t("schedule.inactive")}</span>}
      </td>
      <td>
        <AlertChannelTag channel={shift.alertChannel} />
      </td>
      {canEdit && (
        <td class="shift-actions">
          {confirming ? (
            <div class="actions confirm" role="group" aria-labelledby={`delete-${shift.id}`}>
              <p id={`delete-${shift.id}`}>{t("schedule.confirm_delete", { name: shift.staffName })}</p>
              <button type="button" class="button danger" disabled={remove.busy} onClick={confirmDelete}>
                {t("schedule.delete_yes")}
              </button>
              <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
                {tc("common.cancel")}
              </button>
            </div>
          ) : (
            <div class="actions">
              <button type="button" class="button secondary" onClick={() => onEdit(shift)}>
                {tc("common.edit")}
                <span class="visually-hidden"> {t("schedule.shift_of", { name: shift.staffName })}</span>
              </button>
              <button type="button" class="button secondary" onClick={() => setConfirming(true)}>
                {tc("common.delete")}
                <span class="visually-hidden"> {t("schedule.shift_of", { name: shift.staffName })}</span>
              </button>
            </div>
          )}
          <Problem error={remove.error} />
        </td>
      )}
    </tr>
  );
}
