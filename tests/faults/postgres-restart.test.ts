import { readFileSync } from "node:fs";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntakeResponseSchema } from "../../api/intake/schemas.ts";
import { inboundMessages, tickets } from "../../db/schema/index.ts";
import { externalIdOf } from "../channels/telegram/adapter-harness.ts";
import { REPO_ROOT } from "../support/server-process.ts";
import { startTelegramEmulator, type BotMessage, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { reportAdaptively, type AdaptiveReport } from "./adaptive-reporter.ts";
import { createHotlineUnderTest, type HotlineUnderTest } from "./hotline-process.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres.ts";
import { FALLBACK_TEXT } from "./reporter.ts";
import { rowsOfChat } from "./rows.ts";

/*
 * PostgreSQL restarted under traffic (PostgreSQL only: vitest.config.ts leaves this file out of
 * the PGlite project). A private PostgreSQL 15 cluster of this file's own (the shared one serves
 * every other test file), `npm start` on it with its real bot, and twenty children reporting on
 * Telegram at once. Mid-traffic the server is stopped (`pg_ctl stop -m fast`, open sessions
 * ended), kept down ten seconds while they keep writing, and started again. Every message must
 * get an answer: the fallback with the emergency numbers at once while the database is down,
 * then its real replies when the adapter's spool hands it over again; every finished report is
 * one ticket whose code its reporter was told, and nothing counts twice.
 */

const USERS = 20;
const DOWN_AFTER_MS = 3_000;
const DOWN_FOR_MS = 10_000;
/** A report through the outage: the spool retries after 2, 4, 8, 16 s…, on a loaded machine with twenty chats at once. */
const REPORT_DEADLINE_MS = 150_000;
const CHOOSE_PROMPT = (JSON.parse(readFileSync(`${REPO_ROOT}/locales/id/telegram.json`, "utf8")) as { choose: string }).choose;

describe("PostgreSQL restarted under traffic: no report lost, every message answered (fallback first, then retried)", () => {
  let postgres: PrivatePostgres;
  let emulator: TelegramEmulator;
  let hotline: HotlineUnderTest;

  beforeAll(async () => {
    // Without it the server process dies at the restart (TypeError in postgres.js's nextWrite).
    const driver = readFileSync(`${REPO_ROOT}/node_modules/postgres/src/connection.js`, "utf8");
    if (!driver.includes("lapor-aman: postgres#1208")) {
      throw new Error("postgres.js is not patched: run `node scripts/patch-postgres.mjs` (npm install runs it as postinstall)");
    }
    postgres = await startPrivatePostgres();
    emulator = await startTelegramEmulator();
    hotline = await createHotlineUnderTest({ telegramApiRoot: emulator.apiRoot, databaseUrl: postgres.url });
    await hotline.start();
  });

  afterAll(async () => {
    await hotline?.stop().catch(() => hotline.kill());
    await emulator?.stop();
    await hotline?.destroy();
    await postgres?.destroy();
  });

  it("answers every message, loses no report and counts nothing twice", async () => {
    const users = Array.from({ length: USERS }, () => emulator.user({ languageCode: "id" }));
    const reports = Promise.all(users.map((user) => reportAdaptively(user, REPORT_DEADLINE_MS)));
    // Nothing may reject before the outage is over: a failure shows once everyone is done.
    reports.catch(() => {});

    await sleep(DOWN_AFTER_MS);
    await postgres.stop();
    const downAt = Date.now();
    await sleep(DOWN_FOR_MS);
    await postgres.start();
    const upAt = Date.now();

    const done: AdaptiveReport[] = await reports.catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- server stderr ---\n${hotline.stderr().slice(-4_000)}`);
    });
    const finishedAfterMs = Date.now() - upAt;
    const fallbacks = done.reduce((n, r) => n + r.fallbacks, 0);
    const messages = done.reduce((n, r) => n + r.sent.length, 0);
    console.info(
      `[postgres-restart] ${USERS} reports, ${messages} messages; down ${((upAt - downAt) / 1000).toFixed(1)} s; ` +
        `${fallbacks} fallbacks to ${done.filter((r) => r.fallbacks > 0).length} reporters; all done ${(finishedAfterMs / 1000).toFixed(1)} s after the restart`,
    );
    // The outage met the traffic: some reporters were answered with the fallback.
    expect(fallbacks).toBeGreaterThan(0);

    await hotline.withDatabase(async (database) => {
      const told: string[] = [];
      for (const [i, user] of users.entries()) {
        const report = done[i]!;
        const rows = await rowsOfChat(database, user.chatId);
        // One ticket, the one the reporter was told about.
        expect(rows.tickets.map((t) => t.code)).toEqual([report.code]);
        told.push(report.code);
        // Every message stored once (none lost, none twice), each one transcript row.
        const sentIds = report.sent.map(externalIdOf);
        expect([...rows.inbound].sort()).toEqual([...sentIds].sort());
        expect(rows.transcriptIn).toBe(sentIds.length);

        // Every message answered: its stored replies, in the order sent, are what the chat shows
        // besides the fallbacks, each exactly once.
        const stored = await database.db
          .select({ externalId: inboundMessages.externalId, response: inboundMessages.response })
          .from(inboundMessages)
          .where(and(eq(inboundMessages.channel, "telegram"), inArray(inboundMessages.externalId, sentIds)));
        const byId = new Map(stored.map((row) => [row.externalId, IntakeResponseSchema.parse(row.response)]));
        const expected = sentIds.flatMap((id) => {
          const replies = byId.get(id)?.replies ?? [];
          expect(replies.length, `replies stored for message ${sentIds.indexOf(id) + 1} of reporter ${i + 1}`).toBeGreaterThan(0);
          return replies.map((reply) => (reply.text.trim().length > 0 ? reply.text : CHOOSE_PROMPT));
        });
        const chat = user.history();
        expect(chat.filter((m) => m.text !== FALLBACK_TEXT).map((m) => m.text)).toEqual(expected);
        expectFallbacksFollowedByAnswers(chat);
      }
      // No ticket nobody was told about.
      const all = await database.db.select({ code: tickets.code }).from(tickets);
      expect(all.map((t) => t.code).sort()).toEqual(told.sort());
    });

    // Still healthy: a clean stop (no pool stuck on the old server's connections).
    await hotline.stop();
  }, 240_000);
});

/** The fallback names the emergency numbers and is never the last word: the real answer follows. */
function expectFallbacksFollowedByAnswers(chat: readonly BotMessage[]): void {
  chat.forEach((message, index) => {
    if (message.text !== FALLBACK_TEXT) return;
    expect(message.text).toMatch(/112/);
    expect(message.text).toMatch(/129/);
    expect(chat.slice(index + 1).some((later) => later.text !== FALLBACK_TEXT)).toBe(true);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
