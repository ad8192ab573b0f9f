import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Referral } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { useSubmit } from "../../ui/use-submit.ts";

type ReferralStatus = Referral["status"];

/** Limits of UpdateReferralBodySchema. */
const REASON_MIN = 3;
const REASON_MAX = 1000;
const NOTE_MAX = 2000;

/**
 * What the agency did: the next status (only those the API allows from here: forward, or
 * ditolak with a reason), with what the agency said, kept on the timeline.
 */
export function ReferralUpdateForm({
  referral,
  onCancel,
  onUpdated,
}: {
  referral: Referral;
  onCancel: () => void;
  onUpdated: (referral: Referral) => void;
}): JSX.Element {
  const t = useT("console-panels");
  const tConsole = useT();
  const [status, setStatus] = useState<ReferralStatus | undefined>(referral.allowedNext[0]);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const save = useSubmit();
  const firstChoice = useRef<HTMLInputElement>(null);
  const prefix = `referral-update-${referral.id}`;

  // The form replaces the button that opened it: keyboard focus moves into it, not back to the page's top.
  useEffect(() => firstChoice.current?.focus(), []);

  async function submit(event: Event) {
    event.preventDefault();
    if (status === undefined) return;
    await save.run(async () => {
      const body = {
        status,
        ...(status === "ditolak" && { reason: reason.trim() }),
        ...(note.trim() !== "" && { note: note.trim() }),
      };
      onUpdated(await api.patch<Referral>(`/v1/referrals/${referral.id}`, body));
    });
  }

  return (
    <form class="panel-form" onSubmit={submit}>
      <fieldset>
        <legend>{t("referrals.next_status")}</legend>
        <div class="choice-list">
          {referral.allowedNext.map((next, index) => (
            <label key={next} class="choice">
              <input
                ref={index === 0 ? firstChoice : undefined}
                type="radio"
                name={`${prefix}-status`}
                value={next}
                checked={status === next}
                onChange={() => setStatus(next)}
              />
              <span>
                {t(`referral_status.${next}`)}
                <small>{t(`referral_status_hint.${next}`)}</small>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {status === "ditolak" && (
        <label class="field">
          <span>{t("referrals.reason")}</span>
          <textarea value={reason} required minLength={REASON_MIN} maxLength={REASON_MAX} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      )}
      <label class="field">
        <span>{t("referrals.agency_said")}</span>
        <textarea value={note} maxLength={NOTE_MAX} aria-describedby={`${prefix}-note-hint`} onInput={(e) => setNote(e.currentTarget.value)} />
        <small id={`${prefix}-note-hint`} class="private-hint">
          {t("referrals.agency_said_hint")}
        </small>
      </label>
      <Problem error={save.error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={save.busy || status === undefined}>
          {save.busy ? tConsole("common.saving") : tConsole("common.save")}
        </button>
        <button type="button" class="button secondary" onClick={onCancel}>
          {tConsole("common.cancel")}
        </button>
      </div>
    </form>
  );
}
