import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedNextStatuses, checkTransition } from "../../api/tickets/transitions.ts";
import { TICKET_STATUSES } from "../../db/schema/enums.ts";
import { agencies, auditEvents, referrals, reporters, ticketEvents, tickets } from "../../db/schema/index.ts";
import { createStaff } from "../support/staff.ts";
import { LogCapture } from "../support/test-app.ts";
import { testDbKind } from "../support/test-db.ts";
import {
  call,
  childReport,
  createTicketsWorld,
  insertTicket,
  MINUTE,
  namedParentReport,
  newChat,
  STORY,
  ticketByCode,
  type Member,
  type TicketsWorld,
} from "./tickets-support.ts";

const PARENT_NAME = "Rahmawati Siregar";
const PHONE_TYPED = "0812-3456-7890";
const PHONE_STORED = "081234567890";

describe(`a ticket's detail and life on ${testDbKind}`, () => {
  let world: TicketsWorld;
  const logs = new LogCapture();

  beforeAll(async () => {
    world = await createTicketsWorld({ logs });
  });
  afterAll(async () => {
    await world.close();
  });

  const get = (id: string, who: Member) => call(world.app, "GET", `/v1/tickets/${id}`, who.token);
  const post = (id: string, action: string, who: Member, payload: object = {}) =>
    call(world.app, "POST", `/v1/tickets/${id}/${action}`, who.token, payload);
  const newTicket = (fields: Parameters<typeof insertTicket>[2] = {}) => insertTicket(world.database, world.unit, fields);

  async function eventsOf(ticketId: string) {
    return world.database.db
      .select({ type: ticketEvents.type, actorStaffId: ticketEvents.actorStaffId, data: ticketEvents.data, createdAt: ticketEvents.createdAt })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(ticketEvents.createdAt, ticketEvents.type);
  }

  async function auditOf(ticketId: string, action: string) {
    return world.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, ticketId), eq(auditEvents.action, action)));
  }

  describe("the detail", () => {
    let ticketId: string;
    let address: string;
    let pin: string;

    beforeAll(async () => {
      const chat = newChat(world.app);
      address = chat.address;
      const code = await namedParentReport(chat, PARENT_NAME, PHONE_TYPED);
      pin = /PIN: (\d{4})/.exec(chat.texts.join("\n"))?.[1] ?? "";
      expect(pin).toMatch(/^\d{4}$/);
      await chat.send({ type: "media", kind: "photo", fileId: "AgAC-memar", caption: `foto memar, hubungi ${PHONE_STORED}` });
      const ticket = await ticketByCode(world.database, code);
      ticketId = ticket.id;
      expect(ticket).toMatchObject({ reporterName: PARENT_NAME, reporterPhone: PHONE_STORED, anonymous: false, consentToContact: true });
      // The assignee, who may see the contact details; a note that repeats the phone.
      expect((await post(ticketId, "acknowledge", world.peksos)).status).toBe(200);
      expect((await post(ticketId, "notes", world.peksos, { text: `Sudah ditelepon ke ${PHONE_STORED}.` })).status).toBe(201);
      const [agency] = await world.database.db.select().from(agencies).where(eq(agencies.unitId, world.unit.id)).limit(1);
      await world.database.db.insert(referrals).values({ ticketId, agencyId: agency!.id, dueAt: new Date("2025-07-21T02:00:00Z") });
    });

    it("never shows the reporter's status PIN, not even to the assignee", async () => {
      for (const who of [world.peksos, world.supervisor]) {
        const body = JSON.stringify((await get(ticketId, who)).body);
        expect(body).toContain("PIN: ••••");
        expect(body).not.toMatch(new RegExp(`PIN:?\\s*${pin}`));
      }
    });

    it("shows the report, the conversation, the evidence, the timeline and the referrals", async () => {
      const res = await get(ticketId, world.peksos);
      expect(res.status, res.text).toBe(200);
      const body = res.body;
      expect(body).toMatchObject({
        id: ticketId,
        unitId: world.unit.id,
        status: "diterima",
        allowedStatuses: ["ditangani", "ditutup"],
        reporterRole: "orang_tua",
        channel: "telegram",
        assignee: { id: world.peksos.id, name: world.peksos.name },
        reporter: { channel: "telegram", address, name: PARENT_NAME, phone: PHONE_STORED, consentToContact: true, anonymous: false, masked: false },
        linked: [],
      });
      expect(body).not.toHaveProperty("pinHash");
      expect(body.transcript.length).toBeGreaterThan(10);
      expect(body.transcript[0]).toMatchObject({ direction: "in", kind: "text", text: "halo", redacted: false });
      expect(body.transcript.map((m: { text: string | null }) => m.text)).toContain("anak saya dipukul temannya di sekolah sampai memar");
      expect(body.transcript.find((m: { step: string; direction: string }) => m.step === "name" && m.direction === "in")).toMatchObject({ text: `${PARENT_NAME} ${PHONE_TYPED}` });
      expect(body.evidence).toEqual([
        {
          id: expect.any(String),
          kind: "photo",
          fileId: "AgAC-memar",
          url: expect.stringContaining(`/v1/tickets/${body.id}/evidence/`),
          mimeType: null,
          caption: `foto memar, hubungi ${PHONE_STORED}`,
          createdAt: expect.any(String),
        },
      ]);
      const types = body.timeline.map((e: { type: string }) => e.type);
      expect(types.slice(0, 2)).toEqual(["created", "triaged"]);
      expect(types).toEqual(expect.arrayContaining(["evidence", "acknowledged", "assigned", "status_changed", "note", "viewed"]));
      expect(body.timeline.find((e: { type: string }) => e.type === "acknowledged")).toMatchObject({
        actor: { kind: "staff", staff: { id: world.peksos.id, name: world.peksos.name } },
        data: { via: "api" },
      });
      expect(body.timeline.find((e: { type: string }) => e.type === "created")).toMatchObject({ actor: { kind: "reporter", staff: null } });
      expect(body.referrals).toEqual([
        {
          id: expect.any(String),
          agency: { id: expect.any(String), name: expect.any(String), type: expect.any(String) },
          status: "dikirim",
          dueAt: "2025-07-21T02:00:00.000Z",
          createdAt: expect.any(String),
        },
      ]);
    });

    it("masks the reporter's address, name and phone everywhere for an unassigned peksos and for an admin", async () => {
      for (const who of [world.colleague, world.admin]) {
        const res = await get(ticketId, who);
        expect(res.status).toBe(200);
        expect(res.body.reporter).toEqual({
          channel: "telegram",
          address: null,
          name: null,
          phone: null,
          consentToContact: true,
          anonymous: false,
          masked: true,
        });
        // Not in the summary the bot showed, the answer to "your name?", the photo's caption or the note.
        for (const secret of [address, PARENT_NAME, "Rahmawati", PHONE_STORED, PHONE_TYPED]) expect(res.text).not.toContain(secret);
        const nameAnswer = res.body.transcript.find((m: { step: string; direction: string }) => m.step === "name" && m.direction === "in");
        expect(nameAnswer).toMatchObject({ text: null, redacted: true });
        expect(res.body.evidence[0].caption).toBe("foto memar, hubungi •••");
        const notes = res.body.timeline.filter((e: { type: string; actor: { kind: string } }) => e.type === "note" && e.actor.kind === "staff");
        expect(notes.map((e: { data: unknown }) => e.data)).toEqual([{ text: "Sudah ditelepon ke •••." }]);
        expect(res.body.allowedStatuses).toEqual(who === world.admin ? [] : ["ditangani", "ditutup"]);
        // The story itself stays readable.
        expect(res.text).toContain("anak saya dipukul temannya");
      }
    });

    it("shows the contact details to a supervisor", async () => {
      const res = await get(ticketId, world.supervisor);
      expect(res.body.reporter).toMatchObject({ address, name: PARENT_NAME, phone: PHONE_STORED, masked: false });
      expect(res.body.allowedStatuses).toEqual(["ditangani", "ditutup"]);
    });

    it("audits every read, and puts a viewed event on the timeline at most once per person per ten minutes", async () => {
      const reader = await createStaff(world.database, { role: "peksos", unitId: world.unit.id });
      const token = (await call(world.app, "POST", "/v1/auth/login", undefined, { email: reader.email, password: reader.password })).body.token;
      const viewer: Member = { ...reader, token };
      const viewedBy = async (staffId: string) =>
        (await eventsOf(ticketId)).filter((e) => e.type === "viewed" && e.actorStaffId === staffId);

      for (let i = 0; i < 3; i++) expect((await get(ticketId, viewer)).status).toBe(200);
      expect(await viewedBy(viewer.id)).toHaveLength(1);
      const audits = (await auditOf(ticketId, "ticket.viewed")).filter((a) => a.actorStaffId === viewer.id);
      expect(audits).toHaveLength(3);
      expect(audits[0]).toMatchObject({ unitId: world.unit.id, entityType: "ticket", data: { masked: true } });

      world.advance(9 * MINUTE);
      await get(ticketId, viewer);
      expect(await viewedBy(viewer.id)).toHaveLength(1);
      world.advance(2 * MINUTE);
      const res = await get(ticketId, viewer);
      expect(await viewedBy(viewer.id)).toHaveLength(2);
      const shown = res.body.timeline.filter((e: { type: string; actor: { staff: { id: string } | null } }) => e.type === "viewed" && e.actor.staff?.id === viewer.id);
      expect(shown).toHaveLength(2);
      // The audit trail holds ids and flags only.
      const all = JSON.stringify(await auditOf(ticketId, "ticket.viewed"));
      for (const secret of [address, PARENT_NAME, PHONE_STORED]) expect(all).not.toContain(secret);
    });

    it("answers 404 for another unit's ticket and an unknown id alike, 400 for a malformed id, 401 without a session", async () => {
      const other = await get(ticketId, world.otherPeksos);
      const unknown = await get(randomUUID(), world.peksos);
      expect(other.status).toBe(404);
      expect(other.body).toEqual(unknown.body);
      expect(other.body).toEqual({ error: "ticket_not_found", message: "Tiket tidak ditemukan." });
      expect((await auditOf(ticketId, "ticket.viewed")).some((a) => a.actorStaffId === world.otherPeksos.id)).toBe(false);
      const malformed = await call(world.app, "GET", "/v1/tickets/123", world.peksos.token);
      expect(malformed.status).toBe(400);
      expect(malformed.body.fields).toEqual([expect.objectContaining({ in: "params", path: "id" })]);
      expect((await call(world.app, "GET", `/v1/tickets/${ticketId}`)).status).toBe(401);
    });

    it("keeps the reporter's words and contact details out of the logs", async () => {
      await get(ticketId, world.peksos);
      expect(logs.text).toContain("ticket viewed");
      for (const secret of [address, PARENT_NAME, PHONE_STORED, "dipukul temannya", "Sudah ditelepon"]) expect(logs.text).not.toContain(secret);
    });
  });

  describe("acknowledge, assign and status", () => {
    it("takes a child's report through baru → diterima → ditangani → dirujuk → selesai, each change an event with its actor", async () => {
      const code = await childReport(newChat(world.app));
      const { id } = await ticketByCode(world.database, code);

      const acknowledged = await post(id, "acknowledge", world.peksos);
      expect(acknowledged.status, acknowledged.text).toBe(200);
      expect(acknowledged.body).toMatchObject({ id, code, status: "diterima", assignee: { id: world.peksos.id, name: world.peksos.name }, overdue: false });
      expect(acknowledged.body.acknowledgedAt).toEqual(expect.any(String));

      for (const [status, actor] of [
        ["ditangani", world.peksos],
        ["dirujuk", world.peksos],
        ["ditangani", world.colleague],
        ["dirujuk", world.supervisor],
        ["selesai", world.supervisor],
      ] as const) {
        world.advance(1000);
        const res = await post(id, "status", actor, { status });
        expect(res.status, `${status}: ${res.text}`).toBe(200);
        expect(res.body.status).toBe(status);
      }
      const row = await ticketByCode(world.database, code);
      expect(row.closedAt).toBeInstanceOf(Date);
      expect(row.closeReason).toBeNull();

      const changes = (await eventsOf(id)).filter((e) => e.type === "status_changed").map((e) => [e.data.from, e.data.to, e.actorStaffId]);
      expect(changes).toEqual([
        ["baru", "diterima", world.peksos.id],
        ["diterima", "ditangani", world.peksos.id],
        ["ditangani", "dirujuk", world.peksos.id],
        ["dirujuk", "ditangani", world.colleague.id],
        ["ditangani", "dirujuk", world.supervisor.id],
        ["dirujuk", "selesai", world.supervisor.id],
      ]);
      const timeline = (await get(id, world.supervisor)).body.timeline as { type: string; actor: { staff: { name: string } | null }; data: { to?: string } }[];
      expect(timeline.filter((e) => e.type === "status_changed").map((e) => [e.data.to, e.actor.staff?.name])).toEqual([
        ["diterima", world.peksos.name],
        ["ditangani", world.peksos.name],
        ["dirujuk", world.peksos.name],
        ["ditangani", world.colleague.name],
        ["dirujuk", world.supervisor.name],
        ["selesai", world.supervisor.name],
      ]);
      expect(await auditOf(id, "ticket.status_changed")).toHaveLength(5);
      expect(await auditOf(id, "ticket.acknowledged")).toHaveLength(1);
    });

    it("answers a second acknowledgement with 409 naming who was first and when, and changes nothing", async () => {
      const ticket = await newTicket({ priority: "darurat" });
      expect((await post(ticket.id, "acknowledge", world.peksos)).status).toBe(200);
      const second = await post(ticket.id, "acknowledge", world.colleague);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ error: "already_acknowledged", acknowledgedBy: { name: world.peksos.name } });
      expect(second.body.message).toContain(world.peksos.name);
      expect(second.body.message).toMatch(/^Tiket ini sudah diterima oleh .+ pada .+\d/);
      const english = await call(world.app, "POST", `/v1/tickets/${ticket.id}/acknowledge`, world.colleague.token, {}, "en");
      expect(english.body.message).toContain(`already acknowledged by ${world.peksos.name}`);
      const row = await ticketByCode(world.database, ticket.code);
      expect(row.assigneeId).toBe(world.peksos.id);
      expect(second.body.acknowledgedAt).toBe(row.acknowledgedAt!.toISOString());
    });

    it("refuses other transitions with 409 and the allowed next statuses", async () => {
      const fresh = await newTicket();
      const skip = await post(fresh.id, "status", world.peksos, { status: "ditangani" });
      expect(skip.status).toBe(409);
      expect(skip.body).toMatchObject({ error: "acknowledge_first", allowed: ["ditutup"] });
      expect(skip.body.message).toContain("Terima tiket ini dulu");

      const taken = await newTicket({ status: "diterima", acknowledgedAt: new Date(), assigneeId: world.peksos.id });
      for (const status of ["selesai", "dirujuk", "diterima", "baru"] as const) {
        const res = await post(taken.id, "status", world.peksos, { status });
        expect(res.status, status).toBe(409);
        expect(res.body).toMatchObject({ error: "invalid_transition", allowed: ["ditangani", "ditutup"] });
      }
      const handled = await newTicket({ status: "ditangani", acknowledgedAt: new Date() });
      const same = await post(handled.id, "status", world.peksos, { status: "ditangani" });
      expect(same.body).toMatchObject({ error: "invalid_transition", allowed: ["dirujuk", "selesai", "ditutup"] });

      const done = await newTicket({ status: "selesai", acknowledgedAt: new Date() });
      const byPeksos = await post(done.id, "status", world.peksos, { status: "ditangani", reason: "Anak melapor lagi." });
      expect(byPeksos.status).toBe(409);
      expect(byPeksos.body).toMatchObject({ error: "invalid_transition", allowed: [] });
      expect(byPeksos.body.message).toContain("supervisor");
      const bySupervisor = await post(done.id, "status", world.supervisor, { status: "dirujuk", reason: "Dirujuk lagi." });
      expect(bySupervisor.body).toMatchObject({ error: "invalid_transition", allowed: ["ditangani"] });

      expect((await eventsOf(taken.id)).filter((e) => e.type === "status_changed")).toEqual([]);
      const unknown = await post(taken.id, "status", world.peksos, { status: "dibuka" });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields).toEqual([expect.objectContaining({ path: "status" })]);
    });

    it("closes any open ticket as ditutup only with a reason, and lets a supervisor reopen it with one", async () => {
      const ticket = await newTicket();
      const bare = await post(ticket.id, "status", world.peksos, { status: "ditutup" });
      expect(bare.status).toBe(400);
      expect(bare.body.fields).toEqual([expect.objectContaining({ in: "body", path: "reason" })]);
      const blank = await post(ticket.id, "status", world.peksos, { status: "ditutup", reason: "   " });
      expect(blank.status).toBe(400);
      expect(blank.body.fields).toEqual([expect.objectContaining({ path: "reason" })]);

      const closed = await post(ticket.id, "status", world.peksos, { status: "ditutup", reason: "  Laporan ganda dari anak yang sama.  " });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: "ditutup", overdue: false });
      let row = await ticketByCode(world.database, ticket.code);
      expect(row).toMatchObject({ status: "ditutup", closeReason: "Laporan ganda dari anak yang sama." });
      expect(row.closedAt).toBeInstanceOf(Date);
      const [event] = (await eventsOf(ticket.id)).filter((e) => e.type === "status_changed");
      expect(event).toMatchObject({ actorStaffId: world.peksos.id, data: { from: "baru", to: "ditutup", reason: "Laporan ganda dari anak yang sama." } });
      // The audit line names the change, never the reason's words.
      const [audit] = await auditOf(ticket.id, "ticket.status_changed");
      expect(audit!.data).toEqual({ from: "baru", to: "ditutup" });

      const noReason = await post(ticket.id, "status", world.supervisor, { status: "ditangani" });
      expect(noReason.status).toBe(400);
      expect(noReason.body.fields).toEqual([expect.objectContaining({ path: "reason" })]);
      const reopened = await post(ticket.id, "status", world.supervisor, { status: "ditangani", reason: "Bukan duplikat: anak berbeda." });
      expect(reopened.status).toBe(200);
      row = await ticketByCode(world.database, ticket.code);
      expect(row).toMatchObject({ status: "ditangani", closedAt: null, closeReason: null });
    });

    it("lets a peksos take a free ticket or hand on their own, and a supervisor move any", async () => {
      const ticket = await newTicket();
      const take = await post(ticket.id, "assign", world.peksos, { staffId: world.peksos.id });
      expect(take.status, take.text).toBe(200);
      expect(take.body.assignee).toEqual({ id: world.peksos.id, name: world.peksos.name });

      const again = await post(ticket.id, "assign", world.peksos, { staffId: world.peksos.id });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe("already_assigned");

      const grab = await post(ticket.id, "assign", world.colleague, { staffId: world.colleague.id });
      expect(grab.status).toBe(403);
      expect(grab.body.error).toBe("not_your_ticket");

      const handOn = await post(ticket.id, "assign", world.peksos, { staffId: world.colleague.id });
      expect(handOn.status).toBe(200);
      const moved = await post(ticket.id, "assign", world.supervisor, { staffId: world.supervisor.id });
      expect(moved.status).toBe(200);
      const back = await post(ticket.id, "assign", world.supervisor, { staffId: world.peksos.id });
      expect(back.status).toBe(200);

      const assigned = (await eventsOf(ticket.id)).filter((e) => e.type === "assigned").map((e) => [e.data.from, e.data.to, e.actorStaffId]);
      expect(assigned).toEqual([
        [null, world.peksos.id, world.peksos.id],
        [world.peksos.id, world.colleague.id, world.peksos.id],
        [world.colleague.id, world.supervisor.id, world.supervisor.id],
        [world.supervisor.id, world.peksos.id, world.supervisor.id],
      ]);
      expect(await auditOf(ticket.id, "ticket.assigned")).toHaveLength(4);
      // Nobody else's free ticket may be pushed onto a colleague by a peksos.
      const free = await newTicket();
      expect((await post(free.id, "assign", world.peksos, { staffId: world.colleague.id })).body.error).toBe("not_your_ticket");
    });

    it("answers 400 naming staffId for someone who cannot hold a case", async () => {
      const ticket = await newTicket();
      const inactive = await createStaff(world.database, { role: "peksos", unitId: world.unit.id, active: false });
      for (const staffId of [world.admin.id, world.otherPeksos.id, inactive.id, randomUUID()]) {
        const res = await post(ticket.id, "assign", world.supervisor, { staffId });
        expect(res.status).toBe(400);
        expect(res.body.fields).toEqual([expect.objectContaining({ in: "body", path: "staffId" })]);
      }
      expect((await ticketByCode(world.database, ticket.code)).assigneeId).toBeNull();
    });
  });

  describe("the transition table", () => {
    it("allows exactly the documented moves, by role", () => {
      const moves = (role: "peksos" | "supervisor" | "admin") =>
        Object.fromEntries(TICKET_STATUSES.map((from) => [from, allowedNextStatuses(from, role)]));
      expect(moves("peksos")).toEqual({
        baru: ["ditutup"],
        diterima: ["ditangani", "ditutup"],
        ditangani: ["dirujuk", "selesai", "ditutup"],
        dirujuk: ["ditangani", "selesai", "ditutup"],
        selesai: [],
        ditutup: [],
      });
      expect(moves("supervisor")).toEqual({ ...moves("peksos"), selesai: ["ditangani"], ditutup: ["ditangani"] });
      expect(Object.values(moves("admin")).flat()).toEqual([]);
      expect(checkTransition("baru", "diterima", "supervisor")).toEqual({ ok: false, error: "acknowledge_first", allowed: ["ditutup"] });
      expect(checkTransition("dirujuk", "ditutup", "peksos")).toEqual({ ok: true, reopen: false, reasonRequired: true });
      expect(checkTransition("ditutup", "ditangani", "supervisor")).toEqual({ ok: true, reopen: true, reasonRequired: true });
      expect(checkTransition("ditangani", "selesai", "peksos")).toEqual({ ok: true, reopen: false, reasonRequired: false });
    });
  });

  describe("notes", () => {
    it("adds an internal note to the timeline, sent to nobody", async () => {
      const ticket = await newTicket({ consentToContact: true });
      const res = await post(ticket.id, "notes", world.colleague, { text: "  Wali kelas sudah dihubungi.  " });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        type: "note",
        actor: { kind: "staff", staff: { id: world.colleague.id, name: world.colleague.name } },
        data: { text: "Wali kelas sudah dihubungi." },
        createdAt: expect.any(String),
      });
      const detail = await get(ticket.id, world.colleague);
      expect(detail.body.timeline).toContainEqual(res.body);
      const [audit] = await auditOf(ticket.id, "ticket.note_added");
      expect(audit!.data).toEqual({ eventId: res.body.id });
      for (const text of ["", "   ", "x".repeat(4001)]) {
        const bad = await post(ticket.id, "notes", world.peksos, { text });
        expect(bad.status).toBe(400);
        expect(bad.body.fields).toEqual([expect.objectContaining({ path: "text" })]);
      }
    });
  });

  describe("links", () => {
    it("merges two incidents into one when two of their reports are linked", async () => {
      const [a, b, c, d] = await Promise.all([newTicket(), newTicket(), newTicket(), newTicket()]).then((rows) =>
        rows.sort((x, y) => x.id.localeCompare(y.id)),
      );
      const ab = await post(a!.id, "links", world.peksos, { ticketId: b!.id });
      expect(ab.status, ab.text).toBe(200);
      expect(ab.body).toEqual({ incidentId: expect.any(String), linked: [{ id: b!.id, code: b!.code, status: "baru", priority: "sedang" }] });
      const cd = await post(c!.id, "links", world.peksos, { ticketId: d!.id });
      expect(cd.body.incidentId).not.toBe(ab.body.incidentId);

      const merged = await post(b!.id, "links", world.supervisor, { ticketId: c!.id });
      expect(merged.status).toBe(200);
      expect(merged.body.incidentId).toBe(ab.body.incidentId);
      expect(merged.body.linked.map((t: { id: string }) => t.id).sort()).toEqual([a!.id, c!.id, d!.id].sort());
      const rows = await world.database.db.select({ id: tickets.id, incidentId: tickets.incidentId }).from(tickets);
      const group = rows.filter((r) => r.incidentId === ab.body.incidentId).map((r) => r.id);
      expect(group.sort()).toEqual([a!.id, b!.id, c!.id, d!.id].sort());

      // Every ticket the merge touched has its event.
      for (const t of [b!, c!, d!]) {
        const linked = (await eventsOf(t.id)).filter((e) => e.type === "linked");
        expect(linked.at(-1)).toMatchObject({ actorStaffId: world.supervisor.id, data: { incidentId: ab.body.incidentId } });
      }
      const detail = await get(d!.id, world.peksos);
      expect(detail.body.incidentId).toBe(ab.body.incidentId);
      expect(detail.body.linked.map((t: { id: string }) => t.id).sort()).toEqual([a!.id, b!.id, c!.id].sort());
      const list = await call(world.app, "GET", "/v1/tickets?limit=100", world.peksos.token);
      expect(list.body.items.find((i: { id: string }) => i.id === a!.id).incidentId).toBe(ab.body.incidentId);

      const again = await post(a!.id, "links", world.peksos, { ticketId: d!.id });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe("already_linked");
    });

    it("refuses to link a ticket to itself (400) or to another unit's (404)", async () => {
      const ticket = await newTicket();
      const self = await post(ticket.id, "links", world.peksos, { ticketId: ticket.id });
      expect(self.status).toBe(400);
      expect(self.body.fields).toEqual([expect.objectContaining({ in: "body", path: "ticketId" })]);
      const foreign = await insertTicket(world.database, world.otherUnit);
      const other = await post(ticket.id, "links", world.peksos, { ticketId: foreign.id });
      expect(other.status).toBe(404);
      expect(other.body.error).toBe("ticket_not_found");
      const [row] = await world.database.db.select({ incidentId: tickets.incidentId }).from(tickets).where(eq(tickets.id, foreign.id));
      expect(row!.incidentId).toBeNull();
    });

    it("takes a ticket out of its incident, and dissolves a group left with one ticket", async () => {
      const [a, b, c] = await Promise.all([newTicket(), newTicket(), newTicket()]);
      await post(a.id, "links", world.peksos, { ticketId: b.id });
      const { body } = await post(a.id, "links", world.peksos, { ticketId: c.id });
      const incidentId = body.incidentId as string;

      const out = await call(world.app, "DELETE", `/v1/tickets/${a.id}/links`, world.peksos.token);
      expect(out.status, out.text).toBe(200);
      expect(out.body).toEqual({ incidentId: null, linked: [] });
      expect((await get(b.id, world.peksos)).body.linked.map((t: { id: string }) => t.id)).toEqual([c.id]);
      expect((await eventsOf(a.id)).filter((e) => e.type === "linked").at(-1)!.data).toEqual({ removed: true, incidentId, ticketId: a.id });

      expect((await call(world.app, "DELETE", `/v1/tickets/${b.id}/links`, world.peksos.token)).status).toBe(200);
      const [cRow] = await world.database.db.select({ incidentId: tickets.incidentId }).from(tickets).where(eq(tickets.id, c.id));
      expect(cRow!.incidentId).toBeNull();
      const again = await call(world.app, "DELETE", `/v1/tickets/${c.id}/links`, world.peksos.token);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe("not_linked");
    });
  });

  describe("who may do what", () => {
    it("lets an admin read but change nothing, and answers another unit's ticket like an unknown one", async () => {
      const ticket = await newTicket({ status: "diterima", acknowledgedAt: new Date(), assigneeId: world.peksos.id });
      const other = await newTicket();
      const writes = [
        ["POST", "acknowledge", {}],
        ["POST", "assign", { staffId: world.peksos.id }],
        ["POST", "status", { status: "ditangani" }],
        ["POST", "notes", { text: "catatan" }],
        ["POST", "links", { ticketId: other.id }],
        ["DELETE", "links", undefined],
        ["POST", "messages", { text: "halo" }],
      ] as const;
      expect((await get(ticket.id, world.admin)).status).toBe(200);
      for (const [method, action, payload] of writes) {
        const url = `/v1/tickets/${ticket.id}/${action}`;
        const asAdmin = await call(world.app, method, url, world.admin.token, payload);
        expect(asAdmin.status, `${method} ${action}`).toBe(403);
        expect(asAdmin.body.error).toBe("forbidden");
        const elsewhere = await call(world.app, method, url, world.otherPeksos.token, payload);
        expect(elsewhere.status, `${method} ${action} from another unit`).toBe(404);
        expect(elsewhere.body.error).toBe("ticket_not_found");
        expect((await call(world.app, method, url, undefined, payload)).status).toBe(401);
      }
      const row = await ticketByCode(world.database, ticket.code);
      expect(row).toMatchObject({ status: "diterima", assigneeId: world.peksos.id, incidentId: null });
      expect((await eventsOf(ticket.id)).filter((e) => e.type !== "viewed")).toEqual([]);
    });

    it("keeps an anonymous child's chat out of every body but the assignee's and supervisor's", async () => {
      const chat = newChat(world.app);
      const code = await childReport(chat);
      const { id } = await ticketByCode(world.database, code);
      const [reporter] = await world.database.db.select().from(reporters).where(eq(reporters.address, chat.address));
      expect(reporter).toBeDefined();
      const unassigned = await get(id, world.peksos);
      expect(unassigned.body.reporter).toMatchObject({ masked: true, address: null, anonymous: true });
      expect(unassigned.text).not.toContain(chat.address);
      expect(unassigned.text).toContain(STORY);
      await post(id, "acknowledge", world.colleague);
      expect((await get(id, world.colleague)).body.reporter).toMatchObject({ masked: false, address: chat.address });
      expect((await get(id, world.peksos)).text).not.toContain(chat.address);
    });
  });
});
