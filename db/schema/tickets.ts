import { boolean, check, index, uniqueIndex, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "./columns.ts";
import {
  actorKind,
  category,
  channel,
  language,
  priority,
  reporterRole,
  ticketEventType,
  ticketStatus,
  victimRelation,
} from "./enums.ts";
import { reporters } from "./reporters.ts";
import { staff } from "./staff.ts";
import { units } from "./units.ts";

export interface TriageSignal {
  rule: string;
  phrase: string;
  weight: number;
}

export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    /** Public code the reporter keeps, e.g. MTR-7K3QX. */
    code: text("code").notNull().unique(),
    /** Hash of the 4-digit PIN that lets the reporter check status from another chat. */
    pinHash: text("pin_hash"),
    status: ticketStatus("status").notNull().default("baru"),
    priority: priority("priority").notNull(),
    category: category("category").notNull(),
    /** Null for reports taken by phone or walk-in, entered by staff. */
    reporterId: uuid("reporter_id").references(() => reporters.id, { onDelete: "set null" }),
    /** The reporter's n-th report in their chat: one ticket per report, whatever is retried. */
    reportSeq: integer("report_seq"),
    channel: channel("channel"),
    language: language("language").notNull().default("id"),
    reporterRole: reporterRole("reporter_role"),
    victimRelation: victimRelation("victim_relation"),
    victimAge: integer("victim_age"),
    victimGrade: text("victim_grade"),
    schoolName: text("school_name"),
    /** Code from a school's leaflet deep link, when the report came through one. */
    schoolCode: text("school_code"),
    kecamatan: text("kecamatan"),
    location: text("location"),
    incidentWhen: text("incident_when"),
    frequency: text("frequency"),
    description: text("description"),
    /** The reporter's "Ya" to "is the child in danger right now?" */
    inDanger: boolean("in_danger").notNull().default(false),
    anonymous: boolean("anonymous").notNull().default(true),
    reporterName: text("reporter_name"),
    reporterPhone: text("reporter_phone"),
    consentToContact: boolean("consent_to_contact").notNull().default(false),
    /** Submitted by the system from an abandoned conversation rather than confirmed by the reporter. */
    incomplete: boolean("incomplete").notNull().default(false),
    triageSignals: jsonb("triage_signals").$type<TriageSignal[]>().notNull().default([]),
    assigneeId: uuid("assignee_id").references(() => staff.id),
    slaDueAt: timestamp("sla_due_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closeReason: text("close_reason"),
    /** Reports of the same incident share this id (several children reporting the same bully). */
    incidentId: uuid("incident_id"),
    /** 0: only the primary was alerted; 1: the backup too; 2: the supervisor too. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    /** When on-call staff were first told of the ticket (an alert, or a digest for sedang/rendah). */
    alertedAt: timestamp("alerted_at", { withTimezone: true }),
    /** When retention removed the reporter's address and contact details. */
    purgedAt: timestamp("purged_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("tickets_code_format", sql`${t.code} ~ '^[A-Z]{3}-[A-Z0-9]{5}$'`),
    check("tickets_victim_age_range", sql`${t.victimAge} is null or ${t.victimAge} between 0 and 25`),
    index("tickets_queue_idx").on(t.unitId, t.status, t.priority, t.slaDueAt),
    index("tickets_assignee_idx").on(t.assigneeId),
    index("tickets_unit_created_idx").on(t.unitId, t.createdAt),
    index("tickets_incident_idx").on(t.incidentId),
    index("tickets_unacknowledged_idx").on(t.slaDueAt).where(sql`${t.acknowledgedAt} is null`),
    // The console's live updates ask every 2 s per open unit what changed since the last look.
    index("tickets_unit_updated_idx").on(t.unitId, t.updatedAt),
    uniqueIndex("tickets_reporter_report_key").on(t.reporterId, t.reportSeq),
  ],
);

/** Timeline and audit trail: every change, message, view and escalation, with its actor. */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: id(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    type: ticketEventType("type").notNull(),
    actorKind: actorKind("actor_kind").notNull(),
    actorStaffId: uuid("actor_staff_id").references(() => staff.id),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("ticket_events_ticket_idx").on(t.ticketId, t.createdAt),
    // The same live-update poll: events since the last look (notes and replies do not touch the ticket row).
    index("ticket_events_created_idx").on(t.createdAt),
  ],
);
