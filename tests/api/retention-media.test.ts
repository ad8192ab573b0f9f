import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetention } from "../../api/retention/retention.ts";
import { auditEvents, mediaFiles, reporters, tickets, transcriptMessages, units } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";
import { insertTicket } from "./tickets-support.ts";

/*
 * The files the API stores for WhatsApp (media_files) in the retention purge: they go with their
 * ticket's purge, and uploads no conversation refers to go after a week.
 */

const DAY = 24 * 60 * 60_000;
const NOW = new Date("2031-03-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe(`retention of stored media on ${testDbKind}`, () => {
  let database: TestDatabase;
  let unit: { id: string; code: string };
  let reporterId: string;
  const media: Record<string, string> = {};
  const ticket: Record<string, string> = {};

  async function storeFile(name: string, uploadedDaysAgo: number) {
    const data = randomBytes(64);
    const [row] = await database.db
      .insert(mediaFiles)
      .values({ channel: "whatsapp", mimeType: "image/jpeg", byteSize: data.length, sha256: "0".repeat(64), data, createdAt: daysAgo(uploadedDaysAgo) })
      .returning({ id: mediaFiles.id });
    media[name] = row!.id;
    return `media:${row!.id}`;
  }

  async function transcriptWith(ticketId: string | null, fileIds: string[], reportSeq = 1) {
    for (const fileId of fileIds) {
      await database.db
        .insert(transcriptMessages)
        .values({ reporterId, reportSeq, ticketId, direction: "in", kind: "media", step: "evidence", media: { kind: "photo", fileId } });
    }
  }

  async function closedTicket(name: string, closedDaysAgo: number) {
    const row = await insertTicket(database, unit, { status: "selesai", acknowledgedAt: daysAgo(closedDaysAgo + 1), createdAt: daysAgo(closedDaysAgo + 2) });
    await database.db.update(tickets).set({ closedAt: daysAgo(closedDaysAgo), reporterId }).where(eq(tickets.id, row.id));
    ticket[name] = row.id;
    return row.id;
  }

  const remaining = async () => new Set((await database.db.select({ id: mediaFiles.id }).from(mediaFiles)).map((row) => row.id));

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    [unit] = (await database.db.select({ id: units.id, code: units.code }).from(units)) as [{ id: string; code: string }];
    const [reporter] = await database.db
      .insert(reporters)
      .values({ channel: "whatsapp", address: "6281299887766@c.us", lastSeenAt: NOW })
      .returning({ id: reporters.id });
    reporterId = reporter!.id;

    // Closed 400 days ago, past the unit's 365: purged now, with its two photos.
    const purged = await closedTicket("purged", 400);
    await transcriptWith(purged, [await storeFile("purgedA", 402), await storeFile("purgedB", 402), "AgACAgUAAxkBAAIB", "media:not-a-uuid"]);
    // Closed 10 days ago: kept, photo and all.
    await transcriptWith(await closedTicket("recent", 10), [await storeFile("recentTicket", 12)]);
    // An open ticket's photo, a year old: kept.
    const open = await insertTicket(database, unit, { status: "ditangani", acknowledgedAt: daysAgo(380), createdAt: daysAgo(381) });
    await transcriptWith(open.id, [await storeFile("openTicket", 381)]);
    // A report still being written refers to its photo: kept, however old.
    await transcriptWith(null, [await storeFile("draft", 30)], 2);
    // Uploads whose message never arrived: after a week they go.
    await storeFile("lostOld", 8);
    await storeFile("lostNew", 6);
  });

  afterAll(async () => {
    await database.destroy();
  });

  it("deletes a purged ticket's files and week-old unreferenced uploads, and keeps the rest", async () => {
    const result = await runRetention(database.db, NOW, { batchSize: 1 });
    expect(result).toMatchObject({ ticketsPurged: 1, mediaDeleted: 3 });

    const left = await remaining();
    for (const name of ["purgedA", "purgedB", "lostOld"]) expect(left.has(media[name]!), name).toBe(false);
    for (const name of ["recentTicket", "openTicket", "draft", "lostNew"]) expect(left.has(media[name]!), name).toBe(true);

    // The transcript still says a photo was sent: the case record stays, the picture goes.
    const rows = await database.db.select().from(transcriptMessages).where(eq(transcriptMessages.ticketId, ticket.purged!));
    expect(rows).toHaveLength(4);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "retention.purged"), eq(auditEvents.entityId, ticket.purged!)));
    expect(audit?.data).toMatchObject({ mediaFiles: 2 });
  });

  it("finds nothing more when run again, and takes the newer upload once it is a week old", async () => {
    expect(await runRetention(database.db, NOW)).toMatchObject({ ticketsPurged: 0, mediaDeleted: 0 });
    expect(await runRetention(database.db, new Date(NOW.getTime() + 2 * DAY))).toMatchObject({ ticketsPurged: 0, mediaDeleted: 1 });
    expect((await remaining()).has(media.lostNew!)).toBe(false);
    expect((await remaining()).has(media.draft!)).toBe(true);
  });
});
