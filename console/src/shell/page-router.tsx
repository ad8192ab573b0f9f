import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { useT } from "../lib/i18n.ts";
import type { Route } from "../lib/router.ts";
import { useSession } from "../lib/session.ts";
import { AccountPage } from "../pages/account.tsx";
import { AgenciesPage } from "../pages/agencies.tsx";
import { LeafletPage } from "../pages/leaflet.tsx";
import { LeafletsPage } from "../pages/leaflets.tsx";
import { QueuePage } from "../pages/queue.tsx";
import { RosterPage } from "../pages/roster.tsx";
import { SchoolsPage } from "../pages/schools.tsx";
import { StaffPage } from "../pages/staff.tsx";
import { StatsPage } from "../pages/stats.tsx";
import { TicketPage } from "../pages/ticket.tsx";
import { UnitPage } from "../pages/unit.tsx";
import { WhatsAppPage } from "../pages/whatsapp.tsx";
import { allowedRoles } from "./nav-items.ts";

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
