import type { StaffRole } from "../lib/api-types.ts";
import type { Route } from "../lib/router.ts";

export interface NavItem {
  href: string;
  /** Key in the console namespace. */
  label: string;
  /** Routes that light this item up. */
  routes: Route["name"][];
  roles: StaffRole[];
}

const ALL: StaffRole[] = ["admin", "supervisor", "peksos"];
const LEADS: StaffRole[] = ["admin", "supervisor"];

/** The queue first: on a phone it is what a peksos opens the console for. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/tickets", label: "nav.queue", routes: ["queue", "ticket"], roles: ALL },
  { href: "/roster", label: "nav.roster", routes: ["roster"], roles: ALL },
  { href: "/stats", label: "nav.stats", routes: ["stats"], roles: LEADS },
  { href: "/agencies", label: "nav.agencies", routes: ["agencies"], roles: ALL },
  { href: "/staff", label: "nav.staff", routes: ["staff"], roles: LEADS },
  { href: "/schools", label: "nav.schools", routes: ["schools"], roles: LEADS },
  { href: "/leaflets", label: "nav.leaflets", routes: ["leaflets", "leaflet"], roles: ALL },
  { href: "/whatsapp", label: "nav.whatsapp", routes: ["whatsapp"], roles: LEADS },
  { href: "/unit", label: "nav.unit", routes: ["unit"], roles: ["admin"] },
  { href: "/account", label: "nav.account", routes: ["account"], roles: ALL },
];

export function allowedRoles(route: Route["name"]): StaffRole[] {
  return NAV_ITEMS.find((item) => item.routes.includes(route))?.roles ?? ALL;
}
