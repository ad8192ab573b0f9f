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
 * A new account with a password the API generates and shows once. Supervisors add peksos only
 * (the API's rule), so they are not offered a choice they would be refused.
 */
export function StaffCreateForm({
  onCreated,
  onCancel,
}: {
  onCreated: (staff: StaffAccount, oneTimePassword: string | undefined) => void;
  onCancel: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  const admin = hasRole(me, "admin");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StaffRole>("peksos");
  const [phone, setPhone] = useState("");
  const save = useSubmit();
  const phoneField = useFieldIds();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const body = { name, email, role: admin ? role : "peksos", ...(phone.trim() && { phone }) };
      const created = await api.post<{ staff: StaffAccount; oneTimePassword?: string }>("/v1/staff", body);
      onCreated(created.staff, created.oneTimePassword);
    });
  };

  return (
    <form class="card admin-form" onSubmit={submit}>
      <h2 tabIndex={-1} ref={heading}>
        {t("staff_form.add_title")}
      </h2>
      <label class="field">
        <span>{t("staff_form.name")}</span>
        <input required maxLength={120} autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t("staff_form.email")}</span>
        <input type="email" required maxLength={254} autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      {admin ? (
        <RoleSelect value={role} onChange={setRole} />
      ) : (
        <p class="hint">{t("staff_form.peksos_only")}</p>
      )}
      <label class="field">
        <span id={phoneField.label}>{t("staff_form.phone")}</span>
        <input
          type="tel"
          aria-labelledby={phoneField.label}
          aria-describedby={phoneField.hint}
          maxLength={24}
          autocomplete="off"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
        />
        <small id={phoneField.hint}>{t("staff_form.phone_hint")}</small>
      </label>
      <p class="hint">{t("staff_form.password_hint")}</p>
      <FormActions save={save} onCancel={onCancel} submitLabel={t("staff_form.create")} />
    </form>
  );
}
