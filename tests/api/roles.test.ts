import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRole, roleProblems } from "../../api/roles.ts";
import { startServerProcess } from "../support/server-process.ts";
import { testConfig } from "../support/test-config.ts";
import { testDbKind } from "../support/test-db.ts";

const TOKEN = "c".repeat(32);
const POSTGRES = "postgres://lapor:secret@db.internal:5432/lapor";

describe("--role", () => {
  it.each([
    [[], "all"],
    [["--role", "api"], "api"],
    [["--role=whatsapp"], "whatsapp"],
    [["--role", "telegram"], "telegram"],
  ])("%j runs %s", (argv, role) => {
    expect(parseRole(argv)).toEqual({ ok: true, role });
  });

  it("refuses an unknown role and unknown arguments instead of ignoring them", () => {
    expect(parseRole(["--role", "worker"])).toEqual({ ok: false, error: '--role must be one of all, api, telegram, whatsapp, got "worker"' });
    expect(parseRole(["--role"])).toMatchObject({ ok: true, role: "all" });
    expect(parseRole(["--rol", "api"])).toMatchObject({ ok: false, error: expect.stringContaining('unknown argument "--rol"') });
  });

  it("names every missing setting of a split role, one line each", () => {
    expect(roleProblems("all", testConfig({}))).toEqual([]);
    expect(roleProblems("api", testConfig({}))).toEqual([
      expect.stringContaining("--role api needs PostgreSQL (DATABASE_URL)"),
      expect.stringContaining("--role api needs HOTLINE_CHANNEL_TOKEN"),
    ]);
    expect(roleProblems("api", testConfig({ DATABASE_URL: POSTGRES, HOTLINE_CHANNEL_TOKEN: TOKEN }))).toEqual([]);
    expect(roleProblems("whatsapp", testConfig({}))).toEqual([
      expect.stringContaining("HOTLINE_CHANNEL_TOKEN"),
      expect.stringContaining("--role whatsapp needs HOTLINE_API_URL"),
    ]);
    expect(roleProblems("whatsapp", testConfig({ HOTLINE_API_URL: "http://api:3000", HOTLINE_CHANNEL_TOKEN: TOKEN }))).toEqual([]);
    expect(roleProblems("telegram", testConfig({ HOTLINE_API_URL: "http://api:3000", HOTLINE_CHANNEL_TOKEN: TOKEN }))).toEqual([
      "--role telegram needs TELEGRAM_BOT_TOKEN",
    ]);
    expect(
      roleProblems(
        "telegram",
        testConfig({
          HOTLINE_API_URL: "http://api:3000",
          HOTLINE_CHANNEL_TOKEN: TOKEN,
          TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
          TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/v1/channels/telegram/webhook",
          TELEGRAM_WEBHOOK_SECRET: "s".repeat(20),
        }),
      ),
    ).toEqual([expect.stringContaining("--role telegram uses long polling")]);
  });

  it("reads WhatsApp's settings: off unless WHATSAPP_ENABLED=true, Debian's chromium by default", () => {
    expect(testConfig({}).whatsapp).toBeUndefined();
    expect(testConfig({ WHATSAPP_ENABLED: "true" }).whatsapp).toEqual({ chromiumPath: "/usr/bin/chromium" });
    expect(testConfig({ WHATSAPP_ENABLED: "true", CHROMIUM_PATH: "/opt/chrome/chrome" }).whatsapp).toEqual({ chromiumPath: "/opt/chrome/chrome" });
    expect(testConfig({ HOTLINE_API_URL: "http://api:3000/" }).apiUrl).toBe("http://api:3000");
  });
});

if (testDbKind === "pglite") {
  describe("npm start with a role it cannot run", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-role-"));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it("exits 1 naming what is missing: PostgreSQL for --role api, Chromium for WhatsApp", async () => {
      const api = startServerProcess({ DATA_DIR: dataDir, PORT: "0" }, ["--role", "api"]);
      expect(await api.exited).toBe(1);
      expect(api.stderr()).toContain("--role api needs PostgreSQL (DATABASE_URL)");

      const whatsapp = startServerProcess({ DATA_DIR: dataDir, PORT: "0", WHATSAPP_ENABLED: "true", CHROMIUM_PATH: join(dataDir, "no-chromium") });
      expect(await whatsapp.exited).toBe(1);
      expect(whatsapp.stderr()).toContain(`Chromium tidak ditemukan di ${join(dataDir, "no-chromium")}`);
    });
  });
}
