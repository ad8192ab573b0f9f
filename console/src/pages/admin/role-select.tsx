import type { JSX } from "preact";
import type { StaffRole } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";

/** Least power first: a slip of the finger gives a peksos account, not an admin one. */
const ROLES: StaffRole[] = ["peksos", "supervisor", "admin"];

/** The role of a staff account, for admins (supervisors manage peksos only and never see it). */
export function RoleSelect({ value, onChange }: { value: StaffRole; onChange: (role: StaffRole) => void }): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  return (
    <label class="field">
      <span>{t("staff_form.role")}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as StaffRole)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {tc(`role.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
