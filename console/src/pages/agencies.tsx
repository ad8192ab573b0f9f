import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { Agency } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { hasRole, useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { AgencyCard } from "./admin/agency-card.tsx";
import { AGENCY_TYPES } from "../../../db/schema/values.ts";
import { AgencyForm } from "./admin/agency-form.tsx";
import { StatusNote } from "../ui/status-note.tsx";
import "./admin.css";

type Panel = { kind: "none" } | { kind: "add" } | { kind: "edit"; agency: Agency };

/**
 * The unit's referral directory, by kind of service. Everyone reads it (a peksos calls the
 * UPTD PPA from here); supervisors and admins keep it right. Retired agencies stay, folded
 * away, because old referrals point at them.
 */
export function AgenciesPage(): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  const canEdit = hasRole(me, "supervisor", "admin");
  const list = useResource((signal) => api.get<{ agencies: Agency[] }>("/v1/agencies", { signal }), []);
  const [panel, setPanel] = useState<Panel>({ kind: "none" });
  const [announcement, setAnnouncement] = useState("");

  const agencies = list.data?.agencies ?? [];
  const active = agencies.filter((a) => a.active);
  const retired = agencies.filter((a) => !a.active);
  const examples = active.filter((a) => a.isExample).length;

  const changed = (agency: Agency) => {
    setAnnouncement(agency.active ? t("agencies.saved", { name: agency.name }) : t("agencies.retired", { name: agency.name }));
    list.reload();
  };
  const cardProps = { canEdit, onEdit: (agency: Agency) => setPanel({ kind: "edit", agency }), onChanged: changed };

  return (
    <div class="admin-page agencies-page">
      <h1>{t("agencies.title")}</h1>
      <p class="lead">{t("agencies.intro")}</p>
      <StatusNote text={announcement} />
      {canEdit && examples > 0 && <p class="notice warn">{t("agencies.examples_left", { n: examples })}</p>}
      {canEdit && panel.kind === "none" && (
        <div class="actions add-row">
          <button type="button" class="button primary" onClick={() => setPanel({ kind: "add" })}>
            {t("agencies.add")}
          </button>
        </div>
      )}
      {canEdit && panel.kind !== "none" && (
        <AgencyForm
          key={panel.kind === "edit" ? panel.agency.id : "new"}
          agency={panel.kind === "edit" ? panel.agency : null}
          onSaved={(agency) => {
            setPanel({ kind: "none" });
            changed(agency);
          }}
          onCancel={() => setPanel({ kind: "none" })}
        />
      )}
      {list.state === "failed" && <ErrorBlock error={list.error} onRetry={list.reload} />}
      {!list.data && list.state === "loading" && <LoadingBlock />}
      {list.data && active.length === 0 && <p>{t("agencies.empty")}</p>}
      <div class="agency-groups">
        {AGENCY_TYPES.map((type) => {
          const ofType = active.filter((a) => a.type === type);
          if (ofType.length === 0) return null;
          return (
            <section key={type} class="agency-group" aria-labelledby={`type-${type}`}>
              <h2 id={`type-${type}`}>{t(`agency_type.${type}`)}</h2>
              <ul class="agency-list">
                {ofType.map((agency) => (
                  <AgencyCard key={agency.id} agency={agency} {...cardProps} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {retired.length > 0 && (
        <details class="retired-agencies">
          <summary>{t("agencies.retired_summary", { n: retired.length })}</summary>
          <ul class="agency-list">
            {retired.map((agency) => (
              <AgencyCard key={agency.id} agency={agency} {...cardProps} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
