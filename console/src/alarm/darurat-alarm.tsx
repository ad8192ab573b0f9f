import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { TicketChange, TicketQueue } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { useTicketChanges } from "../lib/live.ts";
import { askNotificationPermission, notificationState, notifyDarurat, type NotificationState } from "./alarm-notification.ts";
import { enableSound, onSoundStateChange, playAlarm, soundState, type SoundState } from "./alarm-sound.ts";
import { daruratWatch, type DaruratAlarm } from "./darurat-watch.ts";
import "./alarm.css";

/** How often the alarm sounds again while a darurat report waits for someone to acknowledge it. */
const REPEAT_MS = 30_000;
/** Darurat reports nobody has acknowledged: more than a handful at once is already an emergency of its own. */
const WAITING_LIMIT = 100;

/**
 * The darurat alarm for the whole console, mounted once in the shell: whatever page a peksos has
 * open (a ticket, the roster), a new darurat report rings, notifies and shows its banner.
 */
export function DaruratAlarmBar(): JSX.Element {
  const t = useT("console-queue");
  const [, setVersion] = useState(0);
  useEffect(() => daruratWatch.subscribe(() => setVersion((v) => v + 1)), []);

  const onChanges = useCallback(
    (changes: readonly TicketChange[]) => {
      const ring = (started: readonly DaruratAlarm[]) => {
        if (started.length === 0) return;
        playAlarm();
        for (const alarm of started) {
          notifyDarurat(alarm, t(alarm.raised ? "alarm.raised" : "alarm.new", { code: alarm.code }), t("alarm.notification_body"));
        }
      };
      if (changes.length > 0) {
        ring(daruratWatch.observeChanges(changes));
        return;
      }
      // Connected or reconnected: changes may have been missed, so ask what waits. A failed read
      // is tried again at the next reconnect or poll.
      void api
        .get<TicketQueue>("/v1/tickets", { query: { priority: "darurat", status: "baru", limit: WAITING_LIMIT } })
        .then((page) => ring(daruratWatch.observeWaiting(page.items)))
        .catch(() => undefined);
    },
    [t],
  );
  useTicketChanges(onChanges);

  const sounding = daruratWatch.sounding;
  useEffect(() => {
    if (!sounding) return;
    const timer = setInterval(playAlarm, REPEAT_MS);
    return () => clearInterval(timer);
  }, [sounding]);

  return <DaruratBanner alarms={daruratWatch.active} sounding={sounding} onMute={() => daruratWatch.mute()} />;
}

/**
 * The banner at the top of the queue. The region is always there, so a screen reader announces
 * each alarm as it is added; nothing in it ticks, so nothing is announced twice.
 */
function DaruratBanner({ alarms, sounding, onMute }: { alarms: DaruratAlarm[]; sounding: boolean; onMute: () => void }): JSX.Element {
  const t = useT("console-queue");
  return (
    <div role="alert" class={alarms.length > 0 ? "darurat-banner" : "darurat-banner empty"}>
      {alarms.length > 0 && (
        <>
          <ul>
            {alarms.map((alarm) => (
              <li key={alarm.id}>
                <strong>
                  <WithCode text={t(alarm.raised ? "alarm.raised" : "alarm.new", { code: CODE_SLOT })} code={alarm.code} />
                </strong>{" "}
                <a href={`/tickets/${alarm.id}`}>{t("alarm.open")}</a>
              </li>
            ))}
          </ul>
          {sounding ? (
            <button type="button" class="button secondary" onClick={onMute}>
              {t("alarm.mute")}
            </button>
          ) : (
            <p class="darurat-muted">{t("alarm.muted")}</p>
          )}
        </>
      )}
    </div>
  );
}

const CODE_SLOT = "\u0000";

/** The sentence with the ticket code kept on one line: "MTR-" and "7K3QX" apart would be misread. */
function WithCode({ text, code }: { text: string; code: string }): JSX.Element {
  const [before = "", after = ""] = text.split(CODE_SLOT);
  return (
    <>
      {before}
      <span class="nowrap">{code}</span>
      {after}
    </>
  );
}

/**
 * Sound and notifications need the person's consent on the device: a button each, only while it
 * is still needed, with a word on why when the browser blocks them.
 */
export function AlarmSettings(): JSX.Element {
  const t = useT("console-queue");
  const [sound, setSound] = useState<SoundState>(soundState);
  const [notifications, setNotifications] = useState<NotificationState>(notificationState);
  // What the person just switched on, confirmed in words: the button they pressed goes away.
  const [confirmation, setConfirmation] = useState("");

  // Any press on the page may be what lets the sound start (see alarm-sound.ts), not only the button.
  useEffect(
    () =>
      onSoundStateChange((state) => {
        setSound(state);
        if (state === "running") setConfirmation(t("alarm.sound_enabled"));
      }),
    [t],
  );
  const turnOnNotifications = async () => {
    const state = await askNotificationPermission();
    setNotifications(state);
    if (state === "granted") setConfirmation(t("alarm.notify_enabled"));
  };

  const needsSound = sound === "suspended";
  const needsNotifications = notifications === "default";
  const needed = needsSound || needsNotifications || notifications === "denied";

  // One compact box: on a phone the queue itself must stay near the top.
  return (
    <section class="alarm-settings no-print" aria-label={t("alarm.settings_label")}>
      {needed && (
        <div class="alarm-setting">
          <p class="alarm-setting-title">{t("alarm.settings_label")}</p>
          {needsSound && <p>{t("alarm.sound_suspended")}</p>}
          {needsNotifications && <p>{t("alarm.notify_why")}</p>}
          {notifications === "denied" && <p>{t("alarm.notify_blocked")}</p>}
          {(needsSound || needsNotifications) && (
            <div class="actions">
              {needsSound && (
                <button type="button" class="button" onClick={() => void enableSound()}>
                  {t("alarm.sound_enable")}
                </button>
              )}
              {needsNotifications && (
                <button type="button" class="button" onClick={() => void turnOnNotifications()}>
                  {t("alarm.notify_enable")}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      <p role="status" class={confirmation ? "alarm-confirmation" : "visually-hidden"}>
        {confirmation}
      </p>
    </section>
  );
}
