import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";

/**
 * A value to hand over (a one-time password, a link command): selectable text and a copy
 * button. The clipboard API needs a secure origin; on a plain-http LAN address the text is
 * selected instead so the person can copy it by hand.
 */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }): JSX.Element {
  const t = useT("console-admin");
  const [status, setStatus] = useState("");

  const copy = async () => {
    const input = document.getElementById(id);
    try {
      await navigator.clipboard.writeText(value);
      setStatus(t("copy.copied"));
    } catch {
      if (input instanceof HTMLInputElement) input.select();
      setStatus(t("copy.select_instead"));
    }
  };

  return (
    <div class="copy-field">
      <label class="copy-label" for={id}>
        {label}
      </label>
      <div class="copy-row">
        <input id={id} class="copy-value" type="text" readOnly value={value} spellcheck={false} autocomplete="off" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button" onClick={() => void copy()}>
          {t("copy.button")}
        </button>
      </div>
      <p class="copy-status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
