import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { shifts, staff } from "../../db/schema/index.ts";
import { REPO_ROOT } from "../support/server-process.ts";
import { createStaff, type CreatedStaff } from "../support/staff.ts";
import type { BotMessage, EmulatedUser, SentUpdate } from "../support/telegram-emulator.ts";

/*
 * A reporter on Telegram as the fault tests drive one: through the emulator only (the test has no
 * view into the server process), reading the bot's buttons the way a person does. A turn is over
 * when the next question arrives (the message carrying buttons); after "Kirim", when the
 * confirmation names the ticket code.
 */

export const TICKET_CODE = /\b[A-Z]{3}-[A-Z0-9]{5}\b/;
/** The reply while the API cannot take a message, read from the locale so a new wording does not break the tests. */
export const FALLBACK_TEXT = (JSON.parse(readFileSync(`${REPO_ROOT}/locales/id/telegram.json`, "utf8")) as { fallback: string }).fallback;

const HOUR = 3_600_000;

/** What the reporter does at a turn: press the button with this choice value, or type this text. */
export type Action = { press: string } | { type: string };

/** A child reporting bullying (sedang): every answer up to the summary, whose "Kirim" the test presses itself. */
export const BULLYING_REPORT: readonly Action[] = [
  { type: "/start" },
  { press: "anak_diri" },
  { press: "tidak" },
  { press: "diejek" },
  { type: "kakak kelas mengejek aku tiap istirahat, aku takut ke sekolah" },
  { press: "sudah" },
  { type: "kelas 7" },
  { press: "masih_terjadi" },
  { press: "anonim" },
];

/** Up to the danger question: the next press decides whether the report is darurat. */
export const UP_TO_DANGER: readonly Action[] = [{ type: "/start" }, { press: "anak_diri" }];

/** After a darurat "ya": the rest of the report, up to the summary. */
export const AFTER_DANGER: readonly Action[] = [
  { press: "dipukul" },
  { type: "ayah memukul aku tadi malam, aku takut pulang" },
  { press: "sudah" },
  { type: "kelas 5" },
  { press: "masih_terjadi" },
  { press: "anonim" },
];

/** Sends the action; does not wait for the answer. */
export function act(user: EmulatedUser, action: Action): Promise<SentUpdate> {
  if ("type" in action) return user.sendText(action.type);
  const question = user
    .history()
    .reverse()
    .find((message) => message.buttons.length > 0);
  const button = question?.buttons.flat().find((b) => b.data.endsWith(`:${action.press}`));
  if (!button) throw new Error(`the current question has no button "${action.press}": ${JSON.stringify(question?.buttons)}`);
  return user.press({ data: button.data });
}

/**
 * The bot's whole answer to one update: messages up to the next question, or (`until: "code"`)
 * up to the one naming a ticket code with no buttons after it (the confirmation).
 */
export async function answer(user: EmulatedUser, until: "question" | "code" = "question", timeoutMs = 30_000): Promise<BotMessage[]> {
  const deadline = Date.now() + timeoutMs;
  const got: BotMessage[] = [];
  for (;;) {
    const [message] = await user.nextMessages(1, Math.max(1, deadline - Date.now()));
    if (!message) throw new Error("nextMessages returned nothing");
    got.push(message);
    if (message.buttons.length > 0) return got;
    if (until === "code" && TICKET_CODE.test(message.text)) return got;
  }
}

/** Each action, then its answer. */
export async function play(user: EmulatedUser, actions: readonly Action[]): Promise<SentUpdate[]> {
  const sent: SentUpdate[] = [];
  for (const action of actions) {
    sent.push(await act(user, action));
    await answer(user);
  }
  return sent;
}

export function codeIn(messages: readonly BotMessage[]): string | undefined {
  for (const message of messages) {
    const match = TICKET_CODE.exec(message.text);
    if (match) return match[0];
  }
  return undefined;
}

/** A peksos on call now (primary, for the next eight hours) whose alerts go to this Telegram chat. */
export async function peksosOnCall(database: Database, chatId: number): Promise<CreatedStaff> {
  const peksos = await createStaff(database, { role: "peksos", name: "Sari Wulandari" });
  // What /hubungkan leaves (tests/oncall/telegram-e2e.test.ts links through the bot).
  await database.db.update(staff).set({ telegramChatId: String(chatId), alertChannel: "telegram" }).where(eq(staff.id, peksos.id));
  await database.db.insert(shifts).values({
    unitId: peksos.unitId,
    staffId: peksos.id,
    tier: "primary",
    startsAt: new Date(Date.now() - HOUR),
    endsAt: new Date(Date.now() + 8 * HOUR),
  });
  return peksos;
}
