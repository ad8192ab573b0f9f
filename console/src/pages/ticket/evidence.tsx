import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { TicketDetail } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { isImage } from "./ticket-facts.ts";

type Evidence = TicketDetail["evidence"][number];

/**
 * A photo, voice note or file the reporter sent, where they sent it in the chat. Files come from
 * the API's own route (same origin, the session cookie) and are never cached or stored by the
 * page: a photo of a child's injury must not outlive the session on a shared phone.
 */
export function EvidenceView({ evidence }: { evidence: Evidence }): JSX.Element {
  const t = useT("console-ticket");
  const kind = t(`chat.evidence.${evidence.kind}`, { defaultValue: t("chat.evidence.other") });

  let body: JSX.Element;
  if (evidence.url === null) {
    body = (
      <p class="evidence-missing">
        {kind}: {t("chat.unavailable")}
      </p>
    );
  } else if (isImage(evidence)) {
    body = <EvidencePhoto url={evidence.url} caption={evidence.caption} />;
  } else {
    body = (
      <a class="button secondary evidence-download" href={evidence.url} download>
        {t("chat.download", { kind })}
      </a>
    );
  }
  // The caption is the message's own text in the chat; here it only names the photo for screen readers.
  return <div class="evidence">{body}</div>;
}

/**
 * Lazy-loaded thumbnail; a tap opens it full size in a modal dialog (Esc or the button closes it).
 * The full-size copy is asked for only when opened: each file given out is an audited read.
 */
function EvidencePhoto({ url, caption }: { url: string; caption: string | null }): JSX.Element {
  const t = useT("console-ticket");
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const alt = caption ? t("chat.photo_alt_caption", { caption }) : t("chat.photo_alt");

  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);

  if (failed) {
    return (
      <p class="evidence-missing">
        {t("chat.failed")}{" "}
        <a href={url} target="_blank" rel="noopener">
          {t("chat.open_in_tab")}
        </a>
      </p>
    );
  }
  return (
    <>
      <button type="button" class="evidence-thumb" onClick={() => setOpen(true)}>
        <img src={url} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} />
        <span class="visually-hidden">{t("chat.open_full")}</span>
      </button>
      <dialog ref={dialog} class="evidence-dialog" aria-label={alt} onClose={() => setOpen(false)}>
        <form method="dialog" class="evidence-dialog-bar">
          <a href={url} target="_blank" rel="noopener">
            {t("chat.open_in_tab")}
          </a>
          <button type="submit" class="button">
            {t("chat.close")}
          </button>
        </form>
        {open && <img src={url} alt={alt} />}
      </dialog>
    </>
  );
}
