import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { StaffRole } from "../../api/auth/sessions.ts";
import { createI18n } from "../../api/i18n.ts";
import { createIntake } from "../../api/intake/intake-service.ts";
import { createLogger } from "../../api/logging.ts";
import { agencies, referrals, reporters, shifts, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { ChatDriver } from "../intake/support.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import {
  documentedRoutes,
  expectedStatus,
  FRESH_SLOTS_FROM_MS,
  MATRIX,
  NOT_STAFF_ROUTES,
  registeredRoutes,
  ROLES,
  routeKey,
  rowName,
  SCOPES,
  SLOT_MS,
  UNDOCUMENTED_PREFIX,
  type CellContext,
  type CellRequest,
  type CellResponse,
  type Fresh,
  type FreshTicketFields,
  type MatrixRow,
  type Member,
  type Method,
  type Role,
  type Scope,
  type UnitWorld,
} from "./authorization-matrix-cases.ts";
import { insertTicket, namedParentReport, ticketByCode } from "./tickets-support.ts";

/*
 * The authorization matrix: every staff route × each role (admin, supervisor, the ticket's
 * assignee, another peksos) × the caller's own unit or the other unit, with the exact status,
 * and in every answer no reporter contact detail the caller may not see. Unit A's resources are
 * the ones requests name; "other unit" cells are made by unit B's staff. Rows are in
 * authorization-matrix-cases.ts; the first tests check the table against the app's routes.
 */

const DAY = 24 * 60 * 60_000;

interface Reporter {
  address: string;
  name: string;
  phoneTyped: string;
  /** As the intake stores it. */
  phone: string;
}

