import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { StaffChannel } from "../../api/oncall/staff-link-schemas.ts";
import type { Database } from "../../db/client.ts";
import type { Category, Priority, ReporterRole, TicketStatus } from "../../db/schema/enums.ts";
import { outboundMessages, shifts, staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { DEFAULT_SLA_MINUTES } from "../../db/schema/units.ts";
import { createStaff, type CreatedStaff, type CreateStaffOptions } from "../support/staff.ts";

/* Rows the on-call tests build directly: units, linked staff, shifts, tickets as intake leaves them. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A unit with its own random three-letter code (retried on a clash), so every test can have a roster of its own. */
export async function newUnit(database: Database, name = "Dinas Sosial Uji"): Promise<{ id: string; code: string }> {
  const code = Array.from({ length: 3 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join("");
  const [row] = await database.db
    .insert(units)
    .values({ name: `${name} ${code}`, code, timezone: "Asia/Jakarta" })
    .onConflictDoNothing()
    .returning({ id: units.id, code: units.code });
  return row ?? newUnit(database, name);
}

/**
 * A staff member; `linked` gives them a chat their alerts go to, as /hubungkan leaves it: a
 * Telegram chat (true or "telegram") or a WhatsApp one ("whatsapp").
 */
export async function addStaff(
  database: Database,
  options: CreateStaffOptions & { linked?: boolean | StaffChannel },
): Promise<CreatedStaff & { chatId: string | null }> {
  const created = await createStaff(database, options);
  const channel = options.linked === true ? "telegram" : options.linked || null;
  if (channel === null) return { ...created, chatId: null };
  const number = 100_000_000 + Math.floor(Math.random() * 899_999_999);
  const chatId = channel === "telegram" ? String(number) : `628${number}@c.us`;
  await database.db
    .update(staff)
    .set({ ...(channel === "telegram" ? { telegramChatId: chatId } : { whatsappAddress: chatId }), alertChannel: channel })
    .where(eq(staff.id, created.id));
  return { ...created, chatId };
}

export async function addShift(
  database: Database,
  shift: { unitId: string; staffId: string; tier: "primary" | "backup"; startsAt: Date; endsAt: Date },
): Promise<string> {
  const [row] = await database.db.insert(shifts).values(shift).returning({ id: shifts.id });
  return row!.id;
}

export interface TicketOptions {
  unitId: string;
  unitCode: string;
  priority: Priority;
  createdAt: Date;
  category?: Category;
  status?: TicketStatus;
  description?: string;
  reporterRole?: ReporterRole;
  victimAge?: number;
  schoolName?: string;
  assigneeId?: string;
  acknowledgedAt?: Date;
}

/** A ticket as intake stores it, with the default SLA for its priority. */
export async function insertTicket(database: Database, options: TicketOptions) {
  const [row] = await database.db
    .insert(tickets)
    .values({
      unitId: options.unitId,
      code: `${options.unitCode}-${randomBytes(3).toString("hex").toUpperCase().slice(0, 5)}`,
      priority: options.priority,
      category: options.category ?? "perundungan_verbal",
      status: options.status ?? "baru",
      description: options.description ?? null,
      reporterRole: options.reporterRole ?? null,
      victimAge: options.victimAge ?? null,
      schoolName: options.schoolName ?? null,
      assigneeId: options.assigneeId ?? null,
      acknowledgedAt: options.acknowledgedAt ?? null,
      slaDueAt: new Date(options.createdAt.getTime() + DEFAULT_SLA_MINUTES[options.priority] * MINUTE),
      createdAt: options.createdAt,
      updatedAt: options.createdAt,
    })
    .returning();
  return row!;
}

export async function ticketRow(database: Database, id: string) {
  const [row] = await database.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

export function outboundOf(database: Database, ticketId: string) {
  return database.db
    .select()
    .from(outboundMessages)
    .where(eq(outboundMessages.ticketId, ticketId))
    .orderBy(asc(outboundMessages.createdAt), asc(outboundMessages.id));
}

export function outboundTo(database: Database, staffId: string) {
  return database.db.select().from(outboundMessages).where(eq(outboundMessages.staffId, staffId)).orderBy(asc(outboundMessages.createdAt));
}

export function eventsOf(database: Database, ticketId: string) {
  return database.db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
}
