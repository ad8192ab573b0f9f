import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Shift, StaffAccount } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { useFieldIds } from "./field-ids.ts";
import { FormActions } from "./form-actions.tsx";
import { useSubmit } from "../../ui/use-submit.ts";
import { fromLocalInput, toLocalInput, zoneName } from "./zoned-time.ts";

const HOUR_MS = 60 * 60_000;
/** A common day shift; the supervisor changes it as needed. */
const DEFAULT_SHIFT_HOURS = 12;

type Tier = Shift["tier"];

function defaultTimes(timeZone: string): { startsAt: string; endsAt: string } {
  // From the start of the current hour, so a shift added "now" covers now.
  const startsAt = `${toLocalInput(new Date(), timeZone).slice(0, 13)}:00`;
  const start = fromLocalInput(startsAt, timeZone) ?? new Date();
  return { startsAt, endsAt: toLocalInput(new Date(start.getTime() + DEFAULT_SHIFT_HOURS * HOUR_MS), timeZone) };
}

/**
 * Add or change a shift. Times are typed in the unit's zone and sent as instants; the API checks
 * eligibility, length and overlaps and says what is in the way, in the staff's language.
 */
export function ShiftForm({
  staff,
  editing,
  timeZone,
  onSaved,
  onCancel,
}: {
  /** Active peksos and supervisors: who can be on call. */
  staff: StaffAccount[];
  editing: Shift | null;
  timeZone: string;
  onSaved: (shift: Shift) => void;
  onCancel: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const initial = editing
    ? { startsAt: toLocalInput(editing.startsAt, timeZone), endsAt: toLocalInput(editing.endsAt, timeZone) }
    : defaultTimes(timeZone);
  const [staffId, setStaffId] = useState(editing?.staffId ?? "");
  const [tier, setTier] = useState<Tier>(editing?.tier ?? "primary");
  const [startsAt, setStartsAt] = useState(initial.startsAt);
  const [endsAt, setEndsAt] = useState(initial.endsAt);
  const save = useSubmit();
  const staffField = useFieldIds();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [editing?.id]);

  const zone = zoneName(timeZone);
  // A shift of someone since deactivated still shows who it was, so it can be reassigned.
  const options = editing && !staff.some((s) => s.id === editing.staffId) ? [{ id: editing.staffId, name: editing.staffName, role: null }, ...staff] : staff;

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const start = fromLocalInput(startsAt, timeZone);
      const end = fromLocalInput(endsAt, timeZone);
      if (!start || !end) throw new Error("datetime-local value missing");
      const body = { staffId, tier, startsAt: start.toISOString(), endsAt: end.toISOString() };
      const saved = editing ? await api.patch<Shift>(`/v1/shifts/${editing.id}`, body) : await api.post<Shift>("/v1/shifts", body);
      onSaved(saved);
    });
  };

  return (
    <form class="card shift-form" onSubmit={submit}>
      <h3 tabIndex={-1} ref={heading}>
        {editing ? t("shift_form.edit_title") : t("shift_form.add_title")}
      </h3>
      <label class="field">
        <span id={staffField.label}>{t("shift_form.staff")}</span>
        <select required aria-labelledby={staffField.label} value={staffId} onChange={(e) => setStaffId(e.currentTarget.value)}>
          <option value="">{t("shift_form.choose_staff")}</option>
          {options.map((person) => (
            <option key={person.id} value={person.id}>
              {person.role ? `${person.name} (${tc(`role.${person.role}`)})` : person.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="tier-choice">
        <legend>{t("shift_form.tier")}</legend>
        {(["primary", "backup"] as const).map((value) => (
          <label key={value} class="choice">
            <input type="radio" name="tier" value={value} checked={tier === value} onChange={() => setTier(value)} />
            <span>
              <strong>{t(`tier.${value}`)}</strong>
              <small>{t(`shift_form.tier_${value}_hint`)}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="time-pair">
        <label class="field">
          <span>{t("shift_form.starts", { zone })}</span>
          <input type="datetime-local" required value={startsAt} onInput={(e) => setStartsAt(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("shift_form.ends", { zone })}</span>
          <input type="datetime-local" required value={endsAt} onInput={(e) => setEndsAt(e.currentTarget.value)} />
        </label>
      </div>
      <p class="hint">{t("shift_form.length_hint")}</p>
      <FormActions save={save} onCancel={onCancel} />
    </form>
  );
}
