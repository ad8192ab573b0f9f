import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedStaff } from "../support/staff.ts";
import { startTelegramEmulator, type EmulatedUser, type TelegramEmulator } from "../support/telegram-emulator.ts";
import { testDbKind } from "../support/test-db.ts";
import { ADMIN_EMAIL, ADMIN_PASSWORD, createHotlineUnderTest, type HotlineUnderTest } from "./hotline-process.ts";
import { act, AFTER_DANGER, answer, BULLYING_REPORT, codeIn, peksosOnCall, play, UP_TO_DANGER } from "./reporter.ts";
import { alertsOf, rowsOfChat } from "./rows.ts";
import { externalIdOf } from "../channels/telegram/adapter-harness.ts";

/*
 * `npm start` killed with SIGKILL at the worst moment of a report, and started again on the same
 * data: the reporter's answer has reached the bot, and the bot's reply has not reached the
 * reporter. The moment is exact: the emulator's proxy holds the bot's first call to that chat
 * and kills the process while it is open (the call is never answered, the message never
 * shown). Nothing redelivers the update afterwards (grammY's runner confirmed it to Telegram when
 * it polled for the next batch): only the adapter's journals can bring it back (the batch as
 * fetched, bot/channels/telegram/fetched-journal.ts; the message on its way to the API,
 * bot/channels/shared/delivery.ts), and the API's idempotency must keep it from counting twice.
 */

/** A restart on a loaded CI machine takes 10-30 s; the journal's replay follows at once. */
const AFTER_RESTART_MS = 90_000;
const TEST_TIMEOUT_MS = 150_000;

