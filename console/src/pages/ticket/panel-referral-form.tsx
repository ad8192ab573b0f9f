import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Agency, AgencyList, CreatedReferral } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { hasRole, useSession } from "../../lib/session.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../../shell/status-blocks.tsx";
import { Problem } from "../../ui/problem.tsx";
import { useSubmit } from "../../ui/use-submit.ts";
import { dateInputValue, daysFromToday, endOfDay } from "./panel-dates.ts";

/** Limit of CreateReferralBodySchema's note. */
const NOTE_MAX = 2000;
/** A week: the usual time an agency is given to answer before the peksos follows up. */
const DEFAULT_DUE_DAYS = 7;

/** Refer the ticket to an active agency of the unit: what is asked of it, and by when. */
export function ReferralCreateForm({
  ticketId,
  onCancel,
  onCreated,
}: {
  ticketId: string;
  onCancel: () => void;
  onCreated: (message: string) => void;
}): JSX.Element {
  const t = useT("console-panels");
  const tConsole = useT();
  const { me } = useSession();
  const agencies = useResource((signal) => api.get<AgencyList>("/v1/agencies", { signal, query: { active: "true" } }), []);
  const [agencyId, setAgencyId] = useState("");
  const [note, setNote] = useState("");
  const [due, setDue] = useState(() => dateInputValue(daysFromToday(DEFAULT_DUE_DAYS)));
  const save = useSubmit();
  const agencySelect = useRef<HTMLSelectElement>(null);

  const list = agencies.data?.agencies ?? [];
  const ready = agencies.data !== undefined && list.length > 0;
  useEffect(() => {
    if (ready) agencySelect.current?.focus();
  }, [ready]);

  async function submit(event: Event) {
    event.preventDefault();
    const dueAt = endOfDay(due);
    if (agencyId === "" || dueAt === null) return;
    await save.run(async () => {
      const created = await api.post<CreatedReferral>(`/v1/tickets/${ticketId}/referrals`, {
        agencyId,
        note: note.trim(),
        dueAt: dueAt.toISOString(),
      });
      onCreated(
        t(created.reporterNotified ? "referrals.created_notified" : "referrals.created_not_notified", { agency: created.agency.name }),
      );
    });
  }

  if (agencies.state === "failed") return <ErrorBlock error={agencies.error} onRetry={agencies.reload} />;
  if (agencies.data === undefined) return <LoadingBlock />;
  if (list.length === 0) {
    return (
      <div class="panel-form">
        <p class="panel-hint">{t("referrals.no_agencies")}</p>
        <div class="actions">
          {hasRole(me, "supervisor", "admin") && (
            <a class="button secondary" href="/agencies">
              {t("referrals.manage_agencies")}
            </a>
          )}
          <button type="button" class="button secondary" onClick={onCancel}>
            {tConsole("common.cancel")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form class="panel-form" onSubmit={submit}>
      <h3>{t("referrals.new")}</h3>
      {/* Labelled by id, not by wrapping: a wrapping label would read the chosen option into the select's name. */}
      <div class="field">
        <label for="referral-agency">{t("referrals.agency")}</label>
        <select id="referral-agency" ref={agencySelect} value={agencyId} required onChange={(e) => setAgencyId(e.currentTarget.value)}>
          <option value="">{t("referrals.choose_agency")}</option>
          {groupByType(list).map(([type, group]) => (
            <optgroup key={type} label={t(`agency_type.${type}`)}>
              {group.map((agency) => (
                <option key={agency.id} value={agency.id}>
                  {agency.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <label class="field">
        <span>{t("referrals.request")}</span>
        <textarea
          value={note}
          required
          maxLength={NOTE_MAX}
          aria-describedby="referral-request-hint"
          onInput={(e) => setNote(e.currentTarget.value)}
        />
        <small id="referral-request-hint" class="private-hint">
          {t("referrals.request_hint")}
        </small>
      </label>
      <label class="field">
        <span>{t("referrals.due_date")}</span>
        <input type="date" value={due} required min={dateInputValue(new Date())} onInput={(e) => setDue(e.currentTarget.value)} />
      </label>
      <p class="panel-hint">{t("referrals.reporter_hint")}</p>
      <Problem error={save.error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          {save.busy ? tConsole("common.saving") : t("referrals.submit")}
        </button>
        <button type="button" class="button secondary" onClick={onCancel}>
          {tConsole("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The directory's order within each type (active first, then by name), types in the order they first appear. */
function groupByType(agencies: readonly Agency[]): Array<[Agency["type"], Agency[]]> {
  const groups = new Map<Agency["type"], Agency[]>();
  for (const agency of agencies) {
    const group = groups.get(agency.type);
    if (group) group.push(agency);
    else groups.set(agency.type, [agency]);
  }
  return [...groups];
}
