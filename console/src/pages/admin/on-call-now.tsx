import type { JSX } from "preact";
import type { OnCallNow, Shift } from "../../lib/api-types.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { AlertChannelTag } from "./alert-channel.tsx";
import { formatWhen } from "./when.ts";

type Person = NonNullable<OnCallNow["primary"]>;

/**
 * The first thing on the roster, readable at a glance on a phone: who gets the next darurat
 * alert, until when, on which app, and who takes over. A hole in the cover is said in words.
 */
export function OnCallNowPanel({ now, shifts, timeZone }: { now: OnCallNow; shifts: Shift[]; timeZone: string }): JSX.Element {
  const t = useT("console-admin");
  const at = new Date(now.at);
  const upcoming = (tier: Shift["tier"]) => shifts.find((s) => s.tier === tier && s.staffActive && new Date(s.startsAt) > at);
  const nextPrimary = upcoming("primary");
  const nextBackup = upcoming("backup");

  return (
    <section class="oncall-now card" aria-labelledby="oncall-now-title">
      <h2 id="oncall-now-title">{t("now.title")}</h2>
      {now.gap && (
        <p class="oncall-gap" role="alert">
          <strong>⚠ {t("now.gap")}</strong> {gapTarget(now, t)}
        </p>
      )}
      <div class="oncall-people">
        <OnCallPerson label={t("tier.primary")} person={now.primary} emptyText={t("now.no_primary")} timeZone={timeZone} at={at} primary />
        <OnCallPerson label={t("tier.backup")} person={now.backup} emptyText={t("now.no_backup")} timeZone={timeZone} at={at} />
      </div>
      {(nextPrimary || nextBackup) && (
        <div class="oncall-next">
          <h3>{t("now.next")}</h3>
          <ul>
            {[nextPrimary, nextBackup].map((shift) => (shift ? <NextShift key={shift.id} shift={shift} timeZone={timeZone} at={at} /> : null))}
          </ul>
        </div>
      )}
    </section>
  );
}

function gapTarget(now: OnCallNow, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (now.supervisors.length === 0) return t("now.gap_nobody");
  return t("now.gap_supervisors", { names: now.supervisors.map((s) => s.name).join(", ") });
}

function OnCallPerson({
  label,
  person,
  emptyText,
  timeZone,
  at,
  primary = false,
}: {
  label: string;
  person: Person | null;
  emptyText: string;
  timeZone: string;
  at: Date;
  primary?: boolean;
}): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  return (
    <div class={primary ? "oncall-person primary" : "oncall-person"}>
      <p class="oncall-tier">{label}</p>
      {person ? (
        <>
          <p class="oncall-name">{person.name}</p>
          <p class="oncall-until">{t("now.until", { time: formatWhen(person.until, language, timeZone, at) })}</p>
          <p class="oncall-channel">
            {t("now.alerts_to")} <AlertChannelTag channel={person.alertChannel} />
          </p>
          {person.alertChannel === null && (
            <p class="warning-text">{primary ? t("now.primary_unlinked", { name: person.name }) : t("now.backup_unlinked", { name: person.name })}</p>
          )}
        </>
      ) : (
        <p class="oncall-empty">{emptyText}</p>
      )}
    </div>
  );
}

function NextShift({ shift, timeZone, at }: { shift: Shift; timeZone: string; at: Date }): JSX.Element {
  const t = useT("console-admin");
  const language = useLanguage();
  return (
    <li>
      <span class={`badge tier-${shift.tier}`}>{t(`tier.${shift.tier}`)}</span> <strong>{shift.staffName}</strong>{" "}
      {t("now.next_period", {
        from: formatWhen(shift.startsAt, language, timeZone, at),
        to: formatWhen(shift.endsAt, language, timeZone, new Date(shift.startsAt)),
      })}
    </li>
  );
}
