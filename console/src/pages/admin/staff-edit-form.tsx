import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { StaffAccount, StaffRole } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { hasRole, useSession } from "../../lib/session.ts";
import { useFieldIds } from "./field-ids.ts";
import { FormActions } from "./form-actions.tsx";
import { RoleSelect } from "./role-select.tsx";
import { useSubmit } from "../../ui/use-submit.ts";


/**
 * Name, phone, role and active. Only admins change roles, and nobody demotes or deactivates
 * themselves (the API refuses both), so those fields are left out rather than refused.
 */
export function StaffEditForm({
  account,
  onSaved,
  onCancel,
}: {
  account: StaffAccount;
  onSaved: (account: StaffAccount) => void;
  onCancel: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  const self = account.id === me.id;
  const mayChangeRole = hasRole(me, "admin") && !self;
  const [name, setName] = useState(account.name);
  const [phone, setPhone] = useState(account.phone ?? "");
  const [role, setRole] = useState<StaffRole>(account.role);
  const [active, setActive] = useState(account.active);
  const save = useSubmit();
  const phoneField = useFieldIds();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [account.id]);

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const newPhone = phone.trim() === "" ? null : phone;
      const changes = {
        ...(name !== account.name && { name }),
        ...(newPhone !== account.phone && { phone: newPhone }),
        ...(mayChangeRole && role !== account.role && { role }),
        ...(!self && active !== account.active && { active }),
      };
      onSaved(Object.keys(changes).length === 0 ? account : await api.patch<StaffAccount>(`/v1/staff/${account.id}`, changes));
    });
  };

  return (
    <form class="card admin-form" onSubmit={submit}>
      <h2 tabIndex={-1} ref={heading}>
        {t("staff_form.edit_title", { name: account.name })}
      </h2>
      <p class="hint">{account.email}</p>
      <label class="field">
        <span>{t("staff_form.name")}</span>
        <input required maxLength={120} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span id={phoneField.label}>{t("staff_form.phone")}</span>
        <input
          type="tel"
          aria-labelledby={phoneField.label}
          aria-describedby={phoneField.hint}
          maxLength={24}
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <small id={phoneField.hint}>{t("staff_form.phone_hint")}</small>
      </label>
      {mayChangeRole && (
        <RoleSelect value={role} onChange={setRole} />
      )}
      {!self && (
        <label class="choice">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <span>
            <strong>{t("staff_form.active")}</strong>
            <small>{t("staff_form.active_hint")}</small>
          </span>
        </label>
      )}
      {self && <p class="hint">{t("staff_form.self_hint")}</p>}
      <FormActions save={save} onCancel={onCancel} />
    </form>
  );
}
