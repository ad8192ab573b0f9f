import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { useT } from "../lib/i18n.ts";
import type { Route } from "../lib/router.ts";
import { useSession } from "../lib/session.ts";
import { QueuePage } from "../pages/queue.tsx";
import { TicketPage } from "../pages/ticket.tsx";
import { lazyPage } from "./lazy-page.tsx";
import { allowedRoles } from "./nav-items.ts";

// Pages a phone rarely opens first: their code (and styles) arrive when someone goes there.
const AccountPage = lazyPage(() => import("../pages/account.tsx").then((m) => m.AccountPage));
const AgenciesPage = lazyPage(() => import("../pages/agencies.tsx").then((m) => m.AgenciesPage));
const LeafletPage = lazyPage(() => import("../pages/leaflet.tsx").then((m) => m.LeafletPage));
const LeafletsPage = lazyPage(() => import("../pages/leaflets.tsx").then((m) => m.LeafletsPage));
const RosterPage = lazyPage(() => import("../pages/roster.tsx").then((m) => m.RosterPage));
const SchoolsPage = lazyPage(() => import("../pages/schools.tsx").then((m) => m.SchoolsPage));
const StaffPage = lazyPage(() => import("../pages/staff.tsx").then((m) => m.StaffPage));
const StatsPage = lazyPage(() => import("../pages/stats.tsx").then((m) => m.StatsPage));
const WhatsAppPage = lazyPage(() => import("../pages/whatsapp.tsx").then((m) => m.WhatsAppPage));
const UnitPage = lazyPage(() => import("../pages/unit.tsx").then((m) => m.UnitPage));

/** One page per route; a role that may not open a page is told so instead of meeting a wall of 403s. */
export function PageRouter({ route }: { route: Route }): JSX.Element {
  const t = useT();
  const { me } = useSession();

  useEffect(() => {
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [route.name]);

  if (!allowedRoles(route.name).includes(me.role)) {
    return <p class="problem-block">{t("problem.page_forbidden")}</p>;
  }
  switch (route.name) {
    case "login":
    case "queue":
      return <QueuePage />;
    case "ticket":
      return <TicketPage id={route.id} />;
    case "roster":
      return <RosterPage />;
    case "agencies":
      return <AgenciesPage />;
    case "staff":
      return <StaffPage />;
    case "schools":
      return <SchoolsPage />;
    case "stats":
      return <StatsPage />;
    case "whatsapp":
      return <WhatsAppPage />;
    case "leaflets":
      return <LeafletsPage />;
    case "leaflet":
      return <LeafletPage schoolId={route.schoolId} />;
    case "account":
      return <AccountPage />;
    case "unit":
      return <UnitPage />;
    case "not_found":
      return (
        <div class="problem-block">
          <p>{t("problem.page_not_found")}</p>
          <a href="/tickets">{t("nav.queue")}</a>
        </div>
      );
  }
}
