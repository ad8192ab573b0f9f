import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../api/intake/schemas.ts";
import { createSpool } from "../../../bot/channels/shared/spool.ts";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "lapor-aman-spool-test-"));
  dirs.push(dir);
  return join(dir, "spool", "telegram");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const message = (externalId: string, address: string, text = `pesan ${externalId}`): InboundMessage => ({
  channel: "telegram",
  externalId,
  address,
  sentAt: "2030-01-01T00:00:00.000Z",
  content: { type: "text", text },
});

describe("spool", () => {
  it("keeps one owner-only file per message, named by its idempotency key, and forgets it on remove", async () => {
    const dir = freshDir();
    const spool = createSpool(dir);
    await spool.load();
    await spool.add(message("m:7:101", "7"), 5001);

    expect(readdirSync(dir)).toEqual(["m_7_101.json"]);
    expect(statSync(join(dir, "m_7_101.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, "m_7_101.json"), "utf8"))).toMatchObject({ version: 1, updateId: 5001, message: message("m:7:101", "7") });
    await spool.remove("m:7:101");
    expect(readdirSync(dir)).toEqual([]);
    expect(spool.size()).toBe(0);
  });

  it("a redelivered update replaces its own entry instead of queueing twice", async () => {
    const spool = createSpool(freshDir());
    await spool.load();
    await spool.add(message("m:7:101", "7", "pertama"), 5001);
    await spool.add(message("cb:88", "7"), 5002);
    await spool.add(message("m:7:101", "7", "pertama lagi"), 5001);
    expect(spool.pendingFor("7").map((e) => e.message.externalId)).toEqual(["m:7:101", "cb:88"]);
    expect(spool.size()).toBe(2);
  });

  it("gives each chat's messages back in arrival order, and the chats by who waited longest, across a restart", async () => {
    const dir = freshDir();
    const first = createSpool(dir);
    await first.load();
    await first.add(message("m:b:300", "b"), 1);
    await first.add(message("m:a:9", "a"), 2);
    await first.add(message("cb:77", "b"), 3);
    await first.add(message("m:a:10", "a"), 4);

    const second = createSpool(dir);
    expect(await second.load()).toEqual({ loaded: 4, setAside: 0 });
    expect(second.addresses()).toEqual(["b", "a"]);
    expect(second.pendingFor("b").map((e) => [e.message.externalId, e.updateId])).toEqual([["m:b:300", 1], ["cb:77", 3]]);
    expect(second.pendingFor("a").map((e) => [e.message.externalId, e.updateId])).toEqual([["m:a:9", 2], ["m:a:10", 4]]);
    expect(second.hasPending("a")).toBe(true);
    expect(second.hasPending("c")).toBe(false);
    // New messages after a restart still come after the old ones.
    await second.add(message("m:a:11", "a"), 5);
    expect(second.pendingFor("a").map((e) => e.message.externalId)).toEqual(["m:a:9", "m:a:10", "m:a:11"]);
  });

  it("sets unreadable files aside instead of retrying them forever, and drops half-written temp files", async () => {
    const dir = freshDir();
    const spool = createSpool(dir);
    await spool.load();
    await spool.add(message("m:a:1", "a"), 1);
    writeFileSync(join(dir, "m_a_2.json"), "{ not json");
    writeFileSync(join(dir, "m_a_3.json"), JSON.stringify({ version: 1, seq: 1, message: { channel: "telegram" } }));
    writeFileSync(join(dir, ".m_a_4.json.tmp-abcd"), "{");

    const again = createSpool(dir);
    expect(await again.load()).toEqual({ loaded: 1, setAside: 2 });
    expect(readdirSync(dir).sort()).toEqual(["m_a_1.json", "m_a_2.json.unreadable", "m_a_3.json.unreadable"]);
  });

  it("still delivers a file that does not name its update_id; its logs just cannot name it", async () => {
    const dir = freshDir();
    const spool = createSpool(dir);
    await spool.load();
    writeFileSync(join(dir, "m_a_5.json"), JSON.stringify({ version: 1, seq: 1, message: message("m:a:5", "a") }));

    const again = createSpool(dir);
    expect(await again.load()).toEqual({ loaded: 1, setAside: 0 });
    expect(again.pendingFor("a")).toEqual([{ seq: 1, updateId: undefined, message: message("m:a:5", "a") }]);
  });

  it("makes a strange id a safe file name", async () => {
    const dir = freshDir();
    const spool = createSpool(dir);
    await spool.load();
    await spool.add(message("../../etc/passwd", "a"), 1);
    expect(readdirSync(dir)).toEqual(["______etc_passwd.json"]);
    expect(spool.pendingFor("a").map((e) => e.message.externalId)).toEqual(["../../etc/passwd"]);
  });
});
