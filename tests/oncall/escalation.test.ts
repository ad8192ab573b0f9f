import { inArray, isNull } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import { createAlerts } from "../../api/oncall/alerts.ts";
import type { Alerts } from "../../api/oncall/alerts-types.ts";
import { acknowledgeTicket } from "../../api/tickets/lifecycle.ts";
import { agencies, referrals, tickets } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { addShift, addStaff, eventsOf, HOUR, insertTicket, MINUTE, newUnit, outboundOf, ticketRow } from "./support.ts";

/*
 * The minute job: a ticket nobody acknowledged climbs to the backup at its deadline and to the
 * supervisors one SLA period later, one step per run, each step an event; open referrals past
 * their deadline are flagged once. Instants are fixed; after each test every ticket is closed,
 * so a run's counts are the current test's alone.
 */

const T0 = new Date("2025-07-14T00:00:00.000Z");
const after = (ms: number) => new Date(T0.getTime() + ms);
/** darurat: 5 minutes to acknowledge (the default). */
const DUE = after(5 * MINUTE);
const NOTHING = { escalated: 0, overdueReferrals: 0 };

describe(`escalation on ${testDbKind}`, () => {
  let database: TestDatabase;
  let alerts: Alerts;
  const dispatched: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    alerts = createAlerts({
      database,
      i18n: await createI18n("id"),
      logger: createLogger("silent"),
      publicUrl: "https://aduan.example.go.id",
      dispatch: async (ids) => {
        dispatched.push(...ids);
      },
    });
  });
  afterEach(async () => {
    await database.db.update(tickets).set({ status: "ditutup" });
    await database.db.update(referrals).set({ status: "selesai" });
  });
  afterAll(async () => {
    await database.destroy();
  });

  /** A unit with a linked primary, backup and supervisor on call all day. */
  async function staffedUnit(options: { backup?: "linked" | "unlinked" | "none" } = {}) {
    const unit = await newUnit(database);
    const primary = await addStaff(database, { role: "peksos", unitId: unit.id, linked: true });
    const backup = await addStaff(database, { role: "peksos", unitId: unit.id, linked: (options.backup ?? "linked") === "linked" });
    const supervisor = await addStaff(database, { role: "supervisor", unitId: unit.id, linked: true });
    const day = { startsAt: after(-HOUR), endsAt: after(23 * HOUR) };
    await addShift(database, { unitId: unit.id, staffId: primary.id, tier: "primary", ...day });
    if (options.backup !== "none") await addShift(database, { unitId: unit.id, staffId: backup.id, tier: "backup", ...day });
    return { unit, primary, backup, supervisor };
  }

  const escalations = async (ticketId: string) => (await eventsOf(database, ticketId)).filter((e) => e.type === "escalation");

  it("climbs to the backup at the deadline and to the supervisors one SLA later, once each", async () => {
    const { unit, primary, backup, supervisor } = await staffedUnit();
    const ticket = await insertTicket(database, { unitId: unit.id, unitCode: unit.code, priority: "darurat", createdAt: T0 });
    await alerts.ticketAlert(ticket.id, "created", T0);
    expect((await outboundOf(database, ticket.id)).map((r) => r.staffId)).toEqual([primary.id]);

    expect(await alerts.runEscalations(new Date(DUE.getTime() - 1000))).toEqual(NOTHING);
    expect(await outboundOf(database, ticket.id)).toHaveLength(1);

    expect(await alerts.runEscalations(DUE)).toEqual({ escalated: 1, overdueReferrals: 0 });
    let rows = await outboundOf(database, ticket.id);
    expect(rows.slice(1).map((r) => [r.staffId, r.purpose])).toEqual([[backup.id, "escalation"]]);
    expect(rows[1]!.text).toContain("belum diterima petugas piket utama");
    expect(rows[1]!.text).toContain("Batas terima 07:05 WIB sudah lewat");
    expect(rows[1]!.choices[0]).toEqual([{ id: `ack:${ticket.id}`, label: "✅ Terima" }]);
    expect(dispatched).toContain(rows[1]!.id);
    expect((await escalations(ticket.id)).map((e) => [e.data, e.createdAt])).toEqual([[{ step: "backup", staffIds: [backup.id], level: 1 }, DUE]]);
    expect((await ticketRow(database, ticket.id)).escalationLevel).toBe(1);

    // Not yet another SLA period (5 minutes) since the deadline.
    expect(await alerts.runEscalations(after(9 * MINUTE))).toEqual(NOTHING);
    expect(await alerts.runEscalations(after(10 * MINUTE))).toEqual({ escalated: 1, overdueReferrals: 0 });
    rows = await outboundOf(database, ticket.id);
    expect(rows.slice(2).map((r) => [r.staffId, r.purpose])).toEqual([[supervisor.id, "escalation"]]);
    expect(rows[2]!.text).toContain("belum diterima petugas piket");
    expect((await escalations(ticket.id)).map((e) => e.data)).toEqual([
      { step: "backup", staffIds: [backup.id], level: 1 },
      { step: "supervisor", staffIds: [supervisor.id], level: 2 },
    ]);
    expect((await ticketRow(database, ticket.id)).escalationLevel).toBe(2);

    // Nothing is left to climb: later runs change nothing.
    expect(await alerts.runEscalations(after(HOUR))).toEqual(NOTHING);
    expect(await alerts.runEscalations(after(5 * HOUR))).toEqual(NOTHING);
    expect(await outboundOf(database, ticket.id)).toHaveLength(3);
    expect(await escalations(ticket.id)).toHaveLength(2);
  });

  it("never escalates an acknowledged ticket", async () => {
    const { unit, primary } = await staffedUnit();
    const ticket = await insertTicket(database, { unitId: unit.id, unitCode: unit.code, priority: "darurat", createdAt: T0 });
    await alerts.ticketAlert(ticket.id, "created", T0);
    const acknowledged = await acknowledgeTicket(database.db, {
      unitId: unit.id,
      staffId: primary.id,
      ticketId: ticket.id,
      now: after(4 * MINUTE),
      via: "telegram",
    });
    expect(acknowledged.ok).toBe(true);
    for (const at of [DUE, after(10 * MINUTE), after(24 * HOUR)]) expect(await alerts.runEscalations(at)).toEqual(NOTHING);
    expect(await outboundOf(database, ticket.id)).toHaveLength(1);
    expect(await escalations(ticket.id)).toEqual([]);
    expect((await ticketRow(database, ticket.id)).escalationLevel).toBe(0);
  });

  it("goes straight to the supervisors when no backup can be reached, and closed tickets stay quiet", async () => {
    for (const backup of ["none", "unlinked"] as const) {
      const { unit, supervisor } = await staffedUnit({ backup });
      const ticket = await insertTicket(database, { unitId: unit.id, unitCode: unit.code, priority: "tinggi", createdAt: T0 });
      const done = await insertTicket(database, { unitId: unit.id, unitCode: unit.code, priority: "tinggi", createdAt: T0, status: "selesai" });
      expect(await alerts.runEscalations(after(HOUR))).toEqual({ escalated: 1, overdueReferrals: 0 });
      expect((await outboundOf(database, ticket.id)).map((r) => r.staffId)).toEqual([supervisor.id]);
      expect((await escalations(ticket.id)).map((e) => e.data)).toEqual([
        { step: "supervisor", staffIds: [supervisor.id], level: 2, backupSkipped: true },
      ]);
      const row = await ticketRow(database, ticket.id);
      expect(row.escalationLevel).toBe(2);
      // The escalation was the first anyone heard of it.
      expect(row.alertedAt).toEqual(after(HOUR));
      expect(await outboundOf(database, done.id)).toEqual([]);
      await database.db.update(tickets).set({ status: "ditutup" }).where(inArray(tickets.id, [ticket.id]));
    }
  });

  it("escalates each ticket once when two workers run at the same minute", async () => {
    const { unit, backup } = await staffedUnit();
    const ticket = await insertTicket(database, { unitId: unit.id, unitCode: unit.code, priority: "darurat", createdAt: T0 });
    const results = await Promise.all([alerts.runEscalations(DUE), alerts.runEscalations(DUE)]);
    expect(results.reduce((sum, r) => sum + r.escalated, 0)).toBe(1);
    expect((await outboundOf(database, ticket.id)).map((r) => r.staffId)).toEqual([backup.id]);
    expect(await escalations(ticket.id)).toHaveLength(1);
  });

  it("flags an open referral past its deadline once, to the assignee or else the supervisors", async () => {
    const { unit, primary, supervisor } = await staffedUnit();
    const [agency] = await database.db
      .insert(agencies)
      .values({ unitId: unit.id, name: "UPTD PPA Kota Uji", type: "uptd_ppa" })
      .returning({ id: agencies.id });
    const assigned = await insertTicket(database, {
      unitId: unit.id,
      unitCode: unit.code,
      priority: "sedang",
      createdAt: T0,
      status: "dirujuk",
      assigneeId: primary.id,
      acknowledgedAt: T0,
    });
    const unassigned = await insertTicket(database, {
      unitId: unit.id,
      unitCode: unit.code,
      priority: "rendah",
      createdAt: T0,
      status: "dirujuk",
      acknowledgedAt: T0,
    });
    const dueAt = after(2 * HOUR);
    const [late, orphan, answered, notYet] = await database.db
      .insert(referrals)
      .values([
        { ticketId: assigned.id, agencyId: agency!.id, status: "dikirim", dueAt },
        { ticketId: unassigned.id, agencyId: agency!.id, status: "ditindaklanjuti", dueAt },
        { ticketId: assigned.id, agencyId: agency!.id, status: "selesai", dueAt },
        { ticketId: assigned.id, agencyId: agency!.id, status: "diterima", dueAt: after(5 * HOUR) },
      ])
      .returning({ id: referrals.id });

    expect(await alerts.runEscalations(dueAt)).toEqual(NOTHING);
    expect(await alerts.runEscalations(after(3 * HOUR))).toEqual({ escalated: 0, overdueReferrals: 2 });
    const toAssignee = (await outboundOf(database, assigned.id)).map((r) => [r.staffId, r.purpose]);
    expect(toAssignee).toEqual([[primary.id, "referral_overdue"]]);
    const [message] = await outboundOf(database, assigned.id);
    expect(message!.text).toContain("Rujukan lewat tenggat");
    expect(message!.text).toContain(`${assigned.code} → UPTD PPA Kota Uji`);
    expect(message!.text).toContain("Tenggat: 09:00 WIB");
    expect((await outboundOf(database, unassigned.id)).map((r) => r.staffId)).toEqual([supervisor.id]);

    const referralEvents = (await eventsOf(database, assigned.id)).filter((e) => e.type === "referral");
    expect(referralEvents.map((e) => e.data)).toEqual([{ referralId: late!.id, overdue: true, staffIds: [primary.id] }]);
    const flagged = await database.db.select().from(referrals).where(inArray(referrals.id, [late!.id, orphan!.id, answered!.id, notYet!.id]));
    const byId = new Map(flagged.map((r) => [r.id, r.overdueAlertedAt]));
    expect(byId.get(late!.id)).toEqual(after(3 * HOUR));
    expect(byId.get(orphan!.id)).toEqual(after(3 * HOUR));
    expect(byId.get(answered!.id)).toBeNull();
    expect(byId.get(notYet!.id)).toBeNull();

    expect(await alerts.runEscalations(after(4 * HOUR))).toEqual(NOTHING);
    expect(await alerts.runEscalations(after(6 * HOUR))).toEqual({ escalated: 0, overdueReferrals: 1 });
    expect(await database.db.select().from(referrals).where(isNull(referrals.overdueAlertedAt))).toHaveLength(1);
    expect((await outboundOf(database, assigned.id)).map((r) => r.purpose)).toEqual(["referral_overdue", "referral_overdue"]);
    expect((await ticketRow(database, assigned.id)).status).toBe("dirujuk");
  });
});
