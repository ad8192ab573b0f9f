import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { IncidentGroup, TicketDetail, TicketQueue } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { useResource } from "../../lib/use-resource.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";
import { Problem } from "../../ui/problem.tsx";
import { useFocusReturn } from "./panel-focus.ts";
import { findTicketByCode, parseTicketReference } from "./panel-links-find.ts";
import { StatusNote } from "../../ui/status-note.tsx";

/** Enough open reports of one school to spot a second report of the same incident. */
const SAME_SCHOOL_LIMIT = 20;

/**
 * Reports of the same incident (several children telling about the same bully): the linked
 * ones as links, a box to link another by its code or console link, open reports of the same
 * school as one-tap suggestions, and a way to take this ticket out of the incident again.
 */
export function LinksPanel({ ticket, canWrite, onChanged }: { ticket: TicketDetail; canWrite: boolean; onChanged: () => void }): JSX.Element {
  const t = useT("console-panels");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function link(otherId: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const group = await api.post<IncidentGroup>(`/v1/tickets/${ticket.id}/links`, { ticketId: otherId });
      const code = group.linked.find((other) => other.id === otherId)?.code;
      setMessage(code === undefined ? t("links.linked_other") : t("links.linked", { code }));
      onChanged();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function unlink() {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await api.delete<IncidentGroup>(`/v1/tickets/${ticket.id}/links`);
      setMessage(t("links.unlinked"));
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel links-panel" aria-labelledby="panel-links-title">
      <h2 id="panel-links-title">{t("links.title")}</h2>
      {ticket.linked.length === 0 ? (
        <p class="panel-empty">{t("links.empty")}</p>
      ) : (
        <>
          <p class="panel-hint">{t("links.intro")}</p>
          <ul class="linked-list">
            {ticket.linked.map((other) => (
              <li key={other.id}>
                <a href={`/tickets/${other.id}`} class="linked-code">
                  {other.code}
                </a>
                <PriorityBadge priority={other.priority} />
                <StatusBadge status={other.status} />
              </li>
            ))}
          </ul>
        </>
      )}
      <StatusNote text={message} />
      <Problem error={error} />
      {canWrite && (
        <>
          <LinkByReference ticket={ticket} busy={busy} onLink={link} onError={setError} />
          <SameSchoolSuggestions ticket={ticket} busy={busy} onLink={link} />
          {ticket.linked.length > 0 && <UnlinkButton busy={busy} onConfirm={unlink} />}
        </>
      )}
    </section>
  );
}

function LinkByReference({
  ticket,
  busy,
  onLink,
  onError,
}: {
  ticket: TicketDetail;
  busy: boolean;
  onLink: (id: string) => Promise<boolean>;
  onError: (error: unknown) => void;
}): JSX.Element {
  const t = useT("console-panels");
  const [input, setInput] = useState("");
  const [searching, setSearching] = useState(false);
  const [hint, setHint] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy || searching) return;
    setHint(null);
    onError(null);
    const reference = parseTicketReference(input);
    if (reference === null) {
      setHint(t("links.not_a_reference"));
      return;
    }
    if (reference.kind === "code" && reference.code === ticket.code.toUpperCase()) {
      setHint(t("links.self"));
      return;
    }
    let targetId = reference.kind === "id" ? reference.id : null;
    if (reference.kind === "code") {
      setSearching(true);
      try {
        const found = await findTicketByCode(reference.code);
        if (found === null) {
          setHint(t("links.code_not_found", { code: reference.code }));
          return;
        }
        targetId = found.id;
      } catch (caught) {
        onError(caught);
        return;
      } finally {
        setSearching(false);
      }
    }
    if (targetId !== null && (await onLink(targetId))) setInput("");
  }

  return (
    <form class="panel-form link-form" onSubmit={submit}>
      <label class="field">
        <span>{t("links.add")}</span>
        <input
          value={input}
          required
          autoComplete="off"
          spellcheck={false}
          aria-describedby="link-reference-hint"
          aria-invalid={hint !== null}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <small id="link-reference-hint">{t("links.add_hint")}</small>
      </label>
      {hint !== null && (
        <p class="problem" role="alert">
          {hint}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy || searching}>
          {searching ? t("links.searching") : t("links.submit")}
        </button>
      </div>
    </form>
  );
}

/** Open reports from the same school, not yet in this incident: the likeliest second reports. */
function SameSchoolSuggestions({
  ticket,
  busy,
  onLink,
}: {
  ticket: TicketDetail;
  busy: boolean;
  onLink: (id: string) => Promise<boolean>;
}): JSX.Element | null {
  const t = useT("console-panels");
  // The leaflet's school code when the report came through one; else the school as the reporter named it (the queue matches part of a name).
  const school = ticket.schoolCode ?? ticket.schoolName;
  const linkedIds = ticket.linked.map((l) => l.id).join(",");
  const others = useResource(
    (signal) =>
      school === null
        ? Promise.resolve(null)
        : api.get<TicketQueue>("/v1/tickets", { signal, query: { school, limit: SAME_SCHOOL_LIMIT } }),
    [school, ticket.id, linkedIds],
  );
  const linked = new Set(ticket.linked.map((l) => l.id));
  const candidates = (others.data?.items ?? []).filter((item) => item.id !== ticket.id && !linked.has(item.id));
  if (school === null || candidates.length === 0) return null;
  return (
    <div class="same-school">
      <h3>{t("links.same_school", { school: ticket.schoolName ?? school })}</h3>
      <ul class="linked-list">
        {candidates.map((item) => (
          <li key={item.id} class="suggestion">
            <span class="suggestion-ticket">
              <a href={`/tickets/${item.id}`} class="linked-code">
                {item.code}
              </a>
              <PriorityBadge priority={item.priority} />
              <StatusBadge status={item.status} />
            </span>
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              aria-label={t("links.link_code", { code: item.code })}
              onClick={() => void onLink(item.id)}
            >
              {t("links.link_this")}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Unlinking takes this ticket out of its incident (the API has no pairwise unlink): asked twice, as it touches other tickets. */
function UnlinkButton({ busy, onConfirm }: { busy: boolean; onConfirm: () => Promise<void> }): JSX.Element {
  const t = useT("console-panels");
  const tConsole = useT();
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const unlinkButton = useFocusReturn<HTMLButtonElement>(confirming);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <div class="actions unlink-actions">
        <button ref={unlinkButton} type="button" class="button secondary" onClick={() => setConfirming(true)}>
          {t("links.unlink")}
        </button>
      </div>
    );
  }
  return (
    <div class="unlink-confirm" role="group" aria-labelledby="unlink-question">
      <p id="unlink-question">{t("links.unlink_question")}</p>
      <div class="actions">
        <button
          ref={confirmButton}
          type="button"
          class="button danger"
          disabled={busy}
          onClick={() => {
            setConfirming(false);
            void onConfirm();
          }}
        >
          {t("links.unlink_confirm")}
        </button>
        <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
          {tConsole("common.cancel")}
        </button>
      </div>
    </div>
  );
}
