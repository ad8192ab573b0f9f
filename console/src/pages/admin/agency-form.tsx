import { AGENCY_TYPES } from "../../../../db/schema/values.ts";
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Agency } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { useFieldIds } from "./field-ids.ts";
import { FormActions } from "./form-actions.tsx";
import { useSubmit } from "../../ui/use-submit.ts";

export type AgencyType = Agency["type"];

const CONTACT_FIELDS = ["phone", "whatsapp", "email", "address", "notes"] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
type Contacts = Record<ContactField, string>;

function contactsOf(agency: Agency | null): Contacts {
  return {
    phone: agency?.phone ?? "",
    whatsapp: agency?.whatsapp ?? "",
    email: agency?.email ?? "",
    address: agency?.address ?? "",
    notes: agency?.notes ?? "",
  };
}

/**
 * Add an agency or correct one. An emptied field is sent as null when editing (the API clears
 * it) and left out when adding. Saving a seeded example marks it checked.
 */
export function AgencyForm({
  agency,
  onSaved,
  onCancel,
}: {
  agency: Agency | null;
  onSaved: (agency: Agency) => void;
  onCancel: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const [name, setName] = useState(agency?.name ?? "");
  const [type, setType] = useState<AgencyType>(agency?.type ?? "uptd_ppa");
  const [contacts, setContacts] = useState<Contacts>(contactsOf(agency));
  const save = useSubmit();
  const notesField = useFieldIds();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [agency?.id]);

  const setContact = (field: ContactField, value: string) => setContacts((current) => ({ ...current, [field]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      if (agency) {
        const cleared = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, contacts[f].trim() === "" ? null : contacts[f]]));
        onSaved(await api.patch<Agency>(`/v1/agencies/${agency.id}`, { name, type, ...cleared }));
      } else {
        const filled = Object.fromEntries(CONTACT_FIELDS.filter((f) => contacts[f].trim() !== "").map((f) => [f, contacts[f]]));
        onSaved(await api.post<Agency>("/v1/agencies", { name, type, ...filled }));
      }
    });
  };

  return (
    <form class="card admin-form" onSubmit={submit}>
      <h2 tabIndex={-1} ref={heading}>
        {agency ? t("agency_form.edit_title", { name: agency.name }) : t("agency_form.add_title")}
      </h2>
      {agency?.isExample && <p class="notice warn">{t("agency_form.example_hint")}</p>}
      <label class="field">
        <span>{t("agency_form.name")}</span>
        <input required minLength={2} maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t("agency_form.type")}</span>
        <select value={type} onChange={(e) => setType(e.currentTarget.value as AgencyType)}>
          {AGENCY_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(`agency_type.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <div class="field-pair">
        <label class="field">
          <span>{t("agency_form.phone")}</span>
          <input type="tel" maxLength={30} value={contacts.phone} onInput={(e) => setContact("phone", e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("agency_form.whatsapp")}</span>
          <input type="tel" maxLength={30} value={contacts.whatsapp} onInput={(e) => setContact("whatsapp", e.currentTarget.value)} />
        </label>
      </div>
      <p class="hint">{t("agency_form.phone_hint")}</p>
      <label class="field">
        <span>{t("agency_form.email")}</span>
        <input type="email" maxLength={254} value={contacts.email} onInput={(e) => setContact("email", e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t("agency_form.address")}</span>
        <textarea rows={2} maxLength={500} value={contacts.address} onInput={(e) => setContact("address", e.currentTarget.value)} />
      </label>
      <label class="field">
        <span id={notesField.label}>{t("agency_form.notes")}</span>
        <textarea
          rows={3}
          maxLength={2000}
          aria-labelledby={notesField.label}
          aria-describedby={notesField.hint}
          value={contacts.notes}
          onInput={(e) => setContact("notes", e.currentTarget.value)}
        />
        <small id={notesField.hint}>{t("agency_form.notes_hint")}</small>
      </label>
      <FormActions save={save} onCancel={onCancel} />
    </form>
  );
}
