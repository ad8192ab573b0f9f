import type { JSX } from "preact";
import { useContext } from "preact/hooks";
import { LANGUAGES, LanguageContext, useT } from "../lib/i18n.ts";

export function LanguageSwitch(): JSX.Element {
  const t = useT();
  const { language, setLanguage } = useContext(LanguageContext);
  return (
    <div class="language-switch" role="group" aria-label={t("nav.language")}>
      {LANGUAGES.map((lng) => (
        <button key={lng} type="button" class="link-button" aria-pressed={lng === language} onClick={() => setLanguage(lng)}>
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
