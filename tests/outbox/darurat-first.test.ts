import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { OutboxItem } from "../../api/intake/schemas.ts";
import { createJobs, type Jobs } from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { createOutbox, queueOutbound, type Outbox } from "../../api/outbox/outbox.ts";
import type { Priority } from "../../db/schema/enums.ts";
import { staff } from "../../db/schema/staff.ts";
import { tickets } from "../../db/schema/tickets.ts";
import { units } from "../../db/schema/units.ts";
import { createStaff } from "../support/staff.ts";
import { buildTestApp, TEST_CHANNEL_TOKEN } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

/*
 * A darurat alert queued behind a backlog of other alerts is handed out first, and a claimed
 * batch is sent darurat first, then oldest first. Found by bench/load.ts: in a surge of reports
 * the outbox backs up and, first in first out, darurat alerts waited behind tinggi ones (and a
 * batch came back from pg-boss in no set order, so a later report's alert could go first).
 */

const logger = createLogger("silent");
const auth = { authorization: `Bearer ${TEST_CHANNEL_TOKEN}` };

describe(`darurat alerts go first out of the outbox (${testDbKind})`, () => {
  let database: TestDatabase;
  let jobs: Jobs;
  let outbox: Outbox;
  let app: App;
  let unitId: string;
  let staffId: string;
  const ticketIds = {} as Record<Priority, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = createJobs({ database, logger });
    outbox = createOutbox({ database, jobs, logger, claimPollMs: 200 });
    await jobs.start();
    app = await buildTestApp(database, { outbox });
    const [unit] = await database.db.insert(units).values({ name: "Uji", code: "UJD" }).returning({ id: units.id });
    unitId = unit!.id;
    const peksos = await createStaff(database, { role: "peksos", unitId });
    await database.db.update(staff).set({ telegramChatId: "777001", alertChannel: "telegram" }).where(eq(staff.id, peksos.id));
    staffId = peksos.id;
    for (const [priority, code] of [
      ["darurat", "UJD-DRRT2"],
      ["tinggi", "UJD-TNGG2"],
      ["sedang", "UJD-SDNG2"],
    ] as const) {
      const [row] = await database.db
        .insert(tickets)
        .values({ unitId, code, priority, category: "perundungan_fisik", slaDueAt: new Date(Date.now() + 3_600_000) })
        .returning({ id: tickets.id });
      ticketIds[priority] = row!.id;
    }
  });

  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await database?.destroy();
  });

  /** What the alerts do: the row in a transaction, dispatched after the commit. */
  async function alert(priority: Priority, text: string): Promise<string> {
    const id = await database.db.transaction((tx) =>
      queueOutbound(tx, { staffId, ticketId: ticketIds[priority], channel: "telegram", purpose: "alert", text, choices: [] }),
    );
    await outbox.dispatch([id]);
    return id;
  }

  async function claim(max: number): Promise<OutboxItem[]> {
    const res = await app.inject({ method: "POST", url: "/v1/channels/telegram/outbox/claim", headers: auth, payload: { max, waitMs: 0 } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: OutboxItem[] }).items;
  }

  async function sent(items: OutboxItem[]) {
    for (const item of items) {
      const res = await app.inject({ method: "POST", url: `/v1/channels/outbox/${item.id}/result`, headers: auth, payload: { ok: true } });
      expect(res.statusCode).toBe(200);
    }
  }

  it("hands out a darurat alert before the older alerts waiting ahead of it", async () => {
    const older = [await alert("tinggi", "tinggi 1"), await alert("sedang", "sedang 1"), await alert("tinggi", "tinggi 2")];
    const urgent = await alert("darurat", "darurat 1");

    const first = await claim(1);
    expect(first.map((item) => item.id)).toEqual([urgent]);
    const rest = await claim(10);
    // The others keep their order: oldest first.
    expect(rest.map((item) => item.id)).toEqual(older);
    await sent([...first, ...rest]);
  });

  it("sends a claimed batch darurat first, then oldest first, whatever order pg-boss returns it in", async () => {
    const queued: { id: string; priority: Priority }[] = [];
    for (let i = 0; i < 12; i++) {
      const priority: Priority = i % 4 === 3 ? "darurat" : i % 2 === 0 ? "tinggi" : "sedang";
      queued.push({ id: await alert(priority, `alert ${i}`), priority });
    }
    const batch = await claim(20);
    const expected = [...queued.filter((q) => q.priority === "darurat"), ...queued.filter((q) => q.priority !== "darurat")].map((q) => q.id);
    expect(batch.map((item) => item.id)).toEqual(expected);
    await sent(batch);
    expect(await claim(20)).toEqual([]);
  });
});