describe(`a report survives SIGKILL between the reporter's answer and the bot's reply (${testDbKind})`, () => {
  let emulator: TelegramEmulator;
  let hotline: HotlineUnderTest;
  let peksos: CreatedStaff;
  let peksosChat: EmulatedUser;
  /** Each reporter's chat and the ticket code the bot told them. */
  const told = new Map<EmulatedUser, string>();

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    hotline = await createHotlineUnderTest({ telegramApiRoot: emulator.apiRoot });
    peksosChat = emulator.user({ firstName: "Sari" });
    peksos = await hotline.withDatabase((database) => peksosOnCall(database, peksosChat.chatId));
    await hotline.start();
  });

  afterAll(async () => {
    hotline?.kill();
    await hotline?.exited();
    await emulator?.stop();
    await hotline?.destroy();
  });

  /**
   * Arms the kill: the bot's next call to this chat is held, `beforeKill` runs, then the process
   * gets SIGKILL and the call's connection is dropped. Resolves once the process is gone.
   */
  function killAtReplyTo(chat: EmulatedUser, beforeKill?: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      const unhook = emulator.hook({
        async beforeCall(call) {
          if (String(call.payload.chat_id) !== String(chat.chatId)) return "pass";
          unhook();
          try {
            await beforeKill?.();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
          hotline.kill();
          void hotline.exited().then(resolve);
          return "drop";
        },
      });
    });
  }

  async function restart() {
    await hotline.exited();
    await hotline.start();
  }

  it("killed after 'Kirim': after the restart the reporter gets the confirmation with the code, once", async () => {
    const reporter = emulator.user({ languageCode: "id" });
    await play(reporter, BULLYING_REPORT);

    const killed = killAtReplyTo(reporter);
    await act(reporter, { press: "kirim" });
    await killed;
    expect(reporter.history().filter((m) => codeIn([m]))).toEqual([]);
    // The API had stored the report: the process died between that and the reply.
    expect((await hotline.withDatabase((database) => rowsOfChat(database, reporter.chatId))).tickets).toHaveLength(1);

    await restart();
    const confirmation = await answer(reporter, "code", AFTER_RESTART_MS);
    const code = codeIn(confirmation);
    expect(code).toBeDefined();
    told.set(reporter, code!);
    expect(await reporter.quietFor(1_500)).toEqual([]);
    expect(reporter.history().filter((m) => m.text.includes(code!))).toHaveLength(1);
  }, TEST_TIMEOUT_MS);

  it("darurat, killed at the 'ya' that opens the ticket: the reply arrives after the restart, the peksos is alerted once", async () => {
    const admin = await hotline.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const reporter = emulator.user({ languageCode: "id" });
    await play(reporter, UP_TO_DANGER);

    // The alert is decided in the same turn: held until it is in the peksos's chat and the
    // adapter has reported it sent, so the kill tests the reporter's reply, not an alert in flight
    // (an alert claimed and not reported when the process dies waits for its claim to expire).
    let alertedCode: string | undefined;
    const killed = killAtReplyTo(reporter, async () => {
      const [alert] = await peksosChat.nextMessages(1, 30_000);
      alertedCode = codeIn(alert ? [alert] : []);
      await waitForSentAlert(admin, alertedCode);
    });
    await act(reporter, { press: "ya" });
    await killed;
    expect(alertedCode).toBeDefined();

    await restart();
    const turn = await answer(reporter, "question", AFTER_RESTART_MS);
    expect(codeIn(turn)).toBe(alertedCode);
    expect(turn.map((m) => m.text).join("\n")).toMatch(/112/);

    await play(reporter, AFTER_DANGER);
    await act(reporter, { press: "kirim" });
    expect(codeIn(await answer(reporter, "code"))).toBe(alertedCode);
    told.set(reporter, alertedCode!);

    // Long enough for the restarted adapter's outbox loop to have offered anything still pending.
    expect(await peksosChat.quietFor(5_000)).toEqual([]);
    expect(peksosChat.history().filter((m) => m.text.includes(alertedCode!))).toHaveLength(1);
  }, TEST_TIMEOUT_MS);

  it("killed once Telegram counts the final update delivered (the runner's next poll), before the API stored it", async () => {
    const reporter = emulator.user({ languageCode: "id" });
    await play(reporter, BULLYING_REPORT);

    const killed = new Promise<void>((resolve) => {
      let handed: number | undefined;
      const unhook = emulator.hook({
        beforeUpdatesHanded(updates) {
          const press = updates.find((u) => isPressIn(u, reporter.chatId, ":kirim"));
          if (press) handed = Number(press.update_id);
          return "pass";
        },
        beforeCall(call) {
          // The poll after the batch with the press carries offset > its update_id: Telegram forgets
          // the update. (Killed as getUpdates hands the batch over, before that poll, the update
          // would come again from Telegram, which this emulator, ignoring offsets, does not do.)
          if (call.method !== "getUpdates" || handed === undefined || Number(call.payload.offset) <= handed) return "pass";
          unhook();
          hotline.kill();
          void hotline.exited().then(resolve);
          return "drop";
        },
      });
    });
    const press = await act(reporter, { press: "kirim" });
    await killed;
    // The moment was the one meant: the API had not stored the press, so only a journal can bring it back.
    const before = await hotline.withDatabase((database) => rowsOfChat(database, reporter.chatId));
    expect(before.tickets).toEqual([]);
    expect(before.inbound).not.toContain(externalIdOf(press));

    await restart();
    const confirmation = await answer(reporter, "code", AFTER_RESTART_MS);
    const code = codeIn(confirmation);
    expect(code).toBeDefined();
    told.set(reporter, code!);
    expect(await reporter.quietFor(1_500)).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it("holds exactly one ticket per report, each with the code its reporter was told, and one alert", async () => {
    await hotline.stop();
    await hotline.withDatabase(async (database) => {
      const all: string[] = [];
      for (const [reporter, code] of told) {
        const rows = await rowsOfChat(database, reporter.chatId);
        expect(rows.tickets.map((t) => t.code)).toEqual([code]);
        // One transcript row per message the reporter sent, the replayed one included.
        expect(rows.transcriptIn).toBe(rows.inbound.length);
        all.push(...rows.tickets.map((t) => t.code));
      }
      expect(all).toHaveLength(3);

      const darurat = [...told.values()][1]!;
      const [ticket] = (await rowsOfChat(database, [...told.keys()][1]!.chatId)).tickets;
      expect(ticket).toMatchObject({ code: darurat, priority: "darurat" });
      const { outbound, alerted } = await alertsOf(database, peksos.id, ticket!.id);
      expect(outbound).toEqual([{ status: "sent", attempts: 1, ticketId: ticket!.id }]);
      expect(alerted).toHaveLength(1);
    });
  });

  async function waitForSentAlert(token: string, code: string | undefined): Promise<void> {
    if (code === undefined) throw new Error("the alert names no ticket code");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = await hotline.api<{ items: { id: string }[] }>("GET", `/v1/tickets?code=${code}`, { token });
      const id = list.body.items[0]?.id;
      if (id !== undefined) {
        const detail = await hotline.api<{ timeline: { type: string; data: { status?: string } }[] }>("GET", `/v1/tickets/${id}`, { token });
        if (detail.body.timeline.some((event) => event.type === "delivery" && event.data.status === "sent")) return;
      }
      if (Date.now() > deadline) throw new Error("the alert was not reported sent within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

function isPressIn(update: Record<string, unknown>, chatId: number, dataSuffix: string): boolean {
  const query = update.callback_query as { data?: string; message?: { chat?: { id?: number } } } | undefined;
  return query?.message?.chat?.id === chatId && (query.data?.endsWith(dataSuffix) ?? false);
}
