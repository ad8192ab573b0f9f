import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets, units } from "../../db/schema/index.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { testDbKind } from "../support/test-db.ts";
import { call, createTicketsWorld, insertTicket, MINUTE, type TicketFields, type TicketsWorld } from "./tickets-support.ts";

/** What a queue item holds, exactly: no reporter contact of any kind. */
const ITEM_KEYS = [
  "acknowledgedAt",
  "assignee",
  "category",
  "code",
  "createdAt",
  "id",
  "inDanger",
  "incidentId",
  "incomplete",
  "overdue",
  "priority",
  "reporterRole",
  "schoolCode",
  "schoolName",
  "slaDueAt",
  "status",
  "victimAge",
];

describe(`the ticket queue on ${testDbKind}`, () => {
  let world: TicketsWorld;
  let unitCount = 0;

  beforeAll(async () => {
    world = await createTicketsWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  /** Each test gets a unit of its own, so its queue holds exactly the tickets it wrote. */
  async function freshUnit() {
    unitCount += 1;
    const code = `Q${String.fromCharCode(64 + unitCount)}${String.fromCharCode(65 + (unitCount % 26))}`;
    const [unit] = await world.database.db
      .insert(units)
      .values({ name: `Unit antrean ${unitCount}`, code })
      .returning({ id: units.id, code: units.code });
    const peksos = await createStaff(world.database, { role: "peksos", unitId: unit!.id });
    const token = await loginAs(world.app, peksos.email, peksos.password);
    const add = (fields: TicketFields = {}) => insertTicket(world.database, unit!, fields);
    const list = async (query = "", as = token) => {
      const res = await call(world.app, "GET", `/v1/tickets${query}`, as);
      expect(res.status, res.text).toBe(200);
      return res.body as { items: { id: string; code: string; [key: string]: unknown }[]; nextCursor: string | null };
    };
    return { unit: unit!, peksos, token, add, list };
  }

  const at = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

  it("puts darurat before tinggi whatever was reported first, and orders one priority by acknowledge-by time", async () => {
    const { add, list } = await freshUnit();
    const oldTinggi = await add({ priority: "tinggi", createdAt: at(-300), slaDueAt: at(-240) });
    const sedangSoon = await add({ priority: "sedang", createdAt: at(-10), slaDueAt: at(1) });
    const newDarurat = await add({ priority: "darurat", createdAt: at(-1), slaDueAt: at(4) });
    const olderDarurat = await add({ priority: "darurat", createdAt: at(-3), slaDueAt: at(2) });
    const rendah = await add({ priority: "rendah", createdAt: at(-500), slaDueAt: at(-400) });
    const laterTinggi = await add({ priority: "tinggi", createdAt: at(-20), slaDueAt: at(40) });

    const { items, nextCursor } = await list();
    expect(items.map((i) => i.id)).toEqual([olderDarurat.id, newDarurat.id, oldTinggi.id, laterTinggi.id, sedangSoon.id, rendah.id]);
    expect(nextCursor).toBeNull();
  });

  it("shows only open tickets by default, with no reporter contact in the items", async () => {
    const { add, list, peksos } = await freshUnit();
    const open = [];
    for (const status of ["baru", "diterima", "ditangani", "dirujuk"] as const) {
      open.push(await add({ status, reporterName: "Ibu Rahmawati", reporterPhone: "081298765432", channel: "telegram" }));
    }
    await add({ status: "selesai" });
    await add({ status: "ditutup" });
    const mine = await add({ status: "diterima", assigneeId: peksos.id, acknowledgedAt: at(-5) });

    const { items } = await list();
    expect(items.map((i) => i.id).sort()).toEqual([...open.map((t) => t.id), mine.id].sort());
    for (const item of items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    const shown = items.find((i) => i.id === mine.id);
    expect(shown).toMatchObject({ status: "diterima", assignee: { id: peksos.id, name: peksos.name }, overdue: false });
    const text = JSON.stringify(items);
    expect(text).not.toContain("Rahmawati");
    expect(text).not.toContain("081298765432");
  });

  it("flags open tickets nobody acknowledged by their time as overdue", async () => {
    const { add, list } = await freshUnit();
    const late = await add({ priority: "darurat", slaDueAt: at(-2) });
    const inTime = await add({ priority: "darurat", slaDueAt: at(3) });
    const lateButTaken = await add({ priority: "darurat", status: "diterima", slaDueAt: at(-2), acknowledgedAt: at(-3) });
    const closedLate = await add({ priority: "darurat", status: "ditutup", slaDueAt: at(-2) });
    const { items } = await list("?status=baru,diterima,ditutup");
    const overdue = Object.fromEntries(items.map((i) => [i.id, i.overdue]));
    expect(overdue).toEqual({ [late.id]: true, [inTime.id]: false, [lateButTaken.id]: false, [closedLate.id]: false });
  });

  it("filters by status, given comma-separated or repeated", async () => {
    const { add, list } = await freshUnit();
    const baru = await add({ status: "baru" });
    const selesai = await add({ status: "selesai" });
    const ditutup = await add({ status: "ditutup" });
    await add({ status: "ditangani" });
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id).sort();
    expect(await ids("?status=selesai")).toEqual([selesai.id]);
    expect(await ids("?status=selesai,ditutup")).toEqual([selesai.id, ditutup.id].sort());
    expect(await ids("?status=selesai&status=ditutup&status=baru")).toEqual([baru.id, selesai.id, ditutup.id].sort());
    expect(await ids("?status=baru,%20selesai")).toEqual([baru.id, selesai.id].sort());
  });

  it("filters by priority and category", async () => {
    const { add, list } = await freshUnit();
    const darurat = await add({ priority: "darurat", category: "menyakiti_diri" });
    const tinggi = await add({ priority: "tinggi", category: "kekerasan_fisik" });
    const sedang = await add({ priority: "sedang", category: "perundungan_verbal" });
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id);
    expect(await ids("?priority=darurat")).toEqual([darurat.id]);
    expect(await ids("?priority=tinggi,sedang")).toEqual([tinggi.id, sedang.id]);
    expect(await ids("?category=kekerasan_fisik&category=perundungan_verbal")).toEqual([tinggi.id, sedang.id]);
    expect(await ids("?priority=darurat&category=perundungan_verbal")).toEqual([]);
  });

  it("filters by assignee: a staff id, me, or none", async () => {
    const { unit, add, list, peksos } = await freshUnit();
    const colleague = await createStaff(world.database, { role: "peksos", unitId: unit.id });
    const mine = await add({ status: "diterima", assigneeId: peksos.id });
    const theirs = await add({ status: "diterima", assigneeId: colleague.id });
    const nobodys = await add();
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id);
    expect(await ids("?assignee=me")).toEqual([mine.id]);
    expect(await ids(`?assignee=${colleague.id}`)).toEqual([theirs.id]);
    expect(await ids("?assignee=none")).toEqual([nobodys.id]);
  });

  it("filters by school: the leaflet's code exactly, or part of the name in any case", async () => {
    const { add, list } = await freshUnit();
    const coded = await add({ schoolCode: "smpn7", schoolName: "SMP Negeri 7 Metro" });
    const named = await add({ schoolName: "SD Negeri 2 Metro Barat" });
    const wildcard = await add({ schoolName: "SD 100% Ceria" });
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id).sort();
    expect(await ids("?school=smpn7")).toEqual([coded.id]);
    expect(await ids("?school=smpn")).toEqual([]);
    expect(await ids("?school=negeri%202%20METRO")).toEqual([named.id]);
    expect(await ids("?school=metro")).toEqual([coded.id, named.id].sort());
    // % and _ are letters here, not wildcards.
    expect(await ids("?school=100%25")).toEqual([wildcard.id]);
    expect(await ids("?school=%25")).toEqual([wildcard.id]);
    expect(await ids("?school=S_")).toEqual([]);
  });

  it("finds one ticket by its code in any case, closed ones with the status filter, never another unit's", async () => {
    const { add, list } = await freshUnit();
    const open = await add();
    const closed = await add({ status: "selesai" });
    await add();
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id);
    expect(await ids(`?code=${open.code.toLowerCase()}`)).toEqual([open.id]);
    expect(await ids(`?code=${closed.code}`)).toEqual([]);
    expect(await ids(`?code=${closed.code}&status=selesai,ditutup`)).toEqual([closed.id]);
    const other = await freshUnit();
    expect(await ids(`?code=${(await other.add()).code}`)).toEqual([]);
    const bad = await call(world.app, "GET", "/v1/tickets?code=MTR-7K3", (await freshUnit()).token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ fields: [{ in: "querystring", path: "code" }] });
  });

  it("filters by the period the report arrived in: since inclusive, until exclusive", async () => {
    const { add, list } = await freshUnit();
    const base = new Date("2025-07-01T00:00:00.000Z");
    const early = await add({ createdAt: base });
    const middle = await add({ createdAt: new Date(base.getTime() + 60 * MINUTE) });
    const late = await add({ createdAt: new Date(base.getTime() + 120 * MINUTE) });
    const ids = async (query: string) => (await list(query)).items.map((i) => i.id).sort();
    const iso = (minutes: number) => encodeURIComponent(new Date(base.getTime() + minutes * MINUTE).toISOString());
    expect(await ids(`?since=${iso(0)}`)).toEqual([early.id, middle.id, late.id].sort());
    expect(await ids(`?since=${iso(60)}`)).toEqual([middle.id, late.id].sort());
    expect(await ids(`?until=${iso(60)}`)).toEqual([early.id]);
    expect(await ids(`?since=${iso(1)}&until=${iso(121)}`)).toEqual([middle.id, late.id].sort());
    expect(await ids(`?since=${encodeURIComponent("2025-07-01T07:00:00+07:00")}&until=${iso(61)}`)).toEqual([early.id, middle.id].sort());
  });

  it("pages through more tickets than a page with the cursor, without duplicates or gaps", async () => {
    const { add, list } = await freshUnit();
    const created: string[] = [];
    const tie = at(30);
    for (let i = 0; i < 23; i++) {
      // Several priorities and statuses, and many tickets sharing one acknowledge-by time: the id breaks ties.
      const priority = (["darurat", "tinggi", "sedang"] as const)[i % 3]!;
      const status = (["baru", "diterima", "ditangani"] as const)[i % 3 === 0 ? 0 : (i % 2) + 1]!;
      const row = await add({ priority, status, slaDueAt: i % 4 === 0 ? tie : at(i) });
      created.push(row.id);
    }
    // Three times a microsecond apart: a cursor rounded to milliseconds would lose or repeat these.
    const micro = created.slice(0, 3);
    for (const [n, id] of micro.entries()) {
      await world.database.db
        .update(tickets)
        .set({ priority: "rendah", slaDueAt: sql`${`2030-01-01T00:00:00.00000${n + 1}Z`}::timestamptz` })
        .where(eq(tickets.id, id));
    }

    const everything = (await list("?limit=100")).items.map((i) => i.id);
    expect(everything).toHaveLength(23);
    expect(everything.slice(-3)).toEqual(micro);

    // A period takes the one-query path; it pages the same way.
    const since = `&since=${encodeURIComponent("2020-01-01T00:00:00Z")}`;
    for (const [limit, period] of [[1, ""], [4, ""], [5, ""], [23, ""], [4, since]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=${limit}${period}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page = await list(query);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(seen, `limit ${limit}${period}`).toEqual(everything);
      expect(pages).toBe(Math.ceil(23 / limit));
    }

    // One status alone takes the single-query path; it pages the same way.
    const baruAll = (await list("?status=baru&limit=100")).items.map((i) => i.id);
    const first = await list("?status=baru&limit=3");
    const second = await list(`?status=baru&limit=100&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(baruAll);
    expect(second.nextCursor).toBeNull();
  });

  it("answers 400 naming the field for a bad filter", async () => {
    const { token } = await freshUnit();
    for (const [query, field] of [
      ["?status=terbuka", "status"],
      ["?status=baru,,selesai,tutup", "status"],
      ["?status=baru&status=foo", "status"],
      ["?priority=urgent", "priority"],
      ["?category=bullying", "category"],
      ["?assignee=bob", "assignee"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=lima", "limit"],
      ["?since=kemarin", "since"],
      ["?until=2025-13-01T00:00:00Z", "until"],
      ["?since=2025-07-02T00:00:00Z&until=2025-07-01T00:00:00Z", "until"],
      ["?cursor=bukan-kursor", "cursor"],
      [`?cursor=${Buffer.from(JSON.stringify({ p: "darurat", s: "2025-07-01", i: randomUUID() })).toString("base64url")}`, "cursor"],
    ] as const) {
      const res = await call(world.app, "GET", `/v1/tickets${query}`, token);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: "validation" });
      expect(res.body.fields, query).toEqual([expect.objectContaining({ in: "querystring", path: field })]);
    }
    const english = await call(world.app, "GET", "/v1/tickets?status=terbuka", token, undefined, "en");
    expect(english.body.fields[0].message).toContain("Unknown status");
  });

  it("lists only the caller's unit, for peksos, supervisors and admins, and nobody without a session", async () => {
    const { unit, add, list } = await freshUnit();
    const own = await add();
    await insertTicket(world.database, world.otherUnit);
    expect((await list()).items.map((i) => i.id)).toEqual([own.id]);

    const admin = await createStaff(world.database, { role: "admin", unitId: unit.id });
    const supervisor = await createStaff(world.database, { role: "supervisor", unitId: unit.id });
    for (const who of [admin, supervisor]) {
      const token = await loginAs(world.app, who.email, who.password);
      expect((await list("", token)).items.map((i) => i.id)).toEqual([own.id]);
    }
    const other = await list("", world.otherPeksos.token);
    expect(other.items.map((i) => i.id)).not.toContain(own.id);
    expect((await call(world.app, "GET", "/v1/tickets")).status).toBe(401);
  });

  it("documents every ticket route under the tickets tag with each status it answers", async () => {
    const doc = (await world.app.inject({ method: "GET", url: "/docs/json" })).json();
    const write = ["200", "400", "401", "403", "404", "409"];
    const routes = [
      [doc.paths["/v1/tickets"].get, ["200", "400", "401", "403"]],
      [doc.paths["/v1/tickets/{id}"].get, ["200", "400", "401", "403", "404"]],
      [doc.paths["/v1/tickets/{id}/acknowledge"].post, write],
      [doc.paths["/v1/tickets/{id}/assign"].post, write],
      [doc.paths["/v1/tickets/{id}/status"].post, write],
      [doc.paths["/v1/tickets/{id}/notes"].post, ["201", "400", "401", "403", "404"]],
      [doc.paths["/v1/tickets/{id}/links"].post, write],
      [doc.paths["/v1/tickets/{id}/links"].delete, write],
      [doc.paths["/v1/tickets/{id}/messages"].post, ["202", "400", "401", "403", "404", "409"]],
    ] as const;
    for (const [route, codes] of routes) {
      expect(route.tags).toEqual(["tickets"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual([...codes].sort());
    }
    expect(JSON.stringify(doc.paths["/v1/tickets/{id}/status"].post.responses["409"])).toContain("allowed");
  });
});
