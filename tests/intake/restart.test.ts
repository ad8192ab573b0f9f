import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { createHttpClient } from "../../bot/client.ts";
import { createDb } from "../../db/client.ts";
import { tickets } from "../../db/schema/index.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { startServerProcess } from "../support/server-process.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";

/*
 * A real `npm start` process, killed with SIGKILL in the middle of a report and started again
 * on the same data: the conversation goes on from the question it was at, and an update the
 * channel redelivers after the crash is answered without being applied twice.
 */

const TOKEN = "restart-test-channel-token-0123456789";
let dataDir: string;
let env: Record<string, string>;
let postgresName: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "lapor-aman-restart-"));
  env = { DATA_DIR: dataDir, PORT: "0", HOTLINE_CHANNEL_TOKEN: TOKEN, ADMIN_PASSWORD: "restart-test-password" };
  if (testDbKind === "postgres") {
    postgresName = await createPostgresDatabase({ empty: true });
    env.DATABASE_URL = databaseUrl(inject("postgresServerUrl"), postgresName);
  }
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (postgresName) await dropPostgresDatabase(postgresName);
});

test("a killed and restarted process continues the conversation where it was", async () => {
  let server = startServerProcess(env);
  let client = createHttpClient(await server.ready, TOKEN);
  let last: IntakeResponse | undefined;
  let n = 0;
  const send = async (content: InboundContent, externalId = `restart-${++n}`) => {
    last = await client.sendInbound({ channel: "telegram", externalId, address: "424242", sentAt: new Date().toISOString(), content });
    return last;
  };
  const press = (value: string) => {
    const id = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`))?.id;
    if (!id) throw new Error(`no button ${value}`);
    return send({ type: "choice", choiceId: id });
  };

  await send({ type: "text", text: "halo" });
  await press("orang_tua");
  await press("tidak");
  await press("tidak_diurus");
  const beforeCrash = await send({ type: "text", text: "anak tetangga sering ditinggal sendiri tanpa makan" }, "restart-crash");

  server.child.kill("SIGKILL");
  await server.exited;
  server = startServerProcess(env);
  client = createHttpClient(await server.ready, TOKEN);

  // The channel did not hear back before the crash and delivers the same update again.
  const redelivered = await send({ type: "text", text: "anak tetangga sering ditinggal sendiri tanpa makan" }, "restart-crash");
  expect(redelivered.duplicate).toBe(true);
  expect(redelivered.replies).toEqual(beforeCrash.replies);

  await press("sudah");
  await send({ type: "text", text: "umur 6 tahun" });
  await press("masih_terjadi");
  await press("tidak");
  const done = await press("kirim");
  expect(done.ticketCode).toMatch(/^MTR-[A-Z0-9]{5}$/);

  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);

  const database = await createDb(env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir });
  try {
    const rows = await database.db.select().from(tickets);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      code: done.ticketCode,
      category: "penelantaran",
      reporterRole: "orang_tua",
      victimAge: 6,
      description: "anak tetangga sering ditinggal sendiri tanpa makan",
      consentToContact: false,
    });
  } finally {
    await database.close();
  }
});
