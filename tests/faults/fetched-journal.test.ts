import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFetchedJournal } from "../../bot/channels/telegram/fetched-journal.ts";

/*
 * The Telegram adapter's journal of fetched batches (what closes the window between grammY's
 * runner confirming a batch to Telegram and the delivery journal taking its messages); the kill
 * test (kill-mid-report.test.ts) shows it end to end.
 */

const update = (id: number): Update =>
  ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 7, type: "private", first_name: "R" }, text: `pesan ${id}` } }) as Update;

describe("the fetched-batch journal", () => {
  let dir: string;
  const files = () => readdirSync(dir).sort();
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), "lapor-aman-fetched-")), "telegram-fetched");
  });
  afterEach(() => rmSync(join(dir, ".."), { recursive: true, force: true }));

  it("keeps a batch's file until its last update is done", async () => {
    const journal = createFetchedJournal(dir);
    expect(await journal.load()).toEqual([]);
    await journal.add([update(10), update(11)]);
    expect(files()).toEqual([expect.stringMatching(/^batch-10-[0-9a-f]{8}\.json$/)]);
    await journal.done(10);
    expect(files()).toHaveLength(1);
    await journal.done(11);
    expect(files()).toEqual([]);
    // Updates it never saw (webhook mode, a batch whose write failed) are no error.
    await journal.done(99);
  });

  it("gives a killed run's unfinished updates to the next, oldest first, and sets unreadable files aside", async () => {
    const first = createFetchedJournal(dir);
    await first.load();
    await first.add([update(20)]);
    await first.add([update(21), update(22)]);
    await first.done(21);
    writeFileSync(join(dir, "batch-30-00000000.json"), "{ half a batch");
    writeFileSync(join(dir, ".batch-31-00000000.json.tmp-ab12cd34"), "[]");

    const next = createFetchedJournal(dir);
    const leftovers = await next.load();
    // The whole unfinished batch comes back (which of its updates were done is not on disk): the
    // API's idempotency answers a done one as a duplicate.
    expect(leftovers.map((u) => u.update_id)).toEqual([20, 21, 22]);
    expect(files()).toHaveLength(3);
    expect(files()).toContain("batch-30-00000000.json.unreadable");
    for (const u of leftovers) await next.done(u.update_id);
    expect(files()).toEqual(["batch-30-00000000.json.unreadable"]);
  });

  it("an update fetched again belongs to its latest batch only, and comes back once", async () => {
    const journal = createFetchedJournal(dir);
    await journal.load();
    await journal.add([update(40), update(41)]);
    await journal.add([update(40)]);
    await journal.done(41);
    // The first batch waits for nothing more: 40 is the second batch's now.
    expect(files()).toEqual([expect.stringMatching(/^batch-40-/)]);
    await journal.add([update(42), update(40)]);
    expect(files()).toEqual([expect.stringMatching(/^batch-42-/)]);

    // Left on disk twice (a crash between writing a batch and deleting the older one): handed back once.
    writeFileSync(join(dir, "batch-39-00000000.json"), JSON.stringify([update(40)]));
    const leftovers = await createFetchedJournal(dir).load();
    expect(leftovers.map((u) => u.update_id)).toEqual([40, 42]);
  });
});
