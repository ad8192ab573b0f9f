import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ADMIN_EMAIL, ADMIN_PASSWORD, launchBrowser, PHONE, signIn, startConsoleServer, type ConsoleServer } from "./harness.ts";

let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the console as the API serves it", () => {
  it("answers console paths with the page, under its own content security policy", async () => {
    const response = await fetch(`${server.url}/tickets/3f1c2a9e-3b4d-4f6a-9c1e-2d3b4a5c6d7e`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("upgrade-insecure-requests");
    const html = await response.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it("serves hashed assets compressed and cached for a year, and revalidates by etag", async () => {
    const html = await (await fetch(`${server.url}/`, { headers: { accept: "text/html" } })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const compressed = await fetch(`${server.url}${script}`, { headers: { "accept-encoding": "br" } });
    expect(compressed.status).toBe(200);
    expect(compressed.headers.get("content-encoding")).toBe("br");
    expect(compressed.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = compressed.headers.get("etag") ?? "";
    const again = await fetch(`${server.url}${script}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("keeps API paths JSON: an unknown API route is a 404 body, not the page", async () => {
    const response = await fetch(`${server.url}/v1/no-such-route`, { headers: { accept: "text/html,application/json" } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toBe("not_found");
  });

  it("signs in with the admin's password on a phone and keeps nothing about the session in the browser's storage", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "id-ID" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    await page.getByLabel("Kata sandi").fill("bukan-kata-sandinya");
    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByRole("button", { name: "Masuk" }).click();
    const refusal = page.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/kata sandi/i);
    await signIn(page, server, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(page.url()).toBe(`${server.url}/tickets`);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "lapor_sesi")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    const storage = await page.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      cookies: document.cookie,
    }));
    expect(storage).toEqual({ local: [], session: [], cookies: "" });

    // A reload keeps the session (the cookie), and signing out ends it.
    await page.reload();
    await page.locator("#main-nav").waitFor({ state: "attached" });
    // English is fetched when chosen, and the choice is the one thing the browser keeps.
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("link", { name: "On-call roster" }).waitFor();
    expect(await page.evaluate(() => ({ ...localStorage }))).toEqual({ "lapor-aman.bahasa": "en" });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Password").waitFor();
    expect((await context.cookies()).find((c) => c.name === "lapor_sesi")).toBeUndefined();
    // 401s from the wrong password are expected console messages; nothing else may fail.
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    await context.close();
  });
});
