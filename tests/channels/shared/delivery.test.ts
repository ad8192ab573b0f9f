import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../api/intake/schemas.ts";
import { createLogger } from "../../../api/logging.ts";
import { createInboundDelivery } from "../../../bot/channels/shared/delivery.ts";
import { createKeyedLock } from "../../../bot/channels/shared/keyed-lock.ts";
import { createSpool, type Spool, type UpdateRef } from "../../../bot/channels/shared/spool.ts";
import { LogCapture } from "../../support/test-app.ts";
import { createHotlineDouble } from "./hotline-double.ts";

/*
 * The spool names its files after the externalId, `m:<chat id>:<message id>`, so the chat id is
 * in every path, and Node's fs errors quote their paths. Those errors are logged: what reaches the
 * log must still name the message only by its update_id.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CHAT_ID = "987654321";
const UPDATE_ID = 70_001;
const message: InboundMessage = {
  channel: "telegram",
  externalId: `m:${CHAT_ID}:42`,
  address: CHAT_ID,
  sentAt: "2030-01-01T00:00:00.000Z",
  content: { type: "text", text: "rahasia-kakak-kelas" },
};

/** The real spool, its errors kept so the test can show they quoted the chat id. */
function watched(spool: Spool, errors: Error[]): Spool {
  const record = async (work: Promise<void>) => {
    try {
      await work;
    } catch (error) {
      errors.push(error as Error);
      throw error;
    }
  };
  return {
    ...spool,
    add: (m, updateId) => record(spool.add(m, updateId)),
    remove: (externalId) => record(spool.remove(externalId)),
  };
}

describe("inbound delivery logs", () => {
  it("name a message by its update_id, also when a spool file cannot be written or deleted", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lapor-aman-delivery-test-")), "telegram");
    dirs.push(join(dir, ".."));
    const logs = new LogCapture();
    const hotline = createHotlineDouble();
    hotline.mode = "down";
    const errors: Error[] = [];
    const notices: string[] = [];
    const replied: (UpdateRef | undefined)[] = [];
    const delivery = createInboundDelivery({
      client: hotline,
      spool: watched(createSpool(dir), errors),
      lock: createKeyedLock(),
      logger: createLogger("trace", logs),
      retry: { initialMs: 20, maxMs: 50 },
      async sendReplies(_message, _response, updateId) {
        replied.push(updateId);
      },
      async sendNotice(_message, key) {
        notices.push(key);
      },
    });
    await delivery.start();
    // A non-empty directory where the message's file goes: writing it and deleting it both fail.
    mkdirSync(join(dir, `m_${CHAT_ID}_42.json`, "x"), { recursive: true });

    await delivery.deliver(message, UPDATE_ID);
    expect(notices).toEqual(["fallback"]);
    hotline.mode = "up";
    await hotline.waitFor(() => replied.length === 1 && logs.text.includes("could not delete the spool file"));
    await delivery.stop();

    expect(replied).toEqual([UPDATE_ID]);
    // The errors did quote the path, chat id and all ...
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error.message).toContain(CHAT_ID);
    // ... and the log kept their type and code, and named the message by its update_id only.
    const lines = logs.lines.map((l) => JSON.parse(l) as { msg: string; updateId?: number; err?: { code?: string } });
    for (const msg of ["intake unavailable", "could not write the spool file", "spooled message delivered", "could not delete the spool file"]) {
      expect(lines, msg).toContainEqual(expect.objectContaining({ msg, updateId: UPDATE_ID }));
    }
    expect(lines.find((l) => l.msg === "could not write the spool file")?.err?.code).toMatch(/^E[A-Z]+$/);
    expect(logs.text).not.toContain(CHAT_ID);
    expect(logs.text).not.toContain("rahasia");
  });
});

describe("inbound delivery as a write-ahead journal", () => {
  it("has a message on disk while the API holds it, hands it over again after a crash, and sends the duplicate's replies", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lapor-aman-delivery-test-")), "telegram");
    dirs.push(join(dir, ".."));
    const hotline = createHotlineDouble();
    // The API has stored the message, but the process dies before it answers (this answer never comes).
    hotline.answer = () => new Promise<never>(() => {});
    const replied: boolean[] = [];
    const make = () =>
      createInboundDelivery({
        client: hotline,
        spool: createSpool(dir),
        lock: createKeyedLock(),
        logger: createLogger("silent"),
        retry: { initialMs: 20, maxMs: 50 },
        async sendReplies(_message, response) {
          replied.push(response.duplicate);
        },
        async sendNotice() {
          throw new Error("no fallback expected: the API was up");
        },
      });
    const crashed = make();
    await crashed.start();
    void crashed.deliver(message, UPDATE_ID);
    await hotline.waitFor(() => hotline.received.length === 1);
    expect(readdirSync(dir)).toEqual([`m_${CHAT_ID}_42.json`]);
    // Not "waiting": its live delivery is under way.
    expect(crashed.waiting()).toBe(0);
    await crashed.stop();

    // The next start: the same spool folder, the API answers again and knows the message.
    hotline.answer = () => [{ text: "balasan", choices: [] }];
    const restarted = make();
    await restarted.start();
    await hotline.waitFor(() => replied.length === 1);
    await restarted.stop();

    expect(hotline.received.map((m) => m.externalId)).toEqual([message.externalId, message.externalId]);
    expect(replied).toEqual([true]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes the journal entry once the replies are sent, and a refused message too", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lapor-aman-delivery-test-")), "telegram");
    dirs.push(join(dir, ".."));
    const hotline = createHotlineDouble();
    const notices: string[] = [];
    const delivery = createInboundDelivery({
      client: hotline,
      spool: createSpool(dir),
      lock: createKeyedLock(),
      logger: createLogger("silent"),
      retry: { initialMs: 20, maxMs: 50 },
      async sendReplies() {
        // The file is still there while the replies go out.
        expect(readdirSync(dir)).toHaveLength(1);
      },
      async sendNotice(_message, key) {
        notices.push(key);
      },
    });
    await delivery.start();
    await delivery.deliver(message, UPDATE_ID);
    expect(readdirSync(dir)).toEqual([]);
    hotline.mode = { rejectWith: 400 };
    await delivery.deliver({ ...message, externalId: `m:${CHAT_ID}:43` }, UPDATE_ID + 1);
    expect(readdirSync(dir)).toEqual([]);
    expect(notices).toEqual(["rejected"]);
    expect(delivery.waiting()).toBe(0);
    await delivery.stop();
  });
});
