import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { staff } from "./staff.ts";
import { units } from "./units.ts";

/**
 * Who read or changed what, for the admins' audit (UU PDP: reads of child data are audited).
 * Append-only: nothing in the code updates or deletes a row. `data` holds ids and field names,
 * never what a reporter wrote or their contact details.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    /** The unit whose data was touched; null for deployment-wide actions (creating a unit). */
    unitId: uuid("unit_id").references(() => units.id),
    /** Null for the system's own jobs (retention, escalation). */
    actorStaffId: uuid("actor_staff_id").references(() => staff.id),
    /** Dotted verb, e.g. ticket.viewed, ticket.status_changed, staff.created, retention.purged. */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_unit_created_idx").on(t.unitId, t.createdAt),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
  ],
);
