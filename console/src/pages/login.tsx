import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { Me } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { signIn } from "../lib/session.ts";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { Problem } from "../ui/problem.tsx";

/** Email and password; the API answers a wrong one and a locked account alike, and says so kindly. */
export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }): JSX.Element {
  const t = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (problem) {
      setError(problem);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <form class="card login-card" onSubmit={submit} aria-describedby="login-intro">
        <h1>{t("app.name")}</h1>
        <p id="login-intro">{t("login.intro")}</p>
        <label class="field">
          <span>{t("login.email")}</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t("login.password")}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <Problem error={error} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t("login.signing_in") : t("login.submit")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
