import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../api/logging.ts";
import { createMenuMemory, menuOf, type MenuMemoryOptions } from "../../../bot/channels/whatsapp/menu-memory.ts";
import { LogCapture } from "../../support/test-app.ts";

/*
 * The menus a typed number refers to, across a restart: written to menus.json together, owner
 * only, atomically; forgotten after their expiry and beyond the ceiling.
 */

const DAY = 24 * 3600_000;
const A = "6281200000001@c.us";
const B = "6281200000002@c.us";
const C = "105793224687621@lid";
const menu = (value: string) => menuOf([{ id: `4:${value}`, label: value }]);

let dir: string;
let clock: number;
let logs: LogCapture;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lapor-aman-menus-"));
  clock = Date.UTC(2025, 0, 1);
  logs = new LogCapture();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function memory(options: Partial<MenuMemoryOptions> = {}) {
  return createMenuMemory({
    file: join(dir, "menus.json"),
    logger: createLogger("trace", logs),
    maxEntries: 100,
    ttlMs: 7 * DAY,
    writeDelayMs: 5,
    now: () => clock,
    ...options,
  });
}

describe("menu memory", () => {
  it("survives a restart through menus.json, written owner-only and without leftovers", async () => {
    const first = memory();
    await first.load();
    first.remember(A, menu("ya"));
    first.remember(C, menu("tidak"));
    await first.flush();

    const file = join(dir, "menus.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["menus.json"]);

    const second = memory();
    await second.load();
    expect(second.get(A)).toEqual(menu("ya"));
    expect(second.get(C)).toEqual(menu("tidak"));
    expect(second.get(B)).toBeUndefined();
  });

  it("writes changes together after a short delay, and a forgotten menu stays forgotten", async () => {
    const first = memory({ writeDelayMs: 30 });
    await first.load();
    first.remember(A, menu("ya"));
    first.remember(B, menu("tidak"));
    first.forget(A);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const written = JSON.parse(readFileSync(join(dir, "menus.json"), "utf8")) as { menus: [string, unknown, number][] };
    expect(written.menus.map(([address]) => address)).toEqual([B]);
  });

  it("forgets a menu after seven days, in memory and on reload", async () => {
    const first = memory();
    await first.load();
    first.remember(A, menu("ya"));
    clock += 6 * DAY;
    first.remember(B, menu("tidak"));
    await first.flush();
    clock += 1 * DAY + 1;
    expect(first.get(A)).toBeUndefined();
    expect(first.get(B)).toEqual(menu("tidak"));

    const second = memory();
    await second.load();
    expect(second.size()).toBe(1);
    expect(second.get(B)).toEqual(menu("tidak"));
  });

  it("keeps at most maxEntries chats, dropping the one written to longest ago", async () => {
    const bounded = memory({ maxEntries: 2 });
    await bounded.load();
    bounded.remember(A, menu("a"));
    bounded.remember(B, menu("b"));
    bounded.remember(A, menu("a2"));
    bounded.remember(C, menu("c"));
    expect(bounded.size()).toBe(2);
    expect(bounded.get(B)).toBeUndefined();
    expect(bounded.get(A)).toEqual(menu("a2"));
    expect(bounded.get(C)).toEqual(menu("c"));
  });

  it("starts empty from an unreadable file, says so in the log without its content, and replaces it", async () => {
    writeFileSync(join(dir, "menus.json"), `{"version":1,"menus":[["${A}", "not a menu"`);
    const recovering = memory();
    await recovering.load();
    expect(recovering.size()).toBe(0);
    expect(logs.text).toContain("menus file is unreadable");
    expect(logs.text).not.toContain(A);
    recovering.remember(B, menu("ya"));
    await recovering.flush();
    const again = memory();
    await again.load();
    expect(again.get(B)).toEqual(menu("ya"));
  });
});
