import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n, type Resource } from "i18next";
import { LOCALES, type Locale } from "./config.ts";

const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

/** Reads locales/<lng>/<namespace>.json once; every namespace file becomes an i18next namespace. */
function loadResources(): Resource {
  const resources: Resource = {};
  for (const lng of LOCALES) {
    const dir = join(LOCALES_DIR, lng);
    resources[lng] = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      resources[lng][file.slice(0, -".json".length)] = JSON.parse(readFileSync(join(dir, file), "utf8"));
    }
  }
  return resources;
}

export async function createI18n(defaultLocale: Locale): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: loadResources(),
    lng: defaultLocale,
    fallbackLng: "id",
    supportedLngs: [...LOCALES],
    defaultNS: "api",
    // Texts go to JSON APIs and chat apps, not HTML: escaping would corrupt them.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Picks the preferred supported language from an Accept-Language header, honouring q-values. */
export function localeFromHeader(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { lang: tag.slice(0, 2), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => LOCALES.find((l) => l === r.lang)).find((l) => l !== undefined) ?? fallback;
}
