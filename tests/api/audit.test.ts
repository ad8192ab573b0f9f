import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { recordAudit } from "../../api/audit/audit.ts";
import { acknowledgeTicket } from "../../api/tickets/lifecycle.ts";
import { staff, tickets, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const MINUTE = 60_000;
/** Every line of this file's own happens in this hour, so lines other code writes at the real now stay out. */
const T0 = new Date("2025-07-01T00:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const WINDOW = `since=${encodeURIComponent(T0.toISOString())}&until=${encodeURIComponent(at(60).toISOString())}`;

interface Line {
  id: string;
  at: string;
  unit: { id: string; name: string } | null;
  actor: { id: string; name: string; role: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

describe(`the audit trail on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unit: { id: string; name: string; code: string };
  let otherUnit: { id: string; name: string };
  let admin: { id: string; name: string };
  let peksos: CreatedStaff;
  let supervisor: CreatedStaff;
  let adminToken: string;
  let peksosToken: string;
  let supervisorToken: string;
  let ticketId: string;
  let foreignTicketId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, name: units.name, code: units.code }).from(units);
    unit = seeded!;
    const [other] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" })
      .returning({ id: units.id, name: units.name });
    otherUnit = other!;
    const [adminRow] = await database.db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.email, "admin@example.org"));
    admin = adminRow!;
    app = await buildTestApp(database);
    peksos = await createStaff(database, { role: "peksos", unitId: unit.id });
    supervisor = await createStaff(database, { role: "supervisor", unitId: unit.id });
    adminToken = await loginAs(app, "admin@example.org", "a-long-test-password");
    peksosToken = await loginAs(app, peksos.email, peksos.password);
    supervisorToken = await loginAs(app, supervisor.email, supervisor.password);

    ticketId = await insertTicket(unit.id, unit.code);
    foreignTicketId = await insertTicket(otherUnit.id, "LIN");

    // A peksos opens the ticket (what the detail route records), then acknowledges it (the real change).
    await recordAudit(database.db, {
      unitId: unit.id,
      actorStaffId: peksos.id,
      action: "ticket.viewed",
      entityType: "ticket",
      entityId: ticketId,
      at: at(1),
    });
    const acknowledged = await acknowledgeTicket(database.db, { unitId: unit.id, staffId: peksos.id, ticketId, now: at(2), via: "api" });
    expect(acknowledged.ok).toBe(true);
    await recordAudit(database.db, {
      unitId: unit.id,
      actorStaffId: admin.id,
      action: "staff.created",
      entityType: "staff",
      entityId: peksos.id,
      data: { role: "peksos" },
      at: at(3),
    });
    await recordAudit(database.db, {
      unitId: otherUnit.id,
      actorStaffId: null,
      action: "retention.purged",
      entityType: "ticket",
      entityId: foreignTicketId,
      data: { fields: ["reporterName", "reporterPhone", "pinHash"], retentionDays: 365 },
      at: at(4),
    });
    await recordAudit(database.db, { unitId: null, actorStaffId: admin.id, action: "unit.created", entityType: "unit", entityId: otherUnit.id, at: at(5) });
    // Seven reads in the same millisecond: pages must still cut between them without loss.
    for (let i = 0; i < 7; i++) {
      await recordAudit(database.db, { unitId: unit.id, actorStaffId: supervisor.id, action: "ticket.viewed", entityType: "ticket", entityId: ticketId, at: at(10) });
    }
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  async function insertTicket(unitId: string, code: string): Promise<string> {
    const [row] = await database.db
      .insert(tickets)
      .values({ unitId, code: `${code}-${randomCode()}`, priority: "sedang", category: "perundungan_verbal", slaDueAt: at(60 * 24), createdAt: T0 })
      .returning({ id: tickets.id });
    return row!.id;
  }

  const get = (query: string, token: string | null = adminToken) =>
    app.inject({ method: "GET", url: `/v1/audit?${query}`, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const lines = async (query: string): Promise<Line[]> => {
    const res = await get(query);
    expect(res.statusCode, query).toBe(200);
    return res.json().items;
  };

  it("is for admins only", async () => {
    for (const token of [peksosToken, supervisorToken]) {
      const res = await get(WINDOW, token);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: "forbidden" });
    }
    expect((await get(WINDOW, null)).statusCode).toBe(401);
  });

  it("lists every unit's lines newest first, with unit and actor, null for the system and deployment-wide", async () => {
    const items = await lines(WINDOW);
    expect(items).toHaveLength(12);
    expect(items.map((line) => line.at)).toEqual([...items.map((line) => line.at)].sort().reverse());
    // Same instant: newest first still means a fixed order, by id.
    const tied = items.slice(0, 7);
    expect(tied.every((line) => line.at === at(10).toISOString())).toBe(true);
    expect(tied.map((line) => line.id)).toEqual([...tied.map((line) => line.id)].sort().reverse());

    expect(items.slice(7)).toEqual([
      {
        id: expect.any(String),
        at: at(5).toISOString(),
        unit: null,
        actor: { id: admin.id, name: admin.name, role: "admin" },
        action: "unit.created",
        entityType: "unit",
        entityId: otherUnit.id,
        data: {},
      },
      {
        id: expect.any(String),
        at: at(4).toISOString(),
        unit: { id: otherUnit.id, name: otherUnit.name },
        actor: null,
        action: "retention.purged",
        entityType: "ticket",
        entityId: foreignTicketId,
        data: { fields: ["reporterName", "reporterPhone", "pinHash"], retentionDays: 365 },
      },
      expect.objectContaining({ action: "staff.created", entityType: "staff", entityId: peksos.id, data: { role: "peksos" } }),
      // The change: written by the acknowledge service itself, in its transaction.
      {
        id: expect.any(String),
        at: at(2).toISOString(),
        unit: { id: unit.id, name: unit.name },
        actor: { id: peksos.id, name: peksos.name, role: "peksos" },
        action: "ticket.acknowledged",
        entityType: "ticket",
        entityId: ticketId,
        data: { via: "api" },
      },
      // The read.
      expect.objectContaining({ at: at(1).toISOString(), action: "ticket.viewed", actor: { id: peksos.id, name: peksos.name, role: "peksos" } }),
    ]);
  });

  it("filters by unit, action, entity, actor and time", async () => {
    expect((await lines(`${WINDOW}&unitId=${otherUnit.id}`)).map((l) => l.action)).toEqual(["retention.purged"]);
    expect((await lines(`${WINDOW}&action=ticket.acknowledged`)).map((l) => l.entityId)).toEqual([ticketId]);
    // One ticket's story: who read it and who changed it.
    const story = await lines(`${WINDOW}&entityType=ticket&entityId=${ticketId}&actorStaffId=${peksos.id}`);
    expect(story.map((l) => l.action)).toEqual(["ticket.acknowledged", "ticket.viewed"]);
    expect(await lines(`${WINDOW}&entityType=staff`)).toHaveLength(1);
    expect(await lines(`${WINDOW}&actorStaffId=${supervisor.id}`)).toHaveLength(7);
    // since is inclusive, until exclusive.
    const window = `since=${encodeURIComponent(at(2).toISOString())}&until=${encodeURIComponent(at(5).toISOString())}`;
    expect((await lines(window)).map((l) => l.action)).toEqual(["retention.purged", "staff.created", "ticket.acknowledged"]);
    expect(await lines(`${WINDOW}&actorStaffId=${randomUUID()}`)).toEqual([]);
  });

  it("pages by cursor without losing or repeating a line, even as new lines arrive", async () => {
    const all = (await lines(WINDOW)).map((line) => line.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`${WINDOW}&limit=5${cursor === null ? "" : `&cursor=${cursor}`}`);
      expect(res.statusCode).toBe(200);
      const body: { items: Line[]; nextCursor: string | null } = res.json();
      expect(body.items.length).toBeLessThanOrEqual(5);
      seen.push(...body.items.map((line) => line.id));
      cursor = body.nextCursor;
      if (pages++ === 0) {
        // A line written after the first page is newer than the cursor: it cannot shift the rest.
        await recordAudit(database.db, { unitId: unit.id, actorStaffId: supervisor.id, action: "ticket.viewed", entityType: "ticket", entityId: ticketId, at: at(30) });
      }
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);

    // A page exactly as long as what is left ends with no cursor.
    const exact = await get(`${WINDOW}&limit=13`);
    expect(exact.json().items).toHaveLength(13);
    expect(exact.json().nextCursor).toBeNull();
    // Default 50.
    expect((await get(WINDOW)).json().nextCursor).toBeNull();
  });

  it("cuts pages between lines written in the same millisecond, as PostgreSQL keeps microseconds", async () => {
    for (const micros of ["2025-07-02T00:00:00.123456Z", "2025-07-02T00:00:00.123457Z", "2025-07-02T00:00:00.123458Z"]) {
      await database.db.execute(
        sql`insert into audit_events (unit_id, action, entity_type, created_at) values (${unit.id}, 'micro.test', 'ticket', ${micros}::timestamptz)`,
      );
    }
    const window = "action=micro.test";
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { items: Line[]; nextCursor: string | null } = (await get(`${window}&limit=1${cursor === null ? "" : `&cursor=${cursor}`}`)).json();
      seen.push(...body.items.map((line) => line.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("answers 400 naming the field for a bad cursor, limit, period or entity type", async () => {
    const forged = Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url");
    for (const [query, path] of [
      ["cursor=not-a-cursor", "cursor"],
      [`cursor=${forged}`, "cursor"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=ten", "limit"],
      [`since=${encodeURIComponent(at(5).toISOString())}&until=${encodeURIComponent(at(5).toISOString())}`, "until"],
      ["since=today", "since"],
      ["entityType=password", "entityType"],
      ["unitId=42", "unitId"],
    ] as const) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().fields).toEqual([expect.objectContaining({ in: "querystring", path })]);
    }
    const english = await app.inject({
      method: "GET",
      url: "/v1/audit?cursor=not-a-cursor",
      headers: { authorization: `Bearer ${adminToken}`, "accept-language": "en" },
    });
    expect(english.json().fields[0].message).toBe("The page cursor is not recognised. Start again from the first page, without cursor.");
  });

  it("documents the route under the audit tag", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    const route = doc.paths["/v1/audit"].get;
    expect(route.tags).toEqual(["audit"]);
    expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
    expect(Object.keys(route.responses).sort()).toEqual(["200", "400", "401", "403"]);
  });
});

function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
