import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Agency } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { useSubmit } from "../../ui/use-submit.ts";

/** wa.me wants the number in international form, digits only: 0812… becomes 62812…. */
function whatsappLink(number: string): string {
  const digits = number.replace(/\D/g, "");
  return `https://wa.me/${digits.startsWith("0") ? `62${digits.slice(1)}` : digits}`;
}

/** One agency: its contacts as links a phone can call or open, and (for managers) edit and retire. */
export function AgencyCard({
  agency,
  canEdit,
  onEdit,
  onChanged,
}: {
  agency: Agency;
  canEdit: boolean;
  onEdit: (agency: Agency) => void;
  onChanged: (agency: Agency) => void;
}): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const [confirming, setConfirming] = useState(false);
  const change = useSubmit();

  const setActive = (active: boolean) =>
    void change.run(async () => {
      const saved = await api.patch<Agency>(`/v1/agencies/${agency.id}`, { active });
      setConfirming(false);
      onChanged(saved);
    });

  return (
    <li class={agency.active ? "card agency-card" : "card agency-card retired"}>
      <h3 class="agency-name">
        {agency.name}
        {agency.isExample && <span class="badge example-badge">{t("example.badge")}</span>}
        {!agency.active && <span class="badge state-inactive">{t("agencies.retired_badge")}</span>}
      </h3>
      <dl class="contact-list">
        {agency.phone && (
          <div>
            <dt>{t("agency_form.phone")}</dt>
            <dd>
              <a href={`tel:${agency.phone.replace(/[^\d+]/g, "")}`}>{agency.phone}</a>
            </dd>
          </div>
        )}
        {agency.whatsapp && (
          <div>
            <dt>{t("agency_form.whatsapp")}</dt>
            <dd>
              <a href={whatsappLink(agency.whatsapp)} target="_blank" rel="noopener noreferrer">
                {agency.whatsapp}
              </a>
            </dd>
          </div>
        )}
        {agency.email && (
          <div>
            <dt>{t("agency_form.email")}</dt>
            <dd>
              <a href={`mailto:${agency.email}`}>{agency.email}</a>
            </dd>
          </div>
        )}
        {agency.address && (
          <div>
            <dt>{t("agency_form.address")}</dt>
            <dd>{agency.address}</dd>
          </div>
        )}
        {agency.notes && (
          <div>
            <dt>{t("agency_form.notes")}</dt>
            <dd class="notes">{agency.notes}</dd>
          </div>
        )}
      </dl>
      {canEdit && !confirming && (
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => onEdit(agency)}>
            {tc("common.edit")}
            <span class="visually-hidden"> {agency.name}</span>
          </button>
          {agency.active ? (
            <button type="button" class="button secondary" onClick={() => setConfirming(true)}>
              {t("agencies.retire")}
              <span class="visually-hidden"> {agency.name}</span>
            </button>
          ) : (
            <button type="button" class="button secondary" disabled={change.busy} onClick={() => setActive(true)}>
              {t("agencies.restore")}
              <span class="visually-hidden"> {agency.name}</span>
            </button>
          )}
        </div>
      )}
      {canEdit && confirming && (
        <div class="actions confirm" role="group" aria-labelledby={`retire-${agency.id}`}>
          <p id={`retire-${agency.id}`}>{t("agencies.retire_confirm", { name: agency.name })}</p>
          <button type="button" class="button danger" disabled={change.busy} onClick={() => setActive(false)}>
            {t("agencies.retire_yes")}
          </button>
          <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
            {tc("common.cancel")}
          </button>
        </div>
      )}
      <Problem error={change.error} />
    </li>
  );
}
