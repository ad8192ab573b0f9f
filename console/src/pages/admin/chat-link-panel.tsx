import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { ChatLinkStatus, LinkCode } from "../../lib/api-types.ts";
import { formatTime } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../../shell/status-blocks.tsx";
import { Problem } from "../../ui/problem.tsx";
import { AlertChannelTag } from "./alert-channel.tsx";
import { CopyField } from "./copy-field.tsx";
import { useHotlineContacts, type HotlineContacts } from "./hotline-contacts.ts";
import { useSubmit } from "../../ui/use-submit.ts";
import { StatusNote } from "../../ui/status-note.tsx";

type Channel = "telegram" | "whatsapp";
const CHANNELS: Channel[] = ["telegram", "whatsapp"];
/** While a code waits to be sent, the page checks every few seconds whether the chat got linked. */
const POLL_MS = 5_000;

/**
 * Linking one's Telegram or WhatsApp chat, so on-call alerts reach the phone: a one-time code,
 * the exact words to send, which app gets the alerts, and unlinking.
 */
export function ChatLinkPanel(): JSX.Element {
  const t = useT("console-admin");
  const status = useResource((signal) => api.get<ChatLinkStatus>("/v1/staff/me/chat-link", { signal }), []);
  const [current, setCurrent] = useState<ChatLinkStatus | null>(null);
  const [code, setCode] = useState<LinkCode | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const contacts = useHotlineContacts();
  const action = useSubmit();

  const shown = current ?? status.data;

  // While a code is out, ask every few seconds whether it was used: the API forgets a used
  // code (pendingCodeExpiresAt null) and sends alerts to the chat just linked.
  useEffect(() => {
    if (!code) return;
    const timer = setInterval(() => {
      api.get<ChatLinkStatus>("/v1/staff/me/chat-link").then(
        (next) => {
          setCurrent(next);
          if (next.pendingCodeExpiresAt === null && next.alertChannel !== null) {
            setCode(null);
            setAnnouncement(t("chat.linked_now", { channel: t(`channel.${next.alertChannel}`) }));
          } else if (new Date(code.expiresAt) <= new Date()) {
            setCode(null);
            setAnnouncement(t("chat.code_expired"));
          }
        },
        // A missed poll is tried again in a few seconds; a lost session signs out by itself.
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [code, t]);

  const newCode = () =>
    void action.run(async () => {
      setCode(await api.post<LinkCode>("/v1/staff/me/chat-link"));
      setAnnouncement("");
    });
  const unlink = (channel: Channel) =>
    void action.run(async () => {
      setCurrent(await api.delete<ChatLinkStatus>("/v1/staff/me/chat-link", { query: { channel } }));
      setAnnouncement(t("chat.unlinked", { channel: t(`channel.${channel}`) }));
    });
  const choose = (channel: Channel) =>
    void action.run(async () => {
      setCurrent(await api.put<ChatLinkStatus>("/v1/staff/me/alert-channel", { channel }));
      setAnnouncement(t("chat.alerts_now", { channel: t(`channel.${channel}`) }));
    });

  return (
    <section class="card chat-link" aria-labelledby="chat-title">
      <h2 id="chat-title">{t("chat.title")}</h2>
      <p>{t("chat.intro")}</p>
      <StatusNote text={announcement} />
      {!shown && status.state === "failed" && <ErrorBlock error={status.error} onRetry={status.reload} />}
      {!shown && status.state === "loading" && <LoadingBlock />}
      {shown && (
        <>
          <p class="alert-target">
            {t("chat.alerts_go_to")} <AlertChannelTag channel={shown.alertChannel} />
          </p>
          {shown.alertChannel === null && <p class="notice warn">{t("chat.none_warning")}</p>}
          <ul class="chat-list">
            {CHANNELS.map((channel) => (
              <LinkedChannelRow key={channel} channel={channel} status={shown} busy={action.busy} onUnlink={unlink} onChoose={choose} />
            ))}
          </ul>
          {code ? (
            <LinkCodeBox code={code} contacts={contacts} onNewCode={newCode} busy={action.busy} />
          ) : (
            <div class="link-start">
              {shown.pendingCodeExpiresAt && new Date(shown.pendingCodeExpiresAt) > new Date() && <PendingCodeNote expiresAt={shown.pendingCodeExpiresAt} />}
              <button type="button" class="button primary" disabled={action.busy} onClick={newCode}>
                {t("chat.make_code")}
              </button>
            </div>
          )}
        </>
      )}
      <Problem error={action.error} />
    </section>
  );
}

function PendingCodeNote({ expiresAt }: { expiresAt: string }): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  return <p class="hint">{t("chat.pending_code", { time: formatTime(expiresAt, language) })}</p>;
}

function LinkedChannelRow({
  channel,
  status,
  busy,
  onUnlink,
  onChoose,
}: {
  channel: Channel;
  status: ChatLinkStatus;
  busy: boolean;
  onUnlink: (channel: Channel) => void;
  onChoose: (channel: Channel) => void;
}): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const [confirming, setConfirming] = useState(false);
  const linked = status[channel];
  const name = t(`channel.${channel}`);
  const receives = status.alertChannel === channel;

  return (
    <li class="chat-row">
      <p class="chat-state">
        <strong>{name}</strong>{" "}
        <span class={linked ? "badge state-active" : "badge state-inactive"}>{linked ? t("chat.linked") : t("chat.not_linked")}</span>
        {receives && <span class="day-tag">{t("chat.receives_alerts")}</span>}
      </p>
      {linked && !confirming && (
        <div class="actions">
          {!receives && (
            <button type="button" class="button secondary" disabled={busy} onClick={() => onChoose(channel)}>
              {t("chat.use_for_alerts", { channel: name })}
            </button>
          )}
          <button type="button" class="button secondary" disabled={busy} onClick={() => setConfirming(true)}>
            {t("chat.unlink", { channel: name })}
          </button>
        </div>
      )}
      {linked && confirming && (
        <div class="actions confirm" role="group" aria-labelledby={`unlink-${channel}`}>
          <p id={`unlink-${channel}`}>{receives ? t("chat.unlink_confirm_alerts", { channel: name }) : t("chat.unlink_confirm", { channel: name })}</p>
          <button
            type="button"
            class="button danger"
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              onUnlink(channel);
            }}
          >
            {t("chat.unlink_yes")}
          </button>
          <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
            {tc("common.cancel")}
          </button>
        </div>
      )}
    </li>
  );
}

