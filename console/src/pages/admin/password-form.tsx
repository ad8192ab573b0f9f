import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { useFieldIds } from "./field-ids.ts";
import { useSubmit } from "../../ui/use-submit.ts";

/** The API's minimum (NewPasswordSchema): long beats complicated. */
const MIN_LENGTH = 12;

/** Change one's own password; the API ends every other session of the account. */
export function PasswordForm(): JSX.Element {
  const t = useT("console-admin");
  const tc = useT();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const save = useSubmit();
  const newField = useFieldIds();

  const submit = (event: Event) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void save
      .run(async () => {
        await api.post<null>("/v1/auth/password", { currentPassword: current, newPassword: next });
      })
      .then((ok) => {
        if (!ok) return;
        setCurrent("");
        setNext("");
        setRepeat("");
        setDone(true);
      });
  };

  return (
    <form class="card admin-form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">{t("password.title")}</h2>
      <label class="field">
        <span>{t("password.current")}</span>
        <input type="password" required autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span id={newField.label}>{t("password.new")}</span>
        <input
          type="password"
          required
          minLength={MIN_LENGTH}
          maxLength={200}
          autocomplete="new-password"
          aria-labelledby={newField.label}
          aria-describedby={newField.hint}
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
        <small id={newField.hint}>{t("password.hint", { min: MIN_LENGTH })}</small>
      </label>
      <label class="field">
        <span>{t("password.repeat")}</span>
        <input type="password" required autocomplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
      </label>
      {mismatch && (
        <p class="problem" role="alert">
          {t("password.mismatch")}
        </p>
      )}
      <Problem error={save.error} />
      {done && (
        <p class="notice" role="status">
          {t("password.changed")}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          {save.busy ? tc("common.saving") : t("password.submit")}
        </button>
      </div>
    </form>
  );
}
