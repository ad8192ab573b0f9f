import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { Me, StaffAccount } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { useSession } from "../../lib/session.ts";
import { Problem } from "../../ui/problem.tsx";
import { AlertChannelTag } from "./alert-channel.tsx";
import { useSubmit } from "../../ui/use-submit.ts";

/** The API's rule: admins manage any account, supervisors their unit's peksos. */
export function mayManage(me: Me, account: StaffAccount): boolean {
  return me.role === "admin" || (me.role === "supervisor" && account.role === "peksos");
}

/** The unit's accounts, active ones first; a table on a desktop, cards on a phone (admin.css). */
export function StaffTable({
  accounts,
  onEdit,
  onPasswordReset,
}: {
  accounts: StaffAccount[];
  onEdit: (account: StaffAccount) => void;
  onPasswordReset: (account: StaffAccount, oneTimePassword: string) => void;
}): JSX.Element {
  const t = useT("console-admin");
  const sorted = [...accounts].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return (
    <div class="table-wrap">
      <table class="card-table staff-table">
        <caption class="visually-hidden">{t("staff.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("staff.name")}</th>
            <th scope="col">{t("staff.role")}</th>
            <th scope="col">{t("staff.email")}</th>
            <th scope="col">{t("staff.status")}</th>
            <th scope="col">{t("staff.alerts")}</th>
            <th scope="col">{t("staff.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((account) => (
            <StaffRow key={account.id} account={account} onEdit={onEdit} onPasswordReset={onPasswordReset} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StaffRow({
  account,
  onEdit,
  onPasswordReset,
}: {
  account: StaffAccount;
  onEdit: (account: StaffAccount) => void;
  onPasswordReset: (account: StaffAccount, oneTimePassword: string) => void;
}): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const { me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const reset = useSubmit();
  const manageable = mayManage(me, account);
  const self = account.id === me.id;

  const confirmReset = () =>
    void reset.run(async () => {
      const result = await api.post<{ oneTimePassword: string }>(`/v1/staff/${account.id}/reset-password`);
      setConfirming(false);
      onPasswordReset(account, result.oneTimePassword);
    });

  return (
    <tr class={account.active ? "staff-row" : "staff-row inactive"}>
      <th scope="row" class="staff-name">
        {account.name}
        {self && <span class="day-tag">{t("staff.you")}</span>}
      </th>
      <td>{tc(`role.${account.role}`)}</td>
      <td class="staff-email">{account.email}</td>
      <td>
        <span class={account.active ? "badge state-active" : "badge state-inactive"}>
          {account.active ? t("staff.active") : t("staff.inactive")}
        </span>
      </td>
      <td>{account.role === "admin" && account.alertChannel === null ? tc("common.none") : <AlertChannelTag channel={account.alertChannel} />}</td>
      <td class="row-actions">
        {manageable && !confirming && (
          <div class="actions">
            <button type="button" class="button secondary" onClick={() => onEdit(account)}>
              {tc("common.edit")}
              <span class="visually-hidden"> {account.name}</span>
            </button>
            {!self && (
              <button type="button" class="button secondary" onClick={() => setConfirming(true)}>
                {t("staff.reset")}
                <span class="visually-hidden"> {account.name}</span>
              </button>
            )}
          </div>
        )}
        {manageable && confirming && (
          <div class="actions confirm" role="group" aria-labelledby={`reset-${account.id}`}>
            <p id={`reset-${account.id}`}>{t("staff.reset_confirm", { name: account.name })}</p>
            <button type="button" class="button danger" disabled={reset.busy} onClick={confirmReset}>
              {t("staff.reset_yes")}
            </button>
            <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
              {tc("common.cancel")}
            </button>
          </div>
        )}
        {self && !manageable && <span class="hint">{t("staff.self_account")}</span>}
        <Problem error={reset.error} />
      </td>
    </tr>
  );
}
