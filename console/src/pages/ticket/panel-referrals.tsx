import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Referral, TicketDetail, TicketReferralList } from "../../lib/api-types.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../../shell/status-blocks.tsx";
import { formatDay } from "./panel-dates.ts";
import { ReferralCreateForm } from "./panel-referral-form.tsx";
import { ReferralUpdateForm } from "./panel-referral-update.tsx";
import { useFocusReturn } from "./panel-focus.ts";
import { StatusNote } from "../../ui/status-note.tsx";

/** The ticket statuses a referral can be made from (the API answers 409 for the others). */
const REFERABLE = ["diterima", "ditangani", "dirujuk"];

/**
 * Where the case was referred and how far each agency has got. The ticket's own summary lacks
 * the note, the overdue flag and the allowed next steps, so the panel reads the ticket's
 * referrals itself, again whenever the ticket's referrals change.
 */
export function ReferralsPanel({ ticket, canWrite, onChanged }: { ticket: TicketDetail; canWrite: boolean; onChanged: () => void }): JSX.Element {
  const t = useT("console-panels");
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const createButton = useFocusReturn<HTMLButtonElement>(creating);
  const signature = ticket.referrals.map((r) => `${r.id}:${r.status}`).join(",");
  const list = useResource(
    (signal) => api.get<TicketReferralList>(`/v1/tickets/${ticket.id}/referrals`, { signal }),
    [ticket.id, signature],
  );

  const changed = (text: string) => {
    setMessage(text);
    list.reload();
    onChanged();
  };

  const referrals = list.data?.referrals ?? [];
  return (
    <section class="panel referrals-panel" aria-labelledby="panel-referrals-title">
      <h2 id="panel-referrals-title">{t("referrals.title")}</h2>
      {list.state === "failed" && <ErrorBlock error={list.error} onRetry={list.reload} />}
      {list.state === "loading" && list.data === undefined && <LoadingBlock />}
      {list.data !== undefined && referrals.length === 0 && <p class="panel-empty">{t("referrals.empty")}</p>}
      {referrals.length > 0 && (
        <ul class="referral-list">
          {referrals.map((referral) => (
            <ReferralItem key={referral.id} referral={referral} canWrite={canWrite} onChanged={changed} />
          ))}
        </ul>
      )}
      <StatusNote text={message} />
      {canWrite && !REFERABLE.includes(ticket.status) && (
        <p class="panel-hint">{ticket.status === "baru" ? t("referrals.acknowledge_first") : t("referrals.closed")}</p>
      )}
      {canWrite &&
        REFERABLE.includes(ticket.status) &&
        (creating ? (
          <ReferralCreateForm
            ticketId={ticket.id}
            onCancel={() => setCreating(false)}
            onCreated={(text) => {
              setCreating(false);
              changed(text);
            }}
          />
        ) : (
          <div class="actions">
            <button
              ref={createButton}
              type="button"
              class={referrals.length === 0 ? "button primary" : "button secondary"}
              onClick={() => {
                setMessage(null);
                setCreating(true);
              }}
            >
              {referrals.length === 0 ? t("referrals.new") : t("referrals.new_another")}
            </button>
          </div>
        ))}
    </section>
  );
}

function ReferralItem({ referral, canWrite, onChanged }: { referral: Referral; canWrite: boolean; onChanged: (message: string) => void }): JSX.Element {
  const t = useT("console-panels");
  const language = useLanguage();
  const [updating, setUpdating] = useState(false);
  const updateButton = useFocusReturn<HTMLButtonElement>(updating);
  const headingId = `referral-${referral.id}`;
  return (
    <li class={`referral-card${referral.overdue ? " is-overdue" : ""}`}>
      <div class="referral-head">
        <h3 id={headingId}>{referral.agency.name}</h3>
        <span class={`badge referral-status referral-${referral.status}`}>{t(`referral_status.${referral.status}`)}</span>
        {referral.overdue && <span class="badge overdue-badge">{t("referrals.overdue")}</span>}
      </div>
      <p class="referral-type">{t(`agency_type.${referral.agency.type}`)}</p>
      <dl class="referral-facts">
        <div>
          <dt>{t("referrals.referred")}</dt>
          <dd>
            {formatDay(referral.createdAt, language)}
            {referral.createdBy && ` · ${referral.createdBy.name}`}
          </dd>
        </div>
        {referral.dueAt !== null && (
          <div>
            <dt>{t("referrals.due")}</dt>
            <dd>{formatDay(referral.dueAt, language)}</dd>
          </div>
        )}
        {referral.closedAt !== null && (
          <div>
            <dt>{t("referrals.closed_at")}</dt>
            <dd>{formatDay(referral.closedAt, language)}</dd>
          </div>
        )}
      </dl>
      {referral.note !== null && (
        <div class="referral-note">
          <p class="referral-note-label">{t("referrals.note")}</p>
          <blockquote>{referral.note}</blockquote>
        </div>
      )}
      {referral.rejectionReason !== null && <p class="referral-rejection">{t("referrals.rejection", { reason: referral.rejectionReason })}</p>}
      {canWrite &&
        referral.allowedNext.length > 0 &&
        (updating ? (
          <ReferralUpdateForm
            referral={referral}
            onCancel={() => setUpdating(false)}
            onUpdated={(updated) => {
              setUpdating(false);
              onChanged(t("referrals.updated", { agency: updated.agency.name, status: t(`referral_status.${updated.status}`) }));
            }}
          />
        ) : (
          <div class="actions">
            <button ref={updateButton} type="button" class="button secondary" aria-describedby={headingId} onClick={() => setUpdating(true)}>
              {t("referrals.update")}
            </button>
          </div>
        ))}
    </li>
  );
}