function LinkCodeBox({
  code,
  contacts,
  onNewCode,
  busy,
}: {
  code: LinkCode;
  contacts: HotlineContacts;
  onNewCode: () => void;
  busy: boolean;
}): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  const whatsappWithText = contacts.whatsapp ? `${contacts.whatsapp.link}?text=${encodeURIComponent(code.command)}` : null;

  return (
    <div class="link-code">
      <h3>{t("chat.code_title")}</h3>
      <CopyField id="link-command" label={t("chat.command_label")} value={code.command} />
      <p class="code-expiry">
        <strong>{t("chat.expires", { time: formatTime(code.expiresAt, language) })}</strong> {t("chat.once")}
      </p>
      <ol class="link-steps">
        <li>
          {contacts.telegramBot ? (
            <>
              {t("chat.step_telegram_bot")}{" "}
              <a href={`https://t.me/${contacts.telegramBot}`} target="_blank" rel="noopener noreferrer">
                @{contacts.telegramBot}
              </a>
            </>
          ) : (
            t("chat.step_telegram")
          )}
        </li>
        <li>
          {contacts.whatsapp && whatsappWithText ? (
            <>
              {t("chat.step_whatsapp_number")}{" "}
              <a href={whatsappWithText} target="_blank" rel="noopener noreferrer">
                {contacts.whatsapp.number}
              </a>
            </>
          ) : (
            t("chat.step_whatsapp")
          )}
        </li>
        <li>{t("chat.step_done")}</li>
      </ol>
      <button type="button" class="button secondary" disabled={busy} onClick={onNewCode}>
        {t("chat.new_code")}
      </button>
    </div>
  );
}
