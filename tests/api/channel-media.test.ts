import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import { MAX_MEDIA_BYTES } from "../../api/channels/channel-schemas.ts";
import { auditEvents, mediaFiles, reporters, tickets, transcriptMessages, units, type MediaMeta } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs } from "../support/staff.ts";
import { buildTestApp, LogCapture, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { insertTicket } from "./tickets-support.ts";

/*
 * Files a WhatsApp reporter sends: handed over by the adapter (channel token) and given out only
 * to staff who may read a ticket whose conversation refers to them.
 */

/** A tiny but real JPEG start: the bytes only need to survive the trip unchanged. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from("%PDF-1.4\n% surat keterangan sekolah\n%%EOF\n");

describe(`stored media on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  const tokens: Record<"peksos" | "supervisor" | "admin" | "otherPeksos" | "otherAdmin", string> = {
    peksos: "",
    supervisor: "",
    admin: "",
    otherPeksos: "",
    otherAdmin: "",
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    [unit] = (await database.db.select({ id: units.id, code: units.code }).from(units)) as [{ id: string; code: string }];
    [otherUnit] = (await database.db.insert(units).values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN" }).returning({ id: units.id, code: units.code })) as [
      { id: string; code: string },
    ];
    app = await buildTestApp(database, { logs });
    const signIn = async (role: "peksos" | "supervisor" | "admin", unitId: string) => {
      const member = await createStaff(database, { role, unitId });
      return loginAs(app, member.email, member.password);
    };
    tokens.peksos = await signIn("peksos", unit.id);
    tokens.supervisor = await signIn("supervisor", unit.id);
    tokens.admin = await signIn("admin", unit.id);
    tokens.otherPeksos = await signIn("peksos", otherUnit.id);
    tokens.otherAdmin = await signIn("admin", otherUnit.id);
  });

  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const upload = (body: unknown, options: { channel?: string; token?: string | null } = {}) =>
    app.inject({
      method: "POST",
      url: `/v1/channels/${options.channel ?? "whatsapp"}/media`,
      payload: body as Record<string, unknown>,
      headers: options.token === null ? {} : { authorization: `Bearer ${options.token ?? TEST_CHANNEL_TOKEN}` },
    });

  async function mustUpload(data: Buffer, mimeType: string): Promise<{ fileId: string; mediaId: string }> {
    const response = await upload({ mimeType, data: data.toString("base64") });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json() as { fileId: string; fileSize: number };
    expect(body.fileSize).toBe(data.length);
    expect(body.fileId).toMatch(/^media:[0-9a-f-]{36}$/);
    return { fileId: body.fileId, mediaId: body.fileId.slice("media:".length) };
  }

  /** A WhatsApp reporter's ticket whose conversation carries the files, as the intake writes it. */
  async function ticketWith(owner: { id: string; code: string }, media: MediaMeta[]) {
    const ticket = await insertTicket(database, owner, { channel: "whatsapp" });
    const [reporter] = await database.db
      .insert(reporters)
      .values({ channel: "whatsapp", address: `62812${Math.floor(Math.random() * 1e9)}@c.us` })
      .returning({ id: reporters.id });
    await database.db.update(tickets).set({ reporterId: reporter!.id }).where(eq(tickets.id, ticket.id));
    for (const meta of media) {
      await database.db
        .insert(transcriptMessages)
        .values({ reporterId: reporter!.id, reportSeq: 1, ticketId: ticket.id, direction: "in", kind: "media", step: "evidence", media: meta });
    }
    return ticket.id;
  }

  const view = (ticketId: string, mediaId: string, token?: string) =>
    app.inject({
      method: "GET",
      url: `/v1/tickets/${ticketId}/media/${mediaId}`,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  describe("POST /v1/channels/:channel/media", () => {
    it("stores the bytes with their sha256 and answers the fileId for the transcript", async () => {
      const { mediaId } = await mustUpload(JPEG, "image/jpeg");
      const [row] = await database.db.select().from(mediaFiles).where(eq(mediaFiles.id, mediaId));
      expect(row).toMatchObject({ channel: "whatsapp", mimeType: "image/jpeg", byteSize: JPEG.length, sha256: createHash("sha256").update(JPEG).digest("hex") });
      expect(Buffer.compare(row!.data, JPEG)).toBe(0);
      // Ids and sizes in the log, never the bytes.
      expect(logs.text).toContain(mediaId);
      expect(logs.text).not.toContain(JPEG.toString("base64").slice(0, 40));
    });

    it("needs the channel token and a linked channel", async () => {
      const body = { mimeType: "image/jpeg", data: JPEG.toString("base64") };
      expect((await upload(body, { token: null })).statusCode).toBe(401);
      expect((await upload(body, { token: tokens.admin })).statusCode).toBe(401);
      const telegram = await upload(body, { channel: "telegram" });
      expect(telegram.statusCode).toBe(404);
      expect(telegram.json()).toMatchObject({ error: "channel_not_found" });
    });

    it("refuses an empty file, a bad type or data that is not base64 with 400 naming the field", async () => {
      const empty = await upload({ mimeType: "image/jpeg", data: "" });
      expect(empty.statusCode).toBe(400);
      expect(empty.json()).toMatchObject({ error: "validation", fields: [{ in: "body", path: "data", message: "Berkas kosong." }] });
      const type = await upload({ mimeType: "foto jpeg", data: JPEG.toString("base64") });
      expect(type.json()).toMatchObject({ fields: [{ in: "body", path: "mimeType" }] });
      const notBase64 = await upload({ mimeType: "image/jpeg", data: "ini bukan base64!" });
      expect(notBase64.json()).toMatchObject({ fields: [{ in: "body", path: "data" }] });
    });

    it("takes a file of exactly the limit, and refuses one byte more with 413", async () => {
      const largest = Buffer.alloc(MAX_MEDIA_BYTES, 7);
      const { mediaId } = await mustUpload(largest, "video/mp4");
      const [row] = await database.db.select({ byteSize: mediaFiles.byteSize }).from(mediaFiles).where(eq(mediaFiles.id, mediaId));
      expect(row?.byteSize).toBe(MAX_MEDIA_BYTES);
      await database.db.delete(mediaFiles).where(eq(mediaFiles.id, mediaId));

      const count = (await database.db.select({ id: mediaFiles.id }).from(mediaFiles)).length;
      const tooLarge = await upload({ mimeType: "video/mp4", data: Buffer.alloc(MAX_MEDIA_BYTES + 1, 7).toString("base64") });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json()).toEqual({ error: "too_large", message: "Berkas lebih besar dari 16 MB." });
      expect(await database.db.select({ id: mediaFiles.id }).from(mediaFiles)).toHaveLength(count);
    });
  });

  describe("GET /v1/tickets/:id/media/:mediaId", () => {
    let photo: { fileId: string; mediaId: string };
    let document: { fileId: string; mediaId: string };
    let ticketId: string;

    beforeAll(async () => {
      photo = await mustUpload(JPEG, "image/jpeg");
      document = await mustUpload(PDF, "application/pdf");
      ticketId = await ticketWith(unit, [
        { kind: "photo", fileId: photo.fileId, mimeType: "image/jpeg", fileSize: JPEG.length, caption: "ini lukanya" },
        { kind: "document", fileId: document.fileId, mimeType: "application/pdf", fileSize: PDF.length },
        // Telegram's own file ids stay with Telegram; they never match a stored file.
        { kind: "photo", fileId: "AgACAgUAAxkBAAIB", mimeType: "image/jpeg" },
      ]);
    });

    it("gives a photo inline, privately and never cached, to anyone who may read the ticket, and audits it", async () => {
      for (const role of ["peksos", "supervisor", "admin"] as const) {
        const response = await view(ticketId, photo.mediaId, tokens[role]);
        expect(response.statusCode, role).toBe(200);
        expect(Buffer.compare(response.rawPayload, JPEG), role).toBe(0);
        expect(response.headers).toMatchObject({
          "content-type": "image/jpeg",
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
          "content-disposition": `inline; filename="bukti-${photo.mediaId.slice(0, 8)}.jpg"`,
        });
      }
      const audit = await database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "ticket.media_viewed"), eq(auditEvents.entityId, ticketId)));
      expect(audit).toHaveLength(3);
      expect(audit[0]).toMatchObject({ unitId: unit.id, entityType: "ticket", data: { mediaId: photo.mediaId } });
      expect(JSON.stringify(audit)).not.toContain("lukanya");
    });

    it("makes anything that is not a photo a download", async () => {
      const response = await view(ticketId, document.mediaId, tokens.peksos);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe(`attachment; filename="bukti-${document.mediaId.slice(0, 8)}.pdf"`);
      expect(response.body).toBe(PDF.toString());
    });

    it("answers another unit's staff exactly as for a ticket that does not exist", async () => {
      const unknown = await view(randomUUID(), photo.mediaId, tokens.otherPeksos);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ error: "media_not_found", message: "Berkas tidak ditemukan di tiket ini." });
      for (const token of [tokens.otherPeksos, tokens.otherAdmin]) {
        const response = await view(ticketId, photo.mediaId, token);
        expect({ status: response.statusCode, body: response.json() as unknown }).toEqual({ status: 404, body: unknown.json() });
      }
    });

    it("gives out only files that ticket's conversation refers to", async () => {
      // Another ticket of the same unit, with its own photo: not reachable through this ticket.
      const elsewhere = await mustUpload(JPEG, "image/jpeg");
      const otherTicket = await ticketWith(unit, [{ kind: "photo", fileId: elsewhere.fileId, mimeType: "image/jpeg" }]);
      expect((await view(otherTicket, elsewhere.mediaId, tokens.peksos)).statusCode).toBe(200);
      const crossed = await view(ticketId, elsewhere.mediaId, tokens.peksos);
      expect(crossed.statusCode).toBe(404);
      expect(crossed.json()).toMatchObject({ error: "media_not_found" });
      // An upload no conversation refers to yet.
      const loose = await mustUpload(JPEG, "image/jpeg");
      expect((await view(ticketId, loose.mediaId, tokens.supervisor)).statusCode).toBe(404);
      expect((await view(ticketId, randomUUID(), tokens.supervisor)).statusCode).toBe(404);
    });

    it("answers 404 once the ticket is purged", async () => {
      const purged = await ticketWith(unit, [{ kind: "photo", fileId: photo.fileId, mimeType: "image/jpeg" }]);
      expect((await view(purged, photo.mediaId, tokens.peksos)).statusCode).toBe(200);
      await database.db.update(tickets).set({ purgedAt: new Date() }).where(eq(tickets.id, purged));
      expect((await view(purged, photo.mediaId, tokens.peksos)).statusCode).toBe(404);
    });

    it("needs a session and ids that are uuids", async () => {
      expect((await view(ticketId, photo.mediaId)).statusCode).toBe(401);
      expect((await view(ticketId, photo.mediaId, TEST_CHANNEL_TOKEN)).statusCode).toBe(401);
      const bad = await view(ticketId, "foto-1", tokens.peksos);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: "validation", fields: [{ in: "params", path: "mediaId" }] });
    });
  });
});
