import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { SchoolList } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { hasRole, useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import "./reports.css";

/** The unit's schools, each opening its printable leaflet. */
export function LeafletsPage(): JSX.Element {
  const t = useT("console-reports");
  const { me } = useSession();
  const schools = useResource((signal) => api.get<SchoolList>("/v1/schools", { signal }), []);
  const [filter, setFilter] = useState("");
  const all = schools.data?.schools ?? [];
  const wanted = filter.trim().toLowerCase();
  const shown = wanted
    ? all.filter((school) => [school.name, school.code, school.kecamatan ?? ""].some((text) => text.toLowerCase().includes(wanted)))
    : all;

  return (
    <div class="leaflets-page">
      <h1>{t("leaflets.title")}</h1>
      <p class="page-intro">{t("leaflets.intro")}</p>
      {hasRole(me, "admin", "supervisor") && (
        <p>
          <a href="/schools">{t("leaflets.manage")}</a>
        </p>
      )}
      {schools.state === "failed" && <ErrorBlock error={schools.error} onRetry={schools.reload} />}
      {!schools.data && schools.state === "loading" && <LoadingBlock />}
      {schools.data && all.length === 0 && <p class="notice">{t("leaflets.empty")}</p>}
      {all.length > 0 && (
        <>
          <label class="field leaflets-filter">
            <span>{t("leaflets.search")}</span>
            <input type="search" value={filter} onInput={(event) => setFilter(event.currentTarget.value)} />
          </label>
          <p class="muted" role="status">
            {t("leaflets.count", { shown: shown.length, total: all.length })}
          </p>
          <ul class="school-list">
            {shown.map((school) => (
              <li key={school.id}>
                <a class="card school-link" href={`/leaflets/${school.id}`}>
                  <span class="school-name">{school.name}</span>
                  <span class="muted">
                    {[school.kecamatan, t("leaflets.code", { code: school.code })].filter(Boolean).join(" · ")}
                  </span>
                  {school.isExample && <span class="badge example-badge">{t("leaflets.example")}</span>}
                </a>
              </li>
            ))}
          </ul>
          {hasRole(me, "admin", "supervisor") && all.some((school) => school.isExample) && (
            <p class="muted">{t("leaflets.example_hint")}</p>
          )}
        </>
      )}
    </div>
  );
}
