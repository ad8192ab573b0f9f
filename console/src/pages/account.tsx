import type { JSX } from "preact";
import { useT } from "../lib/i18n.ts";
import { useSession } from "../lib/session.ts";
import { ChatLinkPanel } from "./admin/chat-link-panel.tsx";
import { PasswordForm } from "./admin/password-form.tsx";
import "./admin.css";

/** The signed-in person's own account: who they are, their chat for alerts, their password. */
export function AccountPage(): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const { me } = useSession();
  return (
    <div class="admin-page account-page">
      <h1>{t("account.title")}</h1>
      <dl class="card me-card">
        <div>
          <dt>{t("staff.name")}</dt>
          <dd>{me.name}</dd>
        </div>
        <div>
          <dt>{t("staff.email")}</dt>
          <dd>{me.email}</dd>
        </div>
        <div>
          <dt>{t("staff.role")}</dt>
          <dd>{tc(`role.${me.role}`)}</dd>
        </div>
      </dl>
      <ChatLinkPanel />
      <PasswordForm />
    </div>
  );
}
