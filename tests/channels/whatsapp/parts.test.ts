import { describe, expect, it } from "vitest";
import { chromiumArgs, clientOptions } from "../../../bot/channels/whatsapp/client-options.ts";
import { reasonWord } from "../../../bot/channels/whatsapp/connection.ts";
import { createRateLimiter } from "../../../bot/channels/shared/rate-limit.ts";
import { ChatNotFoundError, classifySendError, NotConnectedError, SendTimeoutError } from "../../../bot/channels/whatsapp/send.ts";

/* The adapter's small pure parts: the rate limit, how send failures are reported, the link's reason words, Chromium's flags. */

describe("per-sender rate limit (token bucket)", () => {
  const limit = { burst: 3, refillMs: 1_000, maxSenders: 100 };

  it("lets a burst through, then one message per refill period", () => {
    const limiter = createRateLimiter(limit);
    const at = (ms: number) => limiter.take("a", ms);
    expect([at(0), at(0), at(0), at(0)]).toEqual([true, true, true, false]);
    expect(at(999)).toBe(false);
    expect(at(1_000)).toBe(true);
    expect(at(1_500)).toBe(false);
    // A long pause fills the bucket again, never beyond the burst.
    expect([at(60_000), at(60_000), at(60_000), at(60_000)]).toEqual([true, true, true, false]);
  });

  it("counts each sender on their own", () => {
    const limiter = createRateLimiter(limit);
    for (let i = 0; i < 10; i++) limiter.take("flooder", 0);
    expect(limiter.take("flooder", 0)).toBe(false);
    expect(limiter.take("someone else", 0)).toBe(true);
  });

  it("a flood of 40 in 2 seconds: the burst plus what refilled meanwhile", () => {
    const limiter = createRateLimiter({ burst: 15, refillMs: 3_000, maxSenders: 100 });
    const allowed = Array.from({ length: 40 }, (_, i) => limiter.take("a", i * 50)).filter(Boolean).length;
    expect(allowed).toBe(15);
  });

  it("tracks at most maxSenders, forgetting the one seen longest ago", () => {
    const limiter = createRateLimiter({ burst: 1, refillMs: 60_000, maxSenders: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    expect(limiter.size()).toBe(2);
    // "a" was forgotten, so it starts with a full bucket; "c" was not.
    expect(limiter.take("a", 1)).toBe(true);
    expect(limiter.take("c", 1)).toBe(false);
  });
});

describe("classifySendError", () => {
  it.each<[string, unknown, object]>([
    ["no chat for the address", new ChatNotFoundError(), { permanent: true, reason: "chat_not_found" }],
    ["an invalid wid", new Error("Evaluation failed: Error: wid error: invalid wid"), { permanent: true, reason: "chat_not_found" }],
    ["a hidden number without a LID", new Error("Evaluation failed: Error: No LID for user"), { permanent: true, reason: "chat_not_found" }],
    ["the link down", new NotConnectedError(), { permanent: false, reason: "not_connected" }],
    ["no confirmation in time", new SendTimeoutError(), { permanent: false, reason: "timeout" }],
    ["puppeteer's timeout", Object.assign(new Error("Runtime.callFunctionOn timed out"), { name: "TimeoutError" }), { permanent: false, reason: "timeout" }],
    ["the browser gone", new Error("Protocol error (Runtime.callFunctionOn): Session closed."), { permanent: false, reason: "browser_gone" }],
    ["the page reloaded", new Error("Execution context was destroyed, most likely because of a navigation."), { permanent: false, reason: "browser_gone" }],
    ["anything else", new TypeError("Cannot read properties of undefined (reading 'markedUnread')"), { permanent: false, reason: "send_failed" }],
    ["not even an Error", "boom", { permanent: false, reason: "send_failed" }],
  ])("%s", (_what, error, expected) => {
    expect(classifySendError(error)).toEqual({ ok: false, ...expected });
  });
});

describe("reasonWord: what the API is told about a lost link", () => {
  it.each<[unknown, string]>([
    ["LOGOUT", "LOGOUT"],
    ["CONFLICT", "CONFLICT"],
    ["Max qrcode retries reached", "Max_qrcode_retries_reached"],
    ["", "unknown"],
    [undefined, "unknown"],
    ["x".repeat(300), "x".repeat(100)],
  ])("%j → %j", (reason, word) => {
    expect(reasonWord(reason)).toBe(word);
  });
});

describe("the default client's options", () => {
  const flags = ["--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

  it("turns Chromium's sandbox off only as root", () => {
    expect(chromiumArgs(true)).toEqual(["--no-sandbox", "--disable-setuid-sandbox", ...flags]);
    expect(chromiumArgs(false)).toEqual(flags);
  });

  it("keeps the session and WhatsApp Web's cache under the data folder, with Debian's Chromium, headless", () => {
    const options = clientOptions("/data/whatsapp", "/usr/bin/chromium", false);
    expect(options.puppeteer).toEqual({ executablePath: "/usr/bin/chromium", headless: true, args: flags });
    expect(options.webVersionCache).toEqual({ type: "local", path: "/data/whatsapp/web-cache" });
    expect(options.authStrategy).toMatchObject({ dataPath: "/data/whatsapp/auth" });
  });
});
