import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../bot/client.ts";
import { outboundMessages, staff } from "../../db/schema/index.ts";
import { startFaultProxy, type FaultProxy } from "../oncall/fault-proxy.ts";
import type { CreatedStaff } from "../support/staff.ts";
import { startTelegramEmulator, type BotMessage, type EmulatedUser, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { testDbKind } from "../support/test-db.ts";
import { CHANNEL_TOKEN, createHotlineUnderTest, type HotlineUnderTest } from "./hotline-process.ts";
import { act, answer, BULLYING_REPORT, codeIn, peksosOnCall, play } from "./reporter.ts";

/*
 * The Bot API unreachable for a minute, every method (getUpdates included), between `npm start`
 * and the Telegram emulator, while staff keep working: two replies to reporters, a referral that
 * tells its reporter, and a darurat report arriving through the intake route whose alert must go
 * to the on-call peksos on Telegram. Once it is back, each message arrives once, every outbox row
 * is `sent`, and the bot hears reporters again.
 *
 * The outbox's retries are pg-boss's (api/jobs/jobs.ts, DEFAULT_DELIVERY_POLICY): a failed
 * delivery is tried again after 5-10 s, then 10-20, 20-40, 40-80 s (doubling, up to 100 %
 * jitter), eleven attempts over about two hours. The staff's actions here come 45 s into the
 * outage, so their second attempt fails at 50-55 s and the third comes 60-75 s in, after the
 * return, whatever the jitter: 0-15 s of waiting. Made at the very start of the outage, a message
 * would have its fifth attempt only 75-150 s in: the same mechanism, a test a minute longer.
 */

const OUTAGE_MS = 60_000;
const ACTIONS_INTO_OUTAGE_MS = 45_000;
/** After the return: the retry ladder above (≤ 15 s), a claim's poll (≤ 3 s on PGlite), and a loaded machine. */
const DELIVERY_DEADLINE_MS = 60_000;

describe(`the Bot API down for a minute: replies and alerts delivered after it returns, none twice (${testDbKind})`, () => {
  let emulator: TelegramEmulator;
  let proxy: FaultProxy;
  let hotline: HotlineUnderTest;
  let peksos: CreatedStaff;
  let peksosChat: EmulatedUser;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    proxy = await startFaultProxy(emulator.apiRoot);
    hotline = await createHotlineUnderTest({ telegramApiRoot: proxy.apiRoot });
    peksosChat = emulator.user({ firstName: "Sari" });
    peksos = await hotline.withDatabase((database) => peksosOnCall(database, peksosChat.chatId));
    await hotline.start();
  });

  afterAll(async () => {
    await hotline?.stop().catch(() => hotline.kill());
    await proxy?.stop();
    await emulator?.stop();
    await hotline?.destroy();
  });

  it("delivers each message once after the return, every outbox row sent, and polling resumes", async () => {
    // Two children's reports, made before the outage.
    const reporters: { chat: EmulatedUser; code: string; id: string }[] = [];
    const token = await hotline.login(peksos.email, peksos.password);
    for (let i = 0; i < 2; i++) {
      const chat = emulator.user({ languageCode: "id" });
      await play(chat, BULLYING_REPORT);
      await act(chat, { press: "kirim" });
      const code = codeIn(await answer(chat, "code"));
      const list = await hotline.api<{ items: { id: string; code: string }[] }>("GET", `/v1/tickets?code=${code}`, { token });
      reporters.push({ chat, code: code!, id: list.body.items[0]!.id });
    }
    const [a, b] = reporters as [(typeof reporters)[0], (typeof reporters)[0]];
    // A referral needs a case someone took.
    expect((await hotline.api("POST", `/v1/tickets/${b.id}/acknowledge`, { token })).status).toBe(200);
    const agencies = await hotline.api<{ agencies: { id: string; active: boolean }[] }>("GET", "/v1/agencies", { token });
    const agencyId = agencies.body.agencies.find((agency) => agency.active)!.id;
    // The confirmation names the code too, with the PIN; the referral notice names it without.
    const isReferralNotice = (m: BotMessage) => m.text.includes(b.code) && !m.text.includes("PIN");

    proxy.allDown = true;
    const downAt = Date.now();
    await sleep(ACTIONS_INTO_OUTAGE_MS);

    const replyToA = "Halo, aku Bu Sari dari Dinas Sosial. Terima kasih sudah cerita. Besok aku ke sekolahmu, ya.";
    const replyToB = "Halo, ini Bu Sari. Kamu aman sekarang? Kalau takut, balas pesan ini kapan saja.";
    const queued: string[] = [];
    for (const [ticket, text] of [
      [a, replyToA],
      [b, replyToB],
    ] as const) {
      const sent = await hotline.api<{ outboundId: string }>("POST", `/v1/tickets/${ticket.id}/messages`, { token, body: { text } });
      expect(sent.status).toBe(202);
      queued.push(sent.body.outboundId);
    }
    const referral = await hotline.api<{ reporterNotified: boolean }>("POST", `/v1/tickets/${b.id}/referrals`, {
      token,
      body: { agencyId, note: "Mohon pendampingan psikologis.", dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    });
    expect(referral.status).toBe(201);
    expect(referral.body.reporterNotified).toBe(true);
    const darurat = await daruratThroughIntake();
    expect(Date.now() - downAt).toBeLessThan(OUTAGE_MS);

    // A reporter writes as the outage ends: heard once the bot polls again.
    let firstPollAt: number | undefined;
    const unhook = emulator.hook({
      beforeCall(call) {
        if (call.method === "getUpdates") firstPollAt ??= Date.now();
        return "pass";
      },
    });
    await sleep(OUTAGE_MS - (Date.now() - downAt));
    const seenBefore = a.chat.history().at(-1)?.messageId ?? 0;
    await a.chat.sendText("iya bu, terima kasih");
    proxy.allDown = false;
    const upAt = Date.now();
    // The outage was real: sends and polls alike were cut.
    expect(proxy.dropped.get("sendMessage")).toBeGreaterThanOrEqual(4);
    expect(proxy.dropped.get("getUpdates")).toBeGreaterThanOrEqual(1);
    expect(peksosChat.history().filter((m) => m.text.includes(darurat))).toEqual([]);

    const [replyA, replyB, notice, alert, answered] = await Promise.all([
      arrival(a.chat, (m) => m.text === replyToA),
      arrival(b.chat, (m) => m.text === replyToB),
      arrival(b.chat, isReferralNotice),
      arrival(peksosChat, (m) => m.text.includes(darurat)),
      // Polling resumed: the reporter's new message is heard and answered.
      arrival(a.chat, (m) => m.messageId > seenBefore && m.text !== replyToA),
    ]);
    unhook();
    const after = (at: number | undefined) => (at === undefined ? "never" : `${((at - upAt) / 1000).toFixed(1)} s`);
    console.info(
      `[bot-api-outage ${testDbKind}] after the return: reply A ${after(replyA)}, reply B ${after(replyB)}, referral notice ` +
        `${after(notice)}, darurat alert ${after(alert)}; first poll ${after(firstPollAt)}, new message answered ${after(answered)}`,
    );

    // None twice: a few seconds more, then count.
    await sleep(3_000);
    expect(a.chat.history().filter((m) => m.text === replyToA)).toHaveLength(1);
    expect(b.chat.history().filter((m) => m.text === replyToB)).toHaveLength(1);
    expect(b.chat.history().filter(isReferralNotice)).toHaveLength(1);
    expect(peksosChat.history().filter((m) => m.text.includes(darurat))).toHaveLength(1);

    await hotline.stop();
    await hotline.withDatabase(async (database) => {
      // Not the hourly digest, which a run across the full hour may add.
      const rows = await database.db
        .select({ id: outboundMessages.id, status: outboundMessages.status, attempts: outboundMessages.attempts, purpose: outboundMessages.purpose })
        .from(outboundMessages)
        .where(inArray(outboundMessages.purpose, ["alert", "referral", "staff_reply"]));
      const toStaff = await database.db
        .select({ id: outboundMessages.id })
        .from(outboundMessages)
        .innerJoin(staff, eq(staff.id, outboundMessages.staffId))
        .where(and(eq(staff.id, peksos.id), eq(outboundMessages.purpose, "alert")));
      // The two replies, the referral notice and the alert: every one sent, after failed attempts.
      expect(rows.map((r) => r.purpose).sort()).toEqual(["alert", "referral", "staff_reply", "staff_reply"]);
      for (const row of rows) {
        expect(row.status).toBe("sent");
        expect(row.attempts).toBeGreaterThanOrEqual(2);
      }
      expect(toStaff).toHaveLength(1);
      const replies = await database.db.select({ status: outboundMessages.status }).from(outboundMessages).where(inArray(outboundMessages.id, queued));
      expect(replies).toEqual([{ status: "sent" }, { status: "sent" }]);
    });
  }, 240_000);

  /** A child in danger, through the intake route as a WhatsApp process sends it; returns the ticket code. */
  async function daruratThroughIntake(): Promise<string> {
    const client = createHttpClient(hotline.url(), CHANNEL_TOKEN);
    let n = 0;
    const send = (content: { type: "text"; text: string } | { type: "choice"; choiceId: string }) =>
      client.sendInbound({ channel: "whatsapp", externalId: `outage-${++n}`, address: "6281200000001@c.us", sentAt: new Date().toISOString(), content });
    const press = async (last: Awaited<ReturnType<typeof send>>, value: string) => {
      const choice = last.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
      if (!choice) throw new Error(`no button ${value}`);
      return send({ type: "choice", choiceId: choice.id });
    };
    const opened = await press(await press(await send({ type: "text", text: "tolong" }), "anak_diri"), "ya");
    if (opened.ticketCode === null) throw new Error("the darurat answer opened no ticket");
    return opened.ticketCode;
  }
});

/** When the first message matching `match` arrived in the chat (polled; the emulator keeps no times). */
async function arrival(chat: EmulatedUser, match: (message: BotMessage) => boolean): Promise<number> {
  await waitFor(() => chat.history().some(match), "a message after the return", DELIVERY_DEADLINE_MS);
  return Date.now();
}

async function waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
