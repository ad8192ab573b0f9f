import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { App } from "../../api/app.ts";
import { reporters, tickets, units } from "../../db/schema/index.ts";
import { buildTestApp, LogCapture } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

// Made-up words standing for what a child would write; none may ever reach a log line.
const STORY = "aku dipukulin kakak kelas di kantin tiap hari";
const CHAT_ADDRESS = "628123456789";

describe(`logs on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  const logs = new LogCapture();

  beforeAll(async () => {
    database = await createTestDatabase();
    const [unit] = await database.db.insert(units).values({ name: "Uji", code: "UJI" }).returning();
    app = await buildTestApp(database, {
      logs,
      extend: (a) => {
        // Stands in for intake: stores a report; a replayed update id collides on the ticket code,
        // and the driver's error then quotes every bound parameter, the story included.
        a.post(
          "/probe/intake",
          { schema: { body: z.object({ updateId: z.string(), address: z.string(), text: z.string() }) } },
          async (request) => {
            const { updateId, address, text } = request.body;
            request.log.info({ body: request.body, text }, "intake received");
            const [reporter] = await database.db
              .insert(reporters)
              .values({ channel: "telegram", address })
              .onConflictDoNothing()
              .returning();
            await database.db.insert(tickets).values({
              unitId: unit!.id,
              code: `UJI-${updateId.padStart(5, "0").slice(-5)}`,
              priority: "sedang",
              category: "perundungan_fisik",
              description: text,
              reporterPhone: address,
              reporterId: reporter?.id,
              slaDueAt: new Date(),
            });
            return { ok: true };
          },
        );
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it("carry no reporter text or address, even when the database rejects a write that contains them", async () => {
    const payload = { updateId: "77", address: CHAT_ADDRESS, text: STORY };
    const first = await app.inject({ method: "POST", url: "/probe/intake", payload });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({ method: "POST", url: "/probe/intake", payload: { ...payload, updateId: "77" } });
    expect(second.statusCode).toBe(500);

    expect(logs.lines.length).toBeGreaterThan(4);
    expect(logs.text).not.toContain("dipukulin");
    expect(logs.text).not.toContain("kantin");
    expect(logs.text).not.toContain(CHAT_ADDRESS);
    expect(logs.text).toContain("[disembunyikan]");

    // The failure itself is still logged, with its type and SQLSTATE to debug by.
    const failure = logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === "request failed");
    expect(failure?.err).toMatchObject({ type: "DrizzleQueryError", code: "23505" });
    expect(failure?.err.stack).toContain("at ");
  });
});
