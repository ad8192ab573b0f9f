import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, onSignedOut, setApiLanguage } from "./lib/api.ts";
import type { Me } from "./lib/api-types.ts";
import { setDisplayTimeZone } from "./lib/format.ts";
import { ensureLanguage, LanguageContext, saveLanguage, type Language } from "./lib/i18n.ts";
import { navigate, onLinkClick, useRoute } from "./lib/router.ts";
import { loadMe, SessionContext, signOutNow, type SessionState } from "./lib/session.ts";
import { LoginPage } from "./pages/login.tsx";
import { Shell } from "./shell/shell.tsx";
import { PageRouter } from "./shell/page-router.tsx";
import { LoadingBlock, ErrorBlock } from "./shell/status-blocks.tsx";

type Boot = { kind: "loading" } | { kind: "failed"; error: unknown } | { kind: "signed_out" } | { kind: "signed_in"; me: Me };

export function App({ initialLanguage }: { initialLanguage: Language }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [boot, setBoot] = useState<Boot>({ kind: "loading" });
  const route = useRoute();

  setApiLanguage(language);
  const setLanguage = useCallback((lng: Language) => {
    // English is fetched on first use; the page switches once its texts are here.
    void ensureLanguage(lng).then(() => {
      saveLanguage(lng);
      setApiLanguage(lng);
      setLanguageState(lng);
    });
  }, []);

  const check = useCallback(() => {
    setBoot({ kind: "loading" });
    loadMe().then(
      (me) => setBoot(me ? { kind: "signed_in", me } : { kind: "signed_out" }),
      (error: unknown) => setBoot({ kind: "failed", error }),
    );
  }, []);

  useEffect(check, [check]);
  useEffect(() => onSignedOut(() => setBoot({ kind: "signed_out" })), []);
  useEffect(() => {
    document.addEventListener("click", onLinkClick);
    return () => document.removeEventListener("click", onLinkClick);
  }, []);

  setDisplayTimeZone(boot.kind === "signed_in" ? boot.me.unit.timezone : undefined);
  const session = useMemo<SessionState | null>(
    () =>
      boot.kind === "signed_in"
        ? {
            me: boot.me,
            signOut: async () => {
              await signOutNow().catch((error: unknown) => {
                if (!(error instanceof ApiError)) throw error;
              });
              setBoot({ kind: "signed_out" });
              navigate("/login");
            },
          }
        : null,
    [boot],
  );

  let body;
  if (boot.kind === "loading") body = <LoadingBlock />;
  else if (boot.kind === "failed") body = <ErrorBlock error={boot.error} onRetry={check} />;
  else if (boot.kind === "signed_out")
    body = (
      <LoginPage
        onSignedIn={(me) => {
          setBoot({ kind: "signed_in", me });
          if (route.name === "login") navigate("/tickets", { replace: true });
        }}
      />
    );
  else
    body = (
      <SessionContext.Provider value={session}>
        <Shell>
          <PageRouter route={route.name === "login" ? { name: "queue" } : route} />
        </Shell>
      </SessionContext.Provider>
    );

  return <LanguageContext.Provider value={{ language, setLanguage }}>{body}</LanguageContext.Provider>;
}
