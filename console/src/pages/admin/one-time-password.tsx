import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { CopyField } from "./copy-field.tsx";

/**
 * The password the API generated, shown this one time. It lives only in the page's state:
 * closing the box (or leaving the page) forgets it, and the API keeps only its hash.
 */
export function OneTimePasswordBox({
  name,
  email,
  password,
  onDone,
}: {
  name: string;
  email: string;
  password: string;
  onDone: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [password]);

  return (
    <section class="card one-time-password" aria-labelledby="otp-title">
      <h2 id="otp-title" tabIndex={-1} ref={heading}>
        {t("otp.title", { name })}
      </h2>
      <p class="otp-warning">
        <strong>{t("otp.once")}</strong> {t("otp.hand_over")}
      </p>
      <p>{t("otp.email", { email })}</p>
      <CopyField id="one-time-password" label={t("otp.label")} value={password} />
      <button type="button" class="button primary" onClick={onDone}>
        {t("otp.done")}
      </button>
    </section>
  );
}
