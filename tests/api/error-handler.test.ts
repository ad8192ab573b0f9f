import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { App } from "../../api/app.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

/** Routes that exist only in this test, to drive every branch of the one error handler. */
function addProbeRoutes(app: App) {
  app.post(
    "/probe/report",
    {
      schema: {
        body: z.object({
          victim: z.object({ age: z.number().int().min(0).max(25) }),
          school: z.string().min(1),
        }),
        querystring: z.object({ page: z.coerce.number().int().positive().default(1) }),
      },
    },
    async () => ({ ok: true }),
  );
  app.get("/probe/crash", async () => {
    throw new Error("internal detail: connection string postgres://u:p@db/x and a stack");
  });
}

describe("the error handler", () => {
  let database: TestDatabase;
  let app: App;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { extend: addProbeRoutes });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it("answers invalid input with 400 naming every failing field path", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/probe/report",
      payload: { victim: { age: "dua belas" } },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe("validation");
    expect(body.message).toBe("Data yang dikirim tidak valid. Periksa kolom yang disebutkan.");
    expect(body.fields.map((f: { in: string; path: string }) => `${f.in}:${f.path}`).sort()).toEqual([
      "body:school",
      "body:victim.age",
    ]);
    expect(body.fields.every((f: { code: string; message: string }) => f.code && f.message)).toBe(true);
  });

  it("names the query string as the place of a bad query parameter", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/probe/report?page=-3",
      payload: { victim: { age: 12 }, school: "SMPN 1 Metro" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toMatchObject([{ in: "querystring", path: "page" }]);
  });

  it("accepts valid input", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/probe/report",
      payload: { victim: { age: 12 }, school: "SMPN 1 Metro" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it("answers unreadable JSON with 400 and no echo of what was sent", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/probe/report",
      headers: { "content-type": "application/json" },
      payload: '{"victim": aku dipukul',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: "bad_request", message: "Permintaan tidak dapat dibaca." });
    expect(res.body).not.toContain("dipukul");
  });

  it("answers an unknown route with a 404 in the same shape", async () => {
    const res = await app.inject({ method: "GET", url: "/v1/tidak-ada?x=1" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: "not_found", message: "Alamat GET /v1/tidak-ada tidak ditemukan." });
  });

  it("hides the internals of a 500", async () => {
    const res = await app.inject({ method: "GET", url: "/probe/crash" });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: "internal",
      message: "Terjadi kesalahan di server. Tim teknis sudah dicatat; silakan coba lagi.",
    });
    expect(res.body).not.toMatch(/postgres|stack|detail/);
  });

  it("speaks English to a caller who prefers it", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/v1/nothing",
      headers: { "accept-language": "fr-FR;q=0.9, en-GB;q=0.8, id;q=0.1" },
    });
    expect(res.json().message).toBe("GET /v1/nothing was not found.");
  });
});
