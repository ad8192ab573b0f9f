import { relations } from "drizzle-orm";
import { agencies, referrals } from "./referrals.ts";
import { conversations, inboundMessages, reporters } from "./reporters.ts";
import { shifts, staff } from "./staff.ts";
import { ticketEvents, tickets } from "./tickets.ts";
import { schools } from "./schools.ts";
import { outboundMessages, transcriptMessages } from "./transcript.ts";
import { units } from "./units.ts";

export const unitsRelations = relations(units, ({ many }) => ({
  staff: many(staff),
  shifts: many(shifts),
  tickets: many(tickets),
  agencies: many(agencies),
  schools: many(schools),
}));

export const schoolsRelations = relations(schools, ({ one }) => ({
  unit: one(units, { fields: [schools.unitId], references: [units.id] }),
}));

export const transcriptMessagesRelations = relations(transcriptMessages, ({ one }) => ({
  reporter: one(reporters, { fields: [transcriptMessages.reporterId], references: [reporters.id] }),
  ticket: one(tickets, { fields: [transcriptMessages.ticketId], references: [tickets.id] }),
}));

export const outboundMessagesRelations = relations(outboundMessages, ({ one }) => ({
  reporter: one(reporters, { fields: [outboundMessages.reporterId], references: [reporters.id] }),
  ticket: one(tickets, { fields: [outboundMessages.ticketId], references: [tickets.id] }),
}));

export const staffRelations = relations(staff, ({ one, many }) => ({
  unit: one(units, { fields: [staff.unitId], references: [units.id] }),
  shifts: many(shifts),
}));

export const shiftsRelations = relations(shifts, ({ one }) => ({
  unit: one(units, { fields: [shifts.unitId], references: [units.id] }),
  staff: one(staff, { fields: [shifts.staffId], references: [staff.id] }),
}));

export const reportersRelations = relations(reporters, ({ one, many }) => ({
  conversation: one(conversations),
  tickets: many(tickets),
  inboundMessages: many(inboundMessages),
}));

export const conversationsRelations = relations(conversations, ({ one }) => ({
  reporter: one(reporters, { fields: [conversations.reporterId], references: [reporters.id] }),
}));

export const inboundMessagesRelations = relations(inboundMessages, ({ one }) => ({
  reporter: one(reporters, { fields: [inboundMessages.reporterId], references: [reporters.id] }),
}));

export const ticketsRelations = relations(tickets, ({ one, many }) => ({
  unit: one(units, { fields: [tickets.unitId], references: [units.id] }),
  reporter: one(reporters, { fields: [tickets.reporterId], references: [reporters.id] }),
  assignee: one(staff, { fields: [tickets.assigneeId], references: [staff.id] }),
  events: many(ticketEvents),
  referrals: many(referrals),
  transcript: many(transcriptMessages),
}));

export const ticketEventsRelations = relations(ticketEvents, ({ one }) => ({
  ticket: one(tickets, { fields: [ticketEvents.ticketId], references: [tickets.id] }),
  actor: one(staff, { fields: [ticketEvents.actorStaffId], references: [staff.id] }),
}));

export const agenciesRelations = relations(agencies, ({ one, many }) => ({
  unit: one(units, { fields: [agencies.unitId], references: [units.id] }),
  referrals: many(referrals),
}));

export const referralsRelations = relations(referrals, ({ one }) => ({
  ticket: one(tickets, { fields: [referrals.ticketId], references: [tickets.id] }),
  agency: one(agencies, { fields: [referrals.agencyId], references: [agencies.id] }),
  createdBy: one(staff, { fields: [referrals.createdById], references: [staff.id] }),
}));
