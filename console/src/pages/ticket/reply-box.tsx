import i18next from "i18next";
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { TicketDetail } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { isOpen } from "../../../../api/tickets/transitions.ts";
import { useAction, type OnDone } from "./use-action.ts";

const CANNED = ["greeting", "safe_now", "peksos", "emergency", "school", "brave", "closing"] as const;

/** The longest reply the API takes (MessageBodySchema). */
const MAX_REPLY = 4000;

/**
 * The answer to the reporter, in their chat. Ready-made replies are written for a child (aku/kamu,
 * short, safety first, never blaming) or, when an adult reported, for Bapak/Ibu; they are added in
 * the reporter's language, not the console's, and can be edited before sending. A refused or failed
 * send keeps the text, so nothing typed to a scared child is lost.
 */
export function ReplyBox({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element {
  const t = useT("console-ticket");
  const action = useAction(onDone);
  const [text, setText] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  const forChild = ticket.reporterRole === null || ticket.reporterRole === "anak";
  const reporterT = i18next.getFixedT(ticket.language, "console-ticket");

  const addCanned = (key: (typeof CANNED)[number]) => {
    const line = reporterT(`${forChild ? "canned_child" : "canned_adult"}.${key}`);
    const next = text.trim() === "" ? line : `${text.trimEnd()}\n${line}`;
    setText(next);
    const box = field.current;
    if (box) {
      box.focus();
      // After the re-render, so the caret lands after the added line.
      requestAnimationFrame(() => box.setSelectionRange(next.length, next.length));
    }
  };
  const send = async (event: Event) => {
    event.preventDefault();
    const sent = await action.run(
      () => api.post(`/v1/tickets/${ticket.id}/messages`, { text }),
      () => t("reply.sent"),
    );
    if (sent) setText("");
  };

  let warning: string | null = null;
  if (!ticket.consentToContact) warning = t("reply.hint_no_consent");
  else if (!isOpen(ticket.status)) warning = t("reply.hint_closed");

  return (
    <section class="card reply" aria-labelledby="reply-title">
      <h2 id="reply-title">{t("reply.title")}</h2>
      {warning && <p class="warning">{warning}</p>}
      <form onSubmit={send}>
        <fieldset class="canned">
          <legend>{t("reply.canned")}</legend>
          <p class="hint" id="canned-hint">
            {t("reply.canned_hint")}
          </p>
          <div class="chips">
            {CANNED.map((key) => (
              <button key={key} type="button" class="chip" aria-describedby="canned-hint" onClick={() => addCanned(key)}>
                {t(`canned_label.${key}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <label class="field">
          <span>{t("reply.label")}</span>
          <textarea
            ref={field}
            required
            maxLength={MAX_REPLY}
            rows={4}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
            aria-describedby="reply-hint"
          />
          <small id="reply-hint">{t("reply.hint")}</small>
        </label>
        <Problem error={action.error} />
        <button type="submit" class="button primary" disabled={action.busy || text.trim() === ""}>
          {action.busy ? t("reply.sending") : t("reply.send")}
        </button>
      </form>
    </section>
  );
}
