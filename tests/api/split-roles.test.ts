import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wwebjs from "whatsapp-web.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startChannelProcess } from "../../api/channel-process.ts";
import { startHotline, type Hotline } from "../../api/hotline.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import type { RunningChannel } from "../../api/channel-adapters.ts";
import { buildMessage, waitUntil } from "../channels/whatsapp/harness.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { testConfig } from "../support/test-config.ts";
import { createPostgresDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";

/*
 * The split deployment the README describes: `--role api` on PostgreSQL (on PGlite, the one
 * process without a role, WhatsApp not enabled in it), and `--role whatsapp` in its own process
 * talking to it over HTTP with the channel token. Both run in this test's process (the browser is
 * replaced by a never-initialized whatsapp-web.js Client driven by events), but they share
 * nothing except the API's URL and the token.
 */
const apiRole = testDbKind === "postgres" ? "api" : "all";

describe(`--role ${apiRole} with --role whatsapp over HTTP, on ${testDbKind}`, () => {
  const token = "split-roles-token-0123456789abcdef";
  const apiDir = mkdtempSync(join(tmpdir(), "lapor-aman-api-"));
  const channelDir = mkdtempSync(join(tmpdir(), "lapor-aman-wa-"));
  const sent: { to: string; text: string }[] = [];
  const client = new wwebjs.Client({});
  client.sendMessage = async (to, content) => {
    sent.push({ to, text: String(content) });
    // What WhatsApp Web hands back for a sent message (nothing would mean "no such chat").
    return buildMessage(client, to, String(content), { fromMe: true });
  };
  client.destroy = async () => {};
  let name: string | undefined;
  let api: Hotline;
  let channel: RunningChannel;

  beforeAll(async () => {
    if (testDbKind === "postgres") name = await createPostgresDatabase();
    api = await startHotline(
      testConfig({
        ...(name !== undefined && { DATABASE_URL: databaseUrl(inject("postgresServerUrl"), name) }),
        HOTLINE_CHANNEL_TOKEN: token,
        PORT: "0",
        DATA_DIR: apiDir,
        ADMIN_PASSWORD: "sandi-rahasia-panjang",
        // With --role api, enabled and without a browser: the api role must not start WhatsApp
        // (it would fail on the missing path).
        ...(apiRole === "api" && { WHATSAPP_ENABLED: "true", CHROMIUM_PATH: join(apiDir, "no-chromium") }),
      }),
      { print: () => {}, logger: createLogger("silent"), role: apiRole },
    );
    channel = await startChannelProcess(
      testConfig({
        HOTLINE_API_URL: api.url,
        HOTLINE_CHANNEL_TOKEN: token,
        DATA_DIR: channelDir,
        WHATSAPP_ENABLED: "true",
        // Any file that exists: the check is that it is there, the test client never starts it.
        CHROMIUM_PATH: process.execPath,
      }),
      "whatsapp",
      { print: () => {}, i18n: await createI18n("id"), logger: createLogger("silent"), whatsappClient: () => client },
    );
  });

  afterAll(async () => {
    await channel?.stop();
    await api?.stop();
    if (name) await dropPostgresDatabase(name);
    rmSync(apiDir, { recursive: true, force: true });
    rmSync(channelDir, { recursive: true, force: true });
  });

  it("answers a WhatsApp message through the API over HTTP, and the API's /health shows the link", async () => {
    client.emit("ready");
    await waitUntil(async () => {
      const body = (await (await fetch(`${api.url}/health`)).json()) as { channels?: { whatsapp?: { state: string } } };
      return body.channels?.whatsapp?.state === "connected";
    }, "the channel process to report connected to the API");

    const parent = "6281234500001@c.us";
    client.emit("message", buildMessage(client, parent, "halo"));
    // The greeting, then the first question with its choices as a numbered list.
    await waitUntil(() => sent.some((m) => m.to === parent && /\n1\. /.test(m.text)), "the hotline's first question over HTTP");
    expect(sent[0]).toMatchObject({ to: parent, text: expect.stringContaining("Halo, terima kasih sudah menghubungi") });
    const reporters = await api.database.db.query.reporters.findMany();
    expect(reporters.map((r) => ({ channel: r.channel, address: r.address }))).toEqual([{ channel: "whatsapp", address: parent }]);
  });

  it("refuses a channel process with the wrong token: nothing reaches the intake", async () => {
    const response = await fetch(`${api.url}/v1/channels/whatsapp/state`, {
      method: "POST",
      headers: { authorization: "Bearer wrong-token-wrong-token-wrong", "content-type": "application/json" },
      body: JSON.stringify({ state: "disconnected" }),
    });
    expect(response.status).toBe(401);
  });
});