/** Distinctive, so that finding one anywhere in an answer can only be a leak. */
const REPORTERS: Record<"a" | "b", Reporter> = {
  a: { address: "7771234567", name: "Ratna Kusumawardani", phoneTyped: "0812-7755-3311", phone: "081277553311" },
  b: { address: "7779876543", name: "Yohana Simanjuntak", phoneTyped: "0813-6644-2299", phone: "081366442299" },
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Who may read a unit's reporter contact: UU PDP's minimisation, as api/tickets/visibility.ts has it. */
function mayReadContact(role: Role): boolean {
  return role === "supervisor" || role === "assignee";
}

describe(`authorization matrix on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unitA: UnitWorld;
  let unitB: UnitWorld;
  /** Which unit each id belongs to, to make "the same request naming unknown ids". */
  const owner = new Map<string, string>();
  let fresh: Fresh;

  // Every cell comes from its own address, so the per-IP rate limit never answers for the matrix.
  let addresses = 0;
  function nextAddress(): string {
    addresses += 1;
    return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
  }

  async function send(method: Method, request: CellRequest, authorization?: string): Promise<CellResponse> {
    const response = await app.inject({
      method,
      url: request.url,
      remoteAddress: nextAddress(),
      ...(request.payload !== undefined && { payload: request.payload }),
      headers: authorization === undefined ? {} : { authorization },
    });
    const isJson = String(response.headers["content-type"] ?? "").includes("application/json") && response.body.length > 0;
    return { status: response.statusCode, text: response.body, json: isJson ? (JSON.parse(response.body) as unknown) : undefined };
  }

  const bearer = (token: string) => `Bearer ${token}`;

  async function must(method: Method, request: CellRequest, token: string, status: number): Promise<CellResponse> {
    const response = await send(method, request, bearer(token));
    if (response.status !== status) throw new Error(`${method} ${request.url}: ${response.status} ${response.text}`);
    return response;
  }

  function idOf(response: CellResponse): string {
    const id = (response.json as { id?: unknown }).id;
    if (typeof id !== "string") throw new Error(`no id in ${response.text}`);
    return id;
  }

  /** One unit: its four callers, a spare peksos, and a ticket, agency, referral and shift made as in real use. */
  async function setUpUnit(unit: { id: string; code: string }, reporter: Reporter, intakeApp: App): Promise<UnitWorld> {
    owner.set(unit.id, unit.id);
    const member = async (staffRole: StaffRole, name: string): Promise<Member> => {
      const created = await createStaff(database, { role: staffRole, unitId: unit.id, name });
      owner.set(created.id, unit.id);
      return { ...created, token: await loginAs(app, created.email, created.password) };
    };
    const members: Record<Role, Member> = {
      admin: await member("admin", `Admin ${unit.code}`),
      supervisor: await member("supervisor", `Kabid ${unit.code}`),
      assignee: await member("peksos", `Peksos Penanggung ${unit.code}`),
      peksos: await member("peksos", `Peksos Lain ${unit.code}`),
    };
    const spare = await createStaff(database, { role: "peksos", unitId: unit.id, name: `Peksos Cadangan ${unit.code}` });
    owner.set(spare.id, unit.id);

    // A parent's report with a name and a phone, through the hotline as a chat would send it.
    const code = await namedParentReport(new ChatDriver(intakeApp, reporter.address), reporter.name, reporter.phoneTyped);
    const ticket = await ticketByCode(database, code);
    expect(ticket).toMatchObject({ unitId: unit.id, reporterName: reporter.name, reporterPhone: reporter.phone, consentToContact: true });
    const [chat] = await database.db.select({ address: reporters.address }).from(reporters).where(eq(reporters.id, ticket.reporterId!));
    expect(chat?.address).toBe(reporter.address);
    owner.set(ticket.id, unit.id);

    const { assignee, supervisor } = members;
    await must("POST", { url: `/v1/tickets/${ticket.id}/acknowledge` }, assignee.token, 200);
    // A colleague repeating the phone in a note: the detail must hide it from those who may not see it.
    await must("POST", { url: `/v1/tickets/${ticket.id}/notes`, payload: { text: `Sudah ditelepon ke ${reporter.phone}.` } }, assignee.token, 201);
    const [agency] = await database.db
      .insert(agencies)
      .values({ unitId: unit.id, name: `UPTD PPA ${unit.code}`, type: "uptd_ppa" })
      .returning({ id: agencies.id });
    owner.set(agency!.id, unit.id);
    const referral = idOf(
      await must(
        "POST",
        {
          url: `/v1/tickets/${ticket.id}/referrals`,
          payload: { agencyId: agency!.id, note: "Mohon asesmen psikologis.", dueAt: new Date(Date.now() + 3 * DAY).toISOString() },
        },
        assignee.token,
        201,
      ),
    );
    owner.set(referral, unit.id);
    const shiftStart = new Date(Date.now() + DAY);
    const shift = idOf(
      await must(
        "POST",
        {
          url: "/v1/shifts",
          payload: {
            staffId: assignee.id,
            tier: "primary",
            startsAt: shiftStart.toISOString(),
            endsAt: new Date(shiftStart.getTime() + 8 * 60 * 60_000).toISOString(),
          },
        },
        supervisor.token,
        201,
      ),
    );
    owner.set(shift, unit.id);
    return {
      unit,
      members,
      spare,
      ticket: { id: ticket.id, code: ticket.code },
      secrets: [reporter.address, reporter.name, reporter.phone, reporter.phoneTyped],
      agency: agency!.id,
      referral,
      shift,
    };
  }

  function createFresh(): Fresh {
    let slots = 0;
    let unitCodes = 0;
    let emails = 0;
    const slotBase = Math.ceil((Date.now() + FRESH_SLOTS_FROM_MS) / SLOT_MS) * SLOT_MS;
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ticket = async (world: UnitWorld, fields: FreshTicketFields & { incidentId?: string } = {}) => {
      const status = fields.status ?? "baru";
      const row = await insertTicket(database, world.unit, {
        status,
        assigneeId: fields.assigneeId ?? null,
        acknowledgedAt: status === "baru" ? null : new Date(),
        ...(fields.incidentId !== undefined && { incidentId: fields.incidentId }),
      });
      owner.set(row.id, world.unit.id);
      return row.id;
    };
    const slot = () => {
      const start = slotBase + slots * 2 * SLOT_MS;
      slots += 1;
      return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + SLOT_MS).toISOString() };
    };
    return {
      ticket: (world, fields) => ticket(world, fields),
      linkedTicket: async (world) => {
        const incidentId = randomUUID();
        const first = await ticket(world, { incidentId });
        await ticket(world, { incidentId });
        return first;
      },
      referral: async (world) => {
        const ticketId = await ticket(world, { status: "dirujuk", assigneeId: world.members.assignee.id });
        const [row] = await database.db
          .insert(referrals)
          .values({ ticketId, agencyId: world.agency, createdById: world.members.assignee.id, dueAt: new Date(Date.now() + 3 * DAY) })
          .returning({ id: referrals.id });
        owner.set(row!.id, world.unit.id);
        return row!.id;
      },
      shift: async (world) => {
        const { startsAt, endsAt } = slot();
        const [row] = await database.db
          .insert(shifts)
          .values({ unitId: world.unit.id, staffId: world.members.assignee.id, tier: "primary", startsAt: new Date(startsAt), endsAt: new Date(endsAt) })
          .returning({ id: shifts.id });
        owner.set(row!.id, world.unit.id);
        return row!.id;
      },
      slot,
      unitCode: () => {
        const n = unitCodes++;
        return `Q${letters[Math.floor(n / 26) % 26]}${letters[n % 26]}`;
      },
      email: () => `matriks-${++emails}-${randomBytes(3).toString("hex")}@example.org`,
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, code: units.code }).from(units).limit(1);
    const [second] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" })
      .returning({ id: units.id, code: units.code });
    // Real time: the triage routes stamp and expire sessions by the system clock.
    app = await buildTestApp(database);
    // The other unit's hotline: the same intake, configured for that unit.
    const secondHotline = await buildTestApp(database, {
      intake: createIntake({ database, i18n: await createI18n("id"), logger: createLogger("silent"), unitCode: second!.code }),
    });
    try {
      unitA = await setUpUnit(seeded!, REPORTERS.a, app);
      unitB = await setUpUnit(second!, REPORTERS.b, secondHotline);
    } finally {
      await secondHotline.close();
    }
    fresh = createFresh();
  });

  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  /** The same request with every id of a unit other than the caller's replaced by one nobody has. */
  function withUnknownIds(request: CellRequest, callerUnitId: string): CellRequest | undefined {
    const replaced = new Map<string, string>();
    const swap = (text: string) =>
      text.replace(UUID, (id) => {
        const unitId = owner.get(id.toLowerCase());
        if (unitId === undefined || unitId === callerUnitId) return id;
        const unknown = replaced.get(id) ?? randomUUID();
        replaced.set(id, unknown);
        return unknown;
      });
    const url = swap(request.url);
    const payload = request.payload === undefined ? undefined : (JSON.parse(swap(JSON.stringify(request.payload))) as object);
    if (replaced.size === 0) return undefined;
    return { url, ...(payload !== undefined && { payload }) };
  }

  /** No reporter contact in the answer unless the caller may read that unit's. */
  function expectNoContactLeak(role: Role, home: UnitWorld, response: CellResponse): void {
    for (const world of [unitA, unitB]) {
      if (world === home && mayReadContact(role)) continue;
      for (const secret of world.secrets) {
        expect(response.text.includes(secret), `a reporter contact detail of ${world.unit.code} reached the ${role} of ${home.unit.code}`).toBe(
          false,
        );
      }
    }
  }

  /** Nothing of the subject unit's cases in an answer to the other unit's staff. */
  function expectNothingOf(subject: UnitWorld, response: CellResponse): void {
    const records = { ticket: subject.ticket.id, ticketCode: subject.ticket.code, agency: subject.agency, referral: subject.referral, shift: subject.shift };
    for (const [what, id] of Object.entries(records)) {
      expect(response.text.includes(id), `the other unit's ${what} is in the answer`).toBe(false);
    }
  }

  async function runCell(row: MatrixRow, role: Role, scope: Scope): Promise<void> {
    const home = scope === "own unit" ? unitA : unitB;
    const ctx: CellContext = { role, scope, caller: home.members[role], home, subject: unitA, away: unitB, fresh };
    const token = row.freshSession ? await loginAs(app, ctx.caller.email, ctx.caller.password) : ctx.caller.token;
    const request = await row.request(ctx);
    const response = await send(row.method, request, bearer(token));
    row.after?.(ctx, response);
    const expected = expectedStatus(row, role, scope);

    expect(response.status, response.text).toBe(expected);
    expectNoContactLeak(role, home, response);
    const succeeded = response.status >= 200 && response.status < 300;
    if (succeeded && scope === "own unit") row.check?.(ctx, response);
    if (succeeded && scope === "other unit" && !row.deploymentWide) expectNothingOf(unitA, response);
    // Another unit's resource is answered exactly like one that does not exist.
    if (!succeeded && response.status !== 403) {
      const unknown = withUnknownIds(request, home.unit.id);
      if (unknown) {
        const control = await send(row.method, unknown, bearer(token));
        expect({ status: control.status, body: control.json }, "the answer differs from an unknown id's").toEqual({
          status: response.status,
          body: response.json,
        });
      }
    }
  }

  describe("the table and the app's routes", () => {
    it("covers every documented route, and names no route the app lacks", () => {
      const documented = documentedRoutes(app);
      const table = new Set([...MATRIX.map((row) => routeKey(row.method, row.path)), ...NOT_STAFF_ROUTES.map((r) => routeKey(r.method, r.path))]);
      const uncovered = [...documented.keys()].filter((key) => !table.has(key)).sort();
      const unknown = [...table].filter((key) => !documented.has(key)).sort();
      expect({ uncovered, unknown }).toEqual({ uncovered: [], unknown: [] });
    });

    it("leaves no registered route out of the document, apart from the docs pages", () => {
      const documented = documentedRoutes(app);
      const registered = registeredRoutes(app);
      // The route tree was read right: it holds every documented route.
      expect([...documented.keys()].filter((key) => !registered.includes(key))).toEqual([]);
      const hidden = registered.filter((key) => !documented.has(key) && !key.split(" ")[1]!.startsWith(UNDOCUMENTED_PREFIX));
      expect(hidden).toEqual([]);
    });

    it("documents the staff token on exactly the staff routes", () => {
      const documented = documentedRoutes(app);
      for (const row of MATRIX) {
        expect(documented.get(routeKey(row.method, row.path)), rowName(row)).toContain("staffToken");
      }
      for (const route of NOT_STAFF_ROUTES) {
        expect(documented.get(routeKey(route.method, route.path)), routeKey(route.method, route.path)).not.toContain("staffToken");
      }
    });
  });

  for (const row of MATRIX) {
    describe(rowName(row), () => {
      it("without a token → 401; with the channel token → 401", async () => {
        const request = await row.request({ role: "supervisor", scope: "own unit", caller: unitA.members.supervisor, home: unitA, subject: unitA, away: unitB, fresh });
        const anonymous = await send(row.method, request);
        expect(anonymous.status, anonymous.text).toBe(401);
        const channel = await send(row.method, request, bearer(TEST_CHANNEL_TOKEN));
        expect(channel.status, channel.text).toBe(401);
      });

      for (const role of ROLES) {
        for (const scope of SCOPES) {
          it(`${role} × ${scope} → ${expectedStatus(row, role, scope)}`, async () => {
            await runCell(row, role, scope);
          });
        }
      }
    });
  }

  describe("routes that are not staff routes", () => {
    for (const route of NOT_STAFF_ROUTES.filter((r) => r.kind === "channel")) {
      describe(routeKey(route.method, route.path), () => {
        it("without a token → 401", async () => {
          expect((await send(route.method, route)).status).toBe(401);
        });
        for (const role of ROLES) {
          it(`with the ${role}'s staff token → 401`, async () => {
            const response = await send(route.method, route, bearer(unitA.members[role].token));
            expect(response.status, response.text).toBe(401);
          });
        }
        it("with the channel token → let through", async () => {
          const response = await send(route.method, route, bearer(TEST_CHANNEL_TOKEN));
          expect(response.status, response.text).not.toBe(401);
          expectNoContactLeak("peksos", unitA, response);
        });
      });
    }

    it("GET /health without a token → 200", async () => {
      expect((await send("GET", { url: "/health" })).status).toBe(200);
    });

    it("POST /v1/auth/login without a token → 401 for a wrong password, 200 for the right one", async () => {
      const { email, password } = unitA.members.peksos;
      const wrong = await send("POST", { url: "/v1/auth/login", payload: { email, password: "not-the-password-at-all" } });
      expect(wrong.status, wrong.text).toBe(401);
      const right = await send("POST", { url: "/v1/auth/login", payload: { email, password } });
      expect(right.status, right.text).toBe(200);
      expectNoContactLeak("peksos", unitA, right);
    });

    it("the docs pages answer without a token", async () => {
      for (const url of ["/docs/json", "/docs/yaml"]) expect((await send("GET", { url })).status, url).toBe(200);
      expect([200, 302]).toContain((await send("GET", { url: "/docs" })).status);
    });
  });

  describe("a referral note quoting the reporter's name and phone", () => {
    // Agencies need a way to reach the family, so a peksos may well write it into the note.
    let ticketId: string;
    let referralId: string;

    beforeAll(async () => {
      const reporter = REPORTERS.a;
      const { assignee } = unitA.members;
      const ticket = await insertTicket(database, unitA.unit, {
        status: "diterima",
        acknowledgedAt: new Date(),
        assigneeId: assignee.id,
        consentToContact: true,
        reporterName: reporter.name,
        reporterPhone: reporter.phone,
      });
      ticketId = ticket.id;
      owner.set(ticketId, unitA.unit.id);
      const note = `Hubungi ibu pelapor, ${reporter.name}, di ${reporter.phone}.`;
      const created = await must(
        "POST",
        { url: `/v1/tickets/${ticketId}/referrals`, payload: { agencyId: unitA.agency, note, dueAt: new Date(Date.now() + 3 * DAY).toISOString() } },
        assignee.token,
        201,
      );
      referralId = idOf(created);
    });

    const reads: { role: Role; method: Method; what: string; request: () => CellRequest }[] = [
      { role: "supervisor", method: "GET", what: "GET /v1/tickets/{id}/referrals", request: () => ({ url: `/v1/tickets/${ticketId}/referrals` }) },
      { role: "assignee", method: "GET", what: "GET /v1/tickets/{id}/referrals", request: () => ({ url: `/v1/tickets/${ticketId}/referrals` }) },
      { role: "admin", method: "GET", what: "GET /v1/tickets/{id}/referrals", request: () => ({ url: `/v1/tickets/${ticketId}/referrals` }) },
      { role: "peksos", method: "GET", what: "GET /v1/tickets/{id}/referrals", request: () => ({ url: `/v1/tickets/${ticketId}/referrals` }) },
      { role: "admin", method: "GET", what: "GET /v1/tickets/{id}", request: () => ({ url: `/v1/tickets/${ticketId}` }) },
      { role: "peksos", method: "GET", what: "GET /v1/tickets/{id}", request: () => ({ url: `/v1/tickets/${ticketId}` }) },
      {
        role: "peksos",
        method: "PATCH",
        what: "PATCH /v1/referrals/{id}",
        request: () => ({ url: `/v1/referrals/${referralId}`, payload: { status: "diterima" } }),
      },
    ];
    for (const read of reads) {
      const may = mayReadContact(read.role);
      it(`${read.what} × ${read.role} × own unit: the note ${may ? "as written" : "without the contact"}`, async () => {
        const response = await must(read.method, read.request(), unitA.members[read.role].token, 200);
        if (may) expect(response.text).toContain(REPORTERS.a.phone);
        expectNoContactLeak(read.role, unitA, response);
      });
    }
  });
});
