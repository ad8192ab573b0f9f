import { useEffect, useState } from "preact/hooks";

/**
 * Paths are real URLs (the API answers any console path with the page), so a link in an on-call
 * alert — `/tickets/<id>` — opens the ticket directly, and the back button works on a phone.
 */
export type Route =
  | { name: "login" }
  | { name: "queue" }
  | { name: "ticket"; id: string }
  | { name: "roster" }
  | { name: "agencies" }
  | { name: "staff" }
  | { name: "schools" }
  | { name: "stats" }
  | { name: "whatsapp" }
  | { name: "leaflets" }
  | { name: "leaflet"; schoolId: string }
  | { name: "account" }
  | { name: "unit" }
  | { name: "not_found" };

const UUID = "[0-9a-fA-F-]{36}";

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Route]> = [
  [/^\/(?:tickets\/?)?$/, () => ({ name: "queue" })],
  [new RegExp(`^/tickets/(${UUID})$`), (m) => ({ name: "ticket", id: m[1] ?? "" })],
  [/^\/login$/, () => ({ name: "login" })],
  [/^\/roster$/, () => ({ name: "roster" })],
  [/^\/agencies$/, () => ({ name: "agencies" })],
  [/^\/staff$/, () => ({ name: "staff" })],
  [/^\/schools$/, () => ({ name: "schools" })],
  [/^\/stats$/, () => ({ name: "stats" })],
  [/^\/whatsapp$/, () => ({ name: "whatsapp" })],
  [/^\/leaflets$/, () => ({ name: "leaflets" })],
  [new RegExp(`^/leaflets/(${UUID})$`), (m) => ({ name: "leaflet", schoolId: m[1] ?? "" })],
  [/^\/account$/, () => ({ name: "account" })],
  [/^\/unit$/, () => ({ name: "unit" })],
];

export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return build(match);
  }
  return { name: "not_found" };
}

const NAVIGATED = "lapor-aman:navigated";

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

/** The current path and query, kept in step with links, navigate() and the back button. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const read = () => ({ pathname: location.pathname, search: new URLSearchParams(location.search) });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const update = () => setCurrent(read());
    window.addEventListener("popstate", update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return current;
}

export function useRoute(): Route {
  return parseRoute(useLocation().pathname);
}

/** For <a href> inside the console: plain clicks stay in the page; ctrl/middle clicks open a tab as usual. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download") || anchor.origin !== location.origin) return;
  if (anchor.pathname.startsWith("/v1/") || anchor.pathname.startsWith("/docs")) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
