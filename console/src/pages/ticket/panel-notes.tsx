import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { TimelineEvent } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { StatusNote } from "../../ui/status-note.tsx";

/** The API's limit for a note (NoteBodySchema). */
const NOTE_MAX = 4000;

/**
 * Internal notes: what was done, who was called. The box says plainly that the reporter never
 * sees them, so nobody hesitates to write the case down, and nobody uses it to answer the child.
 */
export function NotesPanel({ ticketId, canWrite, onChanged }: { ticketId: string; canWrite: boolean; onChanged: () => void }): JSX.Element {
  const t = useT("console-panels");
  const tConsole = useT();
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (text.trim() === "" || saving) return;
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      await api.post<TimelineEvent>(`/v1/tickets/${ticketId}/notes`, { text });
      setText("");
      setSaved(true);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="panel notes-panel" aria-labelledby="panel-notes-title">
      <h2 id="panel-notes-title">{t("notes.title")}</h2>
      {canWrite ? (
        <form onSubmit={submit}>
          <label class="field">
            <span>{t("notes.label")}</span>
            <textarea
              value={text}
              maxLength={NOTE_MAX}
              required
              aria-describedby="panel-notes-private"
              onInput={(e) => {
                setText(e.currentTarget.value);
                setSaved(false);
              }}
            />
            <small id="panel-notes-private" class="private-hint">
              {t("notes.private")}
            </small>
          </label>
          <Problem error={error} />
          <div class="actions">
            <button type="submit" class="button primary" disabled={saving || text.trim() === ""}>
              {saving ? tConsole("common.saving") : t("notes.submit")}
            </button>
          </div>
        </form>
      ) : (
        <p class="panel-empty">{t("notes.read_only")}</p>
      )}
      <StatusNote text={saved ? t("notes.saved") : null} />
    </section>
  );
}
