import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { SchoolList } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { SchoolForm, type School } from "./admin/school-form.tsx";
import { StatusNote } from "../ui/status-note.tsx";
import "./admin.css";

type Panel = { kind: "none" } | { kind: "add" } | { kind: "edit"; school: School };

/**
 * The unit's schools: the ones peksos visit and hand leaflets out in. The seeded examples
 * ("contoh") are placeholders for the supervisor to replace with real schools.
 */
export function SchoolsPage(): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const list = useResource((signal) => api.get<SchoolList>("/v1/schools", { signal }), []);
  const [panel, setPanel] = useState<Panel>({ kind: "none" });
  const [announcement, setAnnouncement] = useState("");

  const schools = list.data?.schools ?? [];
  const examples = schools.filter((s) => s.isExample).length;
  const kecamatanOptions = [...new Set(schools.flatMap((s) => (s.kecamatan ? [s.kecamatan] : [])))].sort((a, b) => a.localeCompare(b));

  return (
    <div class="admin-page schools-page">
      <h1>{t("schools.title")}</h1>
      <p class="lead">{t("schools.intro")}</p>
      <StatusNote text={announcement} />
      {examples > 0 && <p class="notice warn">{t("schools.examples_left", { n: examples })}</p>}
      {panel.kind === "none" && (
        <div class="actions add-row">
          <button type="button" class="button primary" onClick={() => setPanel({ kind: "add" })}>
            {t("schools.add")}
          </button>
        </div>
      )}
      {panel.kind !== "none" && (
        <SchoolForm
          key={panel.kind === "edit" ? panel.school.id : "new"}
          school={panel.kind === "edit" ? panel.school : null}
          kecamatanOptions={kecamatanOptions}
          onSaved={(school) => {
            setPanel({ kind: "none" });
            setAnnouncement(t("schools.saved", { name: school.name }));
            list.reload();
          }}
          onCancel={() => setPanel({ kind: "none" })}
        />
      )}
      {list.state === "failed" && <ErrorBlock error={list.error} onRetry={list.reload} />}
      {!list.data && list.state === "loading" && <LoadingBlock />}
      {list.data && schools.length === 0 && <p>{t("schools.empty")}</p>}
      {schools.length > 0 && (
        <div class="table-wrap">
          <table class="card-table school-table">
            <caption class="visually-hidden">{t("schools.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("school_form.name")}</th>
                <th scope="col">{t("school_form.code")}</th>
                <th scope="col">{t("school_form.kecamatan")}</th>
                <th scope="col">{t("schools.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((school) => (
                <tr key={school.id} class={school.isExample ? "school-row example" : "school-row"}>
                  <th scope="row">
                    {school.name}
                    {school.isExample && <span class="badge example-badge">{t("example.badge")}</span>}
                  </th>
                  <td>
                    <code>{school.code}</code>
                  </td>
                  <td>{school.kecamatan ?? tc("common.none")}</td>
                  <td class="row-actions">
                    <div class="actions">
                      <button type="button" class="button secondary" onClick={() => setPanel({ kind: "edit", school })}>
                        {tc("common.edit")}
                        <span class="visually-hidden"> {school.name}</span>
                      </button>
                      <a class="button secondary" href={`/leaflets/${school.id}`}>
                        {t("schools.leaflet")}
                        <span class="visually-hidden"> {school.name}</span>
                      </a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
