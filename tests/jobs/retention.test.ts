import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetention } from "../../api/retention/retention.ts";
import { resolvePeriod } from "../../api/stats/period.ts";
import { unitStats } from "../../api/stats/stats.ts";
import type { TicketStatus } from "../../db/schema/enums.ts";
import {
  auditEvents,
  conversations,
  inboundMessages,
  reporters,
  staffSessions,
  tickets,
  transcriptMessages,
  units,
} from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff } from "../support/staff.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const DAY = 24 * 60 * 60 * 1000;
/** The job's "now", passed in: nothing here depends on the real clock. */
const NOW = new Date("2026-07-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const WORDS = "aku takut pulang, kakak kelas nungguin di gerbang";

describe(`the retention purge on ${testDbKind}`, () => {
  let database: TestDatabase;
  /** Kota Metro keeps 365 days (the default); the other unit only 30. */
  let metro: { id: string; code: string };
  let shortUnit: { id: string; code: string };
  const reporter: Record<string, string> = {};
  const ticket: Record<string, string> = {};

  async function insertReporter(name: string, address: string, lastSeenDaysAgo: number) {
    const [row] = await database.db
      .insert(reporters)
      .values({ channel: "telegram", address, lastSeenAt: daysAgo(lastSeenDaysAgo), createdAt: daysAgo(2000) })
      .returning({ id: reporters.id });
    reporter[name] = row!.id;
    await database.db.insert(conversations).values({ reporterId: row!.id, state: { step: "done", draft: { name: "Bu Rahayu" } } });
    await database.db.insert(inboundMessages).values({
      channel: "telegram",
      externalId: `m:${address}:1`,
      reporterId: row!.id,
      response: { replies: [{ text: `Terima kasih, ${WORDS}` }] },
      receivedAt: daysAgo(lastSeenDaysAgo),
    });
  }

  async function insertTicket(
    name: string,
    spec: { unit?: { id: string; code: string }; reporter?: string; status: TicketStatus; closedDaysAgo?: number; createdDaysAgo: number },
  ) {
    const owner = spec.unit ?? metro;
    const createdAt = daysAgo(spec.createdDaysAgo);
    const [row] = await database.db
      .insert(tickets)
      .values({
        unitId: owner.id,
        code: `${owner.code}-${randomCode()}`,
        priority: "sedang",
        category: "perundungan_verbal",
        status: spec.status,
        reporterId: spec.reporter === undefined ? null : reporter[spec.reporter]!,
        description: WORDS,
        anonymous: false,
        reporterName: "Bu Rahayu",
        reporterPhone: "081234567890",
        pinHash: "scrypt$placeholder",
        consentToContact: true,
        schoolName: "SMP Negeri 3",
        slaDueAt: new Date(createdAt.getTime() + DAY),
        acknowledgedAt: new Date(createdAt.getTime() + 60_000),
        closedAt: spec.closedDaysAgo === undefined ? null : daysAgo(spec.closedDaysAgo),
        createdAt,
        updatedAt: createdAt,
      })
      .returning({ id: tickets.id });
    ticket[name] = row!.id;
  }

  async function ticketRow(name: string) {
    const [row] = await database.db.select().from(tickets).where(eq(tickets.id, ticket[name]!));
    return row!;
  }
  async function reporterRow(name: string) {
    const [row] = await database.db.select().from(reporters).where(eq(reporters.id, reporter[name]!));
    return row!;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, code: units.code }).from(units);
    metro = seeded!;
    const [short] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Singkat", code: "SGK", retentionDays: 30 })
      .returning({ id: units.id, code: units.code });
    shortUnit = short!;

    // Has a ticket closed 400 days ago and one still open: the address stays.
    await insertReporter("withOpenCase", "1001", 5);
    await insertTicket("oldClosed", { reporter: "withOpenCase", status: "selesai", closedDaysAgo: 400, createdDaysAgo: 410 });
    await insertTicket("open", { reporter: "withOpenCase", status: "ditangani", createdDaysAgo: 20 });
    // Silent for 400 days, their only ticket closed (as a duplicate) 380 days ago: fully purged.
    await insertReporter("gone", "1002", 400);
    await insertTicket("goneTicket", { reporter: "gone", status: "ditutup", closedDaysAgo: 380, createdDaysAgo: 390 });
    await database.db.insert(transcriptMessages).values({
      reporterId: reporter.gone!,
      reportSeq: 1,
      ticketId: ticket.goneTicket!,
      direction: "in",
      kind: "text",
      text: WORDS,
    });
    // Their ticket is past retention, but they wrote 100 days ago: reachable still.
    await insertReporter("recent", "1003", 100);
    await insertTicket("recentTicket", { reporter: "recent", status: "selesai", closedDaysAgo: 370, createdDaysAgo: 375 });
    // Closed 300 days ago: within Kota Metro's 365.
    await insertTicket("young", { status: "selesai", closedDaysAgo: 300, createdDaysAgo: 310 });
    // Closed once, then reopened (closedAt kept): not closed now, not purged.
    await insertTicket("reopened", { status: "dirujuk", closedDaysAgo: 400, createdDaysAgo: 420 });
    // The short unit's 30 days: its ticket and its reporter go after 40.
    await insertReporter("shortOnly", "1004", 40);
    await insertTicket("shortTicket", { unit: shortUnit, reporter: "shortOnly", status: "selesai", closedDaysAgo: 40, createdDaysAgo: 45 });
    // Wrote to both units: both tickets purged, but the longest retention (365) keeps the address.
    await insertReporter("both", "1005", 100);
    await insertTicket("bothMetro", { reporter: "both", status: "selesai", closedDaysAgo: 400, createdDaysAgo: 401 });
    await insertTicket("bothShort", { unit: shortUnit, reporter: "both", status: "selesai", closedDaysAgo: 40, createdDaysAgo: 41 });
    // Never finished a report: not this job's business.
    await insertReporter("noTickets", "1006", 1000);

    const staffMember = await createStaff(database, { role: "peksos", unitId: metro.id });
    await database.db.insert(staffSessions).values([
      { staffId: staffMember.id, tokenHash: "expired-session-hash", expiresAt: new Date(NOW.getTime() - 60_000) },
      { staffId: staffMember.id, tokenHash: "live-session-hash", expiresAt: new Date(NOW.getTime() + 60_000) },
    ]);
  });
  afterAll(async () => {
    await database.destroy();
  });

  async function julyToJuneStats() {
    const resolved = await resolvePeriod(database.db, metro.id, { since: "2024-07-01", until: "2026-06-30", granularity: "month" }, NOW);
    if (!resolved.ok) throw new Error(resolved.error);
    return unitStats(database.db, resolved.unit, resolved.period, NOW);
  }

  it("removes contact details past each unit's period, keeps the case record, and counts it still", async () => {
    const statsBefore = await julyToJuneStats();
    expect(statsBefore.totals.tickets).toBe(7);

    // Batches of 2 rows: the loop must go on until a short batch.
    const result = await runRetention(database.db, NOW, { batchSize: 2 });
    expect(result).toEqual({ ticketsPurged: 6, reportersPurged: 2, sessionsDeleted: 1, mediaDeleted: 0 });

    for (const name of ["oldClosed", "goneTicket", "recentTicket", "shortTicket", "bothMetro", "bothShort"]) {
      const row = await ticketRow(name);
      expect(row, name).toMatchObject({ reporterName: null, reporterPhone: null, pinHash: null, purgedAt: NOW, updatedAt: NOW });
      // The case record stays.
      expect(row, name).toMatchObject({ description: WORDS, schoolName: "SMP Negeri 3", category: "perundungan_verbal" });
      // Still linked to its (possibly purged) reporter: "every ticket of this reporter" stays answerable.
      expect(row.reporterId, name).not.toBeNull();
    }
    for (const name of ["open", "young", "reopened"]) {
      expect(await ticketRow(name), name).toMatchObject({ reporterName: "Bu Rahayu", reporterPhone: "081234567890", pinHash: "scrypt$placeholder", purgedAt: null });
    }

    // An open case keeps its reporter reachable; so does a reporter seen within the longest period.
    for (const [name, address] of [["withOpenCase", "1001"], ["recent", "1003"], ["both", "1005"], ["noTickets", "1006"]] as const) {
      expect((await reporterRow(name)).address, name).toBe(address);
    }
    for (const name of ["gone", "shortOnly"]) {
      const id = reporter[name]!;
      expect((await reporterRow(name)).address).toBe(`purged:${id}`);
      expect(await database.db.select().from(conversations).where(eq(conversations.reporterId, id))).toEqual([]);
      const inbound = await database.db.select().from(inboundMessages).where(eq(inboundMessages.reporterId, id));
      expect(inbound).toHaveLength(1);
      expect(inbound[0]!.response).toBeNull();
      expect(inbound[0]!.externalId).toBe(`purged:${inbound[0]!.id}`);
    }
    const kept = await database.db.select().from(inboundMessages).where(eq(inboundMessages.reporterId, reporter.withOpenCase!));
    expect(kept[0]).toMatchObject({ externalId: "m:1001:1", response: { replies: [{ text: `Terima kasih, ${WORDS}` }] } });
    expect(await database.db.select().from(conversations).where(eq(conversations.reporterId, reporter.recent!))).toHaveLength(1);
    // The transcript is the case record.
    expect(await database.db.select({ text: transcriptMessages.text }).from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticket.goneTicket!))).toEqual([
      { text: WORDS },
    ]);

    const sessions = await database.db.select({ tokenHash: staffSessions.tokenHash }).from(staffSessions);
    expect(sessions.map((s) => s.tokenHash)).not.toContain("expired-session-hash");
    expect(sessions.map((s) => s.tokenHash)).toContain("live-session-hash");

    // One system line per ticket and per reporter, naming fields, never their values.
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "retention.purged"));
    expect(audit).toHaveLength(8);
    expect(audit.every((line) => line.actorStaffId === null && line.createdAt.getTime() === NOW.getTime())).toBe(true);
    const ticketLines = audit.filter((line) => line.entityType === "ticket");
    expect(ticketLines.map((line) => line.entityId).sort()).toEqual(
      ["oldClosed", "goneTicket", "recentTicket", "shortTicket", "bothMetro", "bothShort"].map((name) => ticket[name]).sort(),
    );
    expect(ticketLines.find((line) => line.entityId === ticket.shortTicket)).toMatchObject({
      unitId: shortUnit.id,
      data: { fields: ["reporterName", "reporterPhone", "pinHash"], retentionDays: 30 },
    });
    expect(audit.filter((line) => line.entityType === "reporter").map((line) => line.entityId).sort()).toEqual(
      [reporter.gone, reporter.shortOnly].sort(),
    );
    const written = JSON.stringify(audit);
    for (const secret of ["Bu Rahayu", "081234567890", "1002", "1004", "takut"]) expect(written).not.toContain(secret);

    // The anonymous record still counts, the same as before.
    expect(await julyToJuneStats()).toEqual(statsBefore);
  });

  it("changes nothing when run again", async () => {
    const auditBefore = await database.db.select({ id: auditEvents.id }).from(auditEvents);
    const ticketsBefore = await database.db.select().from(tickets);
    const reportersBefore = await database.db.select().from(reporters);
    const later = new Date(NOW.getTime() + 60_000);
    expect(await runRetention(database.db, later)).toEqual({ ticketsPurged: 0, reportersPurged: 0, sessionsDeleted: 0, mediaDeleted: 0 });
    expect(await database.db.select({ id: auditEvents.id }).from(auditEvents)).toHaveLength(auditBefore.length);
    const ticketsAfter = await database.db.select().from(tickets);
    expect(ticketsAfter).toHaveLength(ticketsBefore.length);
    expect(ticketsAfter).toEqual(expect.arrayContaining(ticketsBefore));
    const reportersAfter = await database.db.select().from(reporters);
    expect(reportersAfter).toHaveLength(reportersBefore.length);
    expect(reportersAfter).toEqual(expect.arrayContaining(reportersBefore));
  });

  it("purges the open case's reporter once that case is closed and the period has passed", async () => {
    await database.db.update(tickets).set({ status: "selesai", closedAt: daysAgo(370) }).where(eq(tickets.id, ticket.open!));
    await database.db.update(reporters).set({ lastSeenAt: daysAgo(370) }).where(eq(reporters.id, reporter.withOpenCase!));
    expect(await runRetention(database.db, NOW)).toEqual({ ticketsPurged: 1, reportersPurged: 1, sessionsDeleted: 0, mediaDeleted: 0 });
    expect((await reporterRow("withOpenCase")).address).toBe(`purged:${reporter.withOpenCase}`);
    const untouched = await database.db.select().from(reporters).where(inArray(reporters.id, [reporter.recent!, reporter.both!]));
    expect(untouched.map((r) => r.address).sort()).toEqual(["1003", "1005"]);
  });
});

function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
