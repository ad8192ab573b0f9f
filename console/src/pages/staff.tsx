import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { StaffAccount } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { hasRole, useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { OneTimePasswordBox } from "./admin/one-time-password.tsx";
import { StaffCreateForm } from "./admin/staff-create-form.tsx";
import { StaffEditForm } from "./admin/staff-edit-form.tsx";
import { StaffTable } from "./admin/staff-table.tsx";
import { StatusNote } from "../ui/status-note.tsx";
import "./admin.css";

type Panel = { kind: "none" } | { kind: "create" } | { kind: "edit"; account: StaffAccount };

/** A password to hand over, kept in this page's memory only until the box is closed. */
interface Handover {
  name: string;
  email: string;
  password: string;
}

/** Staff accounts of the unit: who may sign in, in which role, and where their alerts go. */
export function StaffPage(): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  const list = useResource((signal) => api.get<{ items: StaffAccount[] }>("/v1/staff", { signal }), []);
  const [panel, setPanel] = useState<Panel>({ kind: "none" });
  const [handover, setHandover] = useState<Handover | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const showPassword = (account: StaffAccount, password: string | undefined) => {
    if (password) setHandover({ name: account.name, email: account.email, password });
  };

  return (
    <div class="admin-page staff-page">
      <h1>{t("staff.title")}</h1>
      <p class="lead">{hasRole(me, "admin") ? t("staff.intro_admin") : t("staff.intro_supervisor")}</p>
      <StatusNote text={announcement} />
      {handover && <OneTimePasswordBox {...handover} onDone={() => setHandover(null)} />}
      {panel.kind === "none" && (
        <div class="actions add-row">
          <button type="button" class="button primary" onClick={() => setPanel({ kind: "create" })}>
            {t("staff.add")}
          </button>
        </div>
      )}
      {panel.kind === "create" && (
        <StaffCreateForm
          onCreated={(account, password) => {
            setPanel({ kind: "none" });
            setAnnouncement(t("staff.created", { name: account.name }));
            showPassword(account, password);
            list.reload();
          }}
          onCancel={() => setPanel({ kind: "none" })}
        />
      )}
      {panel.kind === "edit" && (
        <StaffEditForm
          key={panel.account.id}
          account={panel.account}
          onSaved={(account) => {
            setPanel({ kind: "none" });
            setAnnouncement(t("staff.saved", { name: account.name }));
            list.reload();
          }}
          onCancel={() => setPanel({ kind: "none" })}
        />
      )}
      {list.data ? (
        <StaffTable
          accounts={list.data.items}
          onEdit={(account) => setPanel({ kind: "edit", account })}
          onPasswordReset={(account, password) => {
            setAnnouncement(t("staff.reset_done", { name: account.name }));
            showPassword(account, password);
          }}
        />
      ) : list.state === "failed" ? (
        <ErrorBlock error={list.error} onRetry={list.reload} />
      ) : (
        <LoadingBlock />
      )}
    </div>
  );
}
