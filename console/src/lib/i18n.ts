import i18next, { type TFunction } from "i18next";
import { createContext } from "preact";
import { useContext, useMemo } from "preact/hooks";

/**
 * The console's texts are the repository's `locales/<lng>/console*.json` files, bundled at build
 * time: the same folder and the same completeness check (tests/quality/locales.test.ts) as the
 * API's and the bots' texts. Bahasa Indonesia first; English complete. The API's `triage` and
 * `stats` namespaces come along so priorities, categories, triage rules, months and reporter
 * roles are named exactly as in alerts and the CSV report.
 */
const files = import.meta.glob<Record<string, unknown>>(
  ["../../../locales/*/console*.json", "../../../locales/*/triage.json", "../../../locales/*/stats.json"],
  { eager: true, import: "default" },
);

export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, content] of Object.entries(files)) {
  const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
  if (!match) continue;
  const [, lng = "", ns = ""] = match;
  (resources[lng] ??= {})[ns] = content;
}

const LANGUAGE_KEY = "lapor-aman.bahasa";

/** The one preference kept in the browser: a language, never anything about a report or a person. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved === "id" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("en") ? "en" : "id";
}

export function saveLanguage(lng: Language): void {
  localStorage.setItem(LANGUAGE_KEY, lng);
  document.documentElement.lang = lng;
}

export async function initI18n(lng: Language): Promise<void> {
  await i18next.init({
    resources,
    lng,
    fallbackLng: "id",
    supportedLngs: [...LANGUAGES],
    defaultNS: "console",
    ns: Object.keys(resources.id ?? {}),
    // Preact escapes what it renders; i18next escaping on top would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

export const LanguageContext = createContext<{ language: Language; setLanguage: (lng: Language) => void }>({
  language: "id",
  setLanguage: () => undefined,
});

/** The texts of one namespace in the current language; re-renders when the language changes. */
export function useT(ns: string = "console"): TFunction {
  const { language } = useContext(LanguageContext);
  return useMemo(() => i18next.getFixedT(language, ns), [language, ns]);
}

export function useLanguage(): Language {
  return useContext(LanguageContext).language;
}
