import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../lib/i18n.ts";
import { useRoute } from "../lib/router.ts";
import { useSession } from "../lib/session.ts";
import { DaruratAlarmBar } from "../alarm/darurat-alarm.tsx";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { NAV_ITEMS } from "./nav-items.ts";

/**
 * The frame around every page. On a phone the menu folds behind one button so the queue gets the
 * whole screen; on a desktop it is a side bar. A skip link lets keyboard users jump past it.
 */
export function Shell({ children }: { children: ComponentChildren }): JSX.Element {
  const t = useT();
  const { me, signOut } = useSession();
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [route.name]);

  const items = NAV_ITEMS.filter((item) => item.roles.includes(me.role));
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header class="topbar">
        <a class="brand" href="/tickets">
          {t("app.name")}
        </a>
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t("nav.menu")}
        </button>
      </header>
      <nav id="main-nav" class={menuOpen ? "sidenav open" : "sidenav"} aria-label={t("nav.label")}>
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={item.routes.includes(route.name) ? "page" : undefined}>
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
        <div class="nav-footer">
          <p class="whoami">
            <span>{me.name}</span>
            <small>{t(`role.${me.role}`)}</small>
          </p>
          <LanguageSwitch />
          <button type="button" class="button secondary" onClick={() => void signOut()}>
            {t("nav.sign_out")}
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        <DaruratAlarmBar />
        {children}
      </main>
    </div>
  );
}
