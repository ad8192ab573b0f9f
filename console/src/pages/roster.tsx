import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { OnCallNow, RosterGaps, Shift, StaffAccount } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { useLocation } from "../lib/router.ts";
import { hasRole, useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { CopyLastWeek } from "./admin/copy-last-week.tsx";
import { OnCallNowPanel } from "./admin/on-call-now.tsx";
import { RosterGapList } from "./admin/roster-gaps.tsx";
import { ShiftForm } from "./admin/shift-form.tsx";
import { ShiftSchedule } from "./admin/shift-schedule.tsx";
import { startOfDay, zoneName } from "./admin/zoned-time.ts";
import { StatusNote } from "../ui/status-note.tsx";
import "./admin.css";

/** Who is on call is worth a fresh look now and then: a shift may just have ended. */
const REFRESH_MS = 60_000;
const PERIODS = [7, 14] as const;

type Editing = { kind: "none" } | { kind: "new" } | { kind: "edit"; shift: Shift };

/** The roster: who is on call now and next, holes in the cover, and the coming days' shifts. */
export function RosterPage(): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  return (
    <div class="admin-page roster-page">
      <h1>{t("roster.title")}</h1>
      <RosterBody timeZone={me.unit.timezone} />
    </div>
  );
}

function RosterBody({ timeZone }: { timeZone: string }): JSX.Element {
  const t = useT("console-admin");
  const { me } = useSession();
  const editor = hasRole(me, "supervisor", "admin");
  const { search } = useLocation();
  const days = search.get("hari") === "14" ? 14 : 7;
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const [announcement, setAnnouncement] = useState("");

  const from = startOfDay(new Date(), timeZone);
  const to = startOfDay(new Date(), timeZone, days);
  const fromKey = from.toISOString();

  const now = useResource((signal) => api.get<OnCallNow>("/v1/oncall/now", { signal }), []);
  const shifts = useResource(
    (signal) => api.get<{ shifts: Shift[] }>("/v1/shifts", { signal, query: { from: fromKey, to: to.toISOString() } }),
    [fromKey, days],
  );
  const gaps = useResource(
    (signal) =>
      editor ? api.get<RosterGaps>("/v1/oncall/gaps", { signal, query: { to: to.toISOString() } }) : Promise.resolve(null),
    [editor, fromKey, days],
  );
  const staff = useResource(
    (signal) => (editor ? api.get<{ items: StaffAccount[] }>("/v1/staff", { signal }) : Promise.resolve({ items: [] })),
    [editor],
  );

  const reloadNow = now.reload;
  useEffect(() => {
    const timer = setInterval(reloadNow, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadNow]);

  const reloadAll = () => {
    now.reload();
    shifts.reload();
    gaps.reload();
  };

  const onCallStaff = (staff.data?.items ?? []).filter((s) => s.active && (s.role === "peksos" || s.role === "supervisor"));

  return (
    <>
      <p class="zone-note">
        {t("roster.zone", { zone: zoneName(timeZone), iana: timeZone })}
      </p>
      {now.data ? (
        <OnCallNowPanel now={now.data} shifts={shifts.data?.shifts ?? []} timeZone={timeZone} />
      ) : now.state === "failed" ? (
        <ErrorBlock error={now.error} onRetry={now.reload} />
      ) : (
        <LoadingBlock />
      )}

      {editor && gaps.data && <RosterGapList gaps={gaps.data.gaps} timeZone={timeZone} />}
      {editor && gaps.state === "failed" && <ErrorBlock error={gaps.error} onRetry={gaps.reload} />}

      <section class="roster-schedule" aria-labelledby="schedule-title">
        <div class="section-head">
          <h2 id="schedule-title">{t("schedule.title", { days })}</h2>
          <nav class="period-switch" aria-label={t("schedule.period_label")}>
            {PERIODS.map((n) => (
              <a key={n} class="button secondary" href={n === 7 ? "/roster" : `/roster?hari=${n}`} aria-current={n === days ? "true" : undefined}>
                {t("schedule.days", { days: n })}
              </a>
            ))}
          </nav>
        </div>
        <StatusNote text={announcement} />
        {editor && editing.kind === "none" && (
          <div class="actions add-row">
            <button type="button" class="button primary" onClick={() => setEditing({ kind: "new" })}>
              {t("schedule.add")}
            </button>
          </div>
        )}
        {editor && editing.kind !== "none" && (
          <ShiftForm
            key={editing.kind === "edit" ? editing.shift.id : "new"}
            staff={onCallStaff}
            editing={editing.kind === "edit" ? editing.shift : null}
            timeZone={timeZone}
            onSaved={() => {
              setAnnouncement(editing.kind === "edit" ? t("schedule.updated") : t("schedule.added"));
              setEditing({ kind: "none" });
              reloadAll();
            }}
            onCancel={() => setEditing({ kind: "none" })}
          />
        )}
        {shifts.data ? (
          <ShiftSchedule
            shifts={shifts.data.shifts}
            from={from}
            days={days}
            timeZone={timeZone}
            canEdit={editor}
            onEdit={(shift) => setEditing({ kind: "edit", shift })}
            onDeleted={() => {
              setAnnouncement(t("schedule.deleted"));
              reloadAll();
            }}
          />
        ) : shifts.state === "failed" ? (
          <ErrorBlock error={shifts.error} onRetry={shifts.reload} />
        ) : (
          <LoadingBlock />
        )}
        {editor && <CopyLastWeek timeZone={timeZone} onCopied={reloadAll} />}
      </section>
    </>
  );
}
