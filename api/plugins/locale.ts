import fp from "fastify-plugin";
import type { i18n, TFunction } from "i18next";
import type { Locale } from "../config.ts";
import { localeFromHeader } from "../i18n.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller's language from Accept-Language, else the deployment's default. */
    locale: Locale;
    t: TFunction;
  }
}

export interface LocaleOptions {
  i18n: i18n;
  defaultLocale: Locale;
}

export const localePlugin = fp<LocaleOptions>(
  async (app, { i18n, defaultLocale }) => {
    const fixed = { id: i18n.getFixedT("id"), en: i18n.getFixedT("en") } satisfies Record<Locale, TFunction>;
    app.decorateRequest("locale", defaultLocale);
    app.decorateRequest("t", fixed[defaultLocale]);
    app.addHook("onRequest", async (request) => {
      request.locale = localeFromHeader(request.headers["accept-language"], defaultLocale);
      request.t = fixed[request.locale];
    });
  },
  { name: "locale" },
);
