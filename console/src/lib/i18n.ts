import i18next, { type TFunction } from "i18next";
import { createContext } from "preact";
import { useContext, useMemo } from "preact/hooks";

/**
 * The console's texts are the repository's `locales/<lng>/console*.json` files: the same folder and
 * the same completeness check (tests/quality/locales.test.ts) as the API's and the bots' texts.
 * The API's `triage` and `stats` namespaces come along so priorities, categories, triage rules,
 * months and reporter roles are named exactly as in alerts and the CSV report. Bahasa Indonesia
 * is in the bundle; English is fetched when someone picks it, so a phone's first load carries one
 * language.
 */
const bundled = import.meta.glob<Record<string, unknown>>(
  ["../../../locales/id/console*.json", "../../../locales/id/triage.json", "../../../locales/id/stats.json"],
  { eager: true, import: "default" },
);
const onDemand = import.meta.glob<Record<string, unknown>>(
  ["../../../locales/en/console*.json", "../../../locales/en/triage.json", "../../../locales/en/stats.json"],
  { import: "default" },
);

export const LANGUAGES = ["id", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

function fileKey(path: string): { lng: string; ns: string } | null {
  const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
  return match ? { lng: match[1] ?? "", ns: match[2] ?? "" } : null;
}

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, content] of Object.entries(bundled)) {
  const key = fileKey(path);
  if (key) (resources[key.lng] ??= {})[key.ns] = content;
}

/** Loads a language's texts if they are not in the bundle; resolves once i18next has them. */
export async function ensureLanguage(lng: Language): Promise<void> {
  if (i18next.hasResourceBundle(lng, "console")) return;
  const files = Object.entries(onDemand).filter(([path]) => fileKey(path)?.lng === lng);
  await Promise.all(
    files.map(async ([path, load]) => {
      const key = fileKey(path);
      if (key) i18next.addResourceBundle(lng, key.ns, await load(), true, true);
    }),
  );
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
    // Bahasa Indonesia until the chosen language has arrived, then that one.
    lng: "id",
    fallbackLng: "id",
    supportedLngs: [...LANGUAGES],
    defaultNS: "console",
    ns: Object.keys(resources.id ?? {}),
    // Preact escapes what it renders; i18next escaping on top would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await ensureLanguage(lng);
  await i18next.changeLanguage(lng);
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
