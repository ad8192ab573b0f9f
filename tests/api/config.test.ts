import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../api/config.ts";
import { REPO_ROOT, serverEnv, SERVER_ARGS } from "../support/server-process.ts";

describe("loadConfig", () => {
  it("runs with no configuration at all: embedded PGlite in ./data on port 3000", () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: "127.0.0.1",
        trustProxy: false,
        database: { kind: "pglite", dataDir: "./data" },
        dataDir: "./data",
        logLevel: "info",
        defaultLocale: "id",
        publicUrl: "http://127.0.0.1:3000",
        adminEmail: "admin@lapor-aman.local",
        adminPassword: undefined,
      },
    });
  });

  it("treats blank values copied from .env.example as unset", () => {
    const result = loadConfig({ PORT: "", DATABASE_URL: " ", ADMIN_PASSWORD: "", LOG_LEVEL: "" });
    expect(result.ok && result.config.port).toBe(3000);
    expect(result.ok && result.config.database.kind).toBe("pglite");
  });

  it("uses PostgreSQL when DATABASE_URL is set, and normalises the rest", () => {
    const result = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgresql://lapor:secret@db:5432/lapor",
      PUBLIC_URL: "https://aduan.example.go.id/",
      ADMIN_EMAIL: "Kabid@Dinsos.Example.go.id",
      ADMIN_PASSWORD: "correct horse battery",
      DEFAULT_LOCALE: "en",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.database).toEqual({ kind: "postgres", url: "postgresql://lapor:secret@db:5432/lapor" });
    expect(result.config.publicUrl).toBe("https://aduan.example.go.id");
    expect(result.config.adminEmail).toBe("kabid@dinsos.example.go.id");
    expect(result.config.defaultLocale).toBe("en");
  });

  it.each([
    [{ PORT: "abc" }, 'PORT must be a port number, got "abc"'],
    [{ PORT: "70000" }, 'PORT must be a port number (0-65535), got "70000"'],
    [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ ADMIN_EMAIL: "kabid" }, 'ADMIN_EMAIL must be an email address, got "kabid"'],
    [{ PUBLIC_URL: "aduan.example" }, 'PUBLIC_URL must be an http(s) URL, got "aduan.example"'],
    [{ DEFAULT_LOCALE: "jv" }, 'DEFAULT_LOCALE must be one of id, en, got "jv"'],
    [
      { TRUST_PROXY: "yes please" },
      'TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses separated by commas, got "yes please"',
    ],
  ])("rejects %o with a line naming the variable", (env, line) => {
    expect(loadConfig(env)).toEqual({ ok: false, errors: [line] });
  });

  it.each([
    ["true", true],
    ["false", false],
    ["1", 1],
    ["10.0.0.0/8, 127.0.0.1", "10.0.0.0/8, 127.0.0.1"],
  ])("reads TRUST_PROXY=%s for a reverse proxy", (value, expected) => {
    const result = loadConfig({ TRUST_PROXY: value });
    expect(result.ok && result.config.trustProxy).toEqual(expected);
  });

  it("never echoes a database URL or a password, which carry secrets", () => {
    const result = loadConfig({ DATABASE_URL: "mysql://root:hunter2@db/x", ADMIN_PASSWORD: "hunter2" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^DATABASE_URL must be a postgres/);
    expect(result.errors[1]).toMatch(/^ADMIN_PASSWORD must be at least 12 characters/);
    expect(result.errors.join("\n")).not.toContain("hunter2");
  });
});

describe("the server with a bad value", () => {
  it("exits 1 with one line naming PORT", () => {
    const result = spawnSync(process.execPath, SERVER_ARGS, {
      cwd: REPO_ROOT,
      env: serverEnv({ PORT: "abc" }),
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual(['PORT must be a port number, got "abc"']);
    expect(result.stdout).toBe("");
  });
});
