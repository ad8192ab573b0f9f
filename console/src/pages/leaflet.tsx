import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { Leaflet } from "../lib/api-types.ts";
import { useLanguage, useT } from "../lib/i18n.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { LeafletSheet } from "./reports/leaflet-sheet.tsx";
import "./leaflet.css";

/** What is missing for a complete leaflet, said on screen only: the printout just leaves it out. */
function SetupNotes({ leaflet }: { leaflet: Leaflet }): JSX.Element | null {
  const t = useT("console-reports");
  const notes = [
    leaflet.telegram === null && t("leaflet.setup.telegram"),
    leaflet.whatsapp === null && t("leaflet.setup.whatsapp"),
    leaflet.unit.hotlineNumbers.length === 0 && t("leaflet.setup.hotline"),
  ].filter((note): note is string => typeof note === "string");
  if (notes.length === 0) return null;
  return (
    <div class="setup-notes no-print" role="note">
      <h2>{t("leaflet.setup.heading")}</h2>
      <ul>
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}

/** One school's leaflet, printable on A4; its texts come in the console's language. */
export function LeafletPage({ schoolId }: { schoolId: string }): JSX.Element {
  const t = useT("console-reports");
  const language = useLanguage();
  const leaflet = useResource((signal) => api.get<Leaflet>(`/v1/schools/${schoolId}/leaflet`, { signal }), [schoolId, language]);
  const data = leaflet.state === "failed" ? undefined : leaflet.data;
  const schoolName = data?.school.name;

  // The browser's "save as PDF" names the file after the page title.
  useEffect(() => {
    if (!schoolName) return;
    const previous = document.title;
    document.title = t("leaflet.document_title", { school: schoolName });
    return () => {
      document.title = previous;
    };
  }, [schoolName, t]);

  return (
    <div class="leaflet-page">
      <div class="leaflet-toolbar no-print">
        <a href="/leaflets">{t("leaflet.back")}</a>
        <h1>{schoolName ? t("leaflet.heading", { school: schoolName }) : t("leaflets.title")}</h1>
        {data && (
          <>
            <div class="actions">
              <button type="button" class="button primary" onClick={() => window.print()}>
                {t("leaflet.print")}
              </button>
            </div>
            <p class="muted">{t("leaflet.print_hint")}</p>
          </>
        )}
      </div>
      {leaflet.state === "failed" && <ErrorBlock error={leaflet.error} onRetry={leaflet.reload} />}
      {!data && leaflet.state === "loading" && <LoadingBlock />}
      {data && (
        <>
          <SetupNotes leaflet={data} />
          <LeafletSheet leaflet={data} />
        </>
      )}
    </div>
  );
}
