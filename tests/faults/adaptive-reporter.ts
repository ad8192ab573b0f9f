import type { EmulatedUser, SentUpdate } from "../support/telegram-emulator.ts";
import { act, FALLBACK_TEXT, TICKET_CODE, type Action } from "./reporter.ts";

/*
 * A reporter who reads each question and answers it, for tests where the API is down for a while:
 * a message may get the fallback first and its real answer much later, behind other messages of
 * the chat, so a fixed script would press buttons of a question already gone. While the bot
 * answers with the fallback, the reporter writes once more ("are you there?"), as people do.
 *
 * An answer is over when a question (a message with buttons) or the confirmation (a ticket code)
 * arrives; the reporter waits for as many of those as it sent messages before deciding the next.
 */

/** Choice values this reporter picks, best first: a child reporting ongoing bullying, anonymously. */
const PREFERRED = ["kirim", "anak_diri", "tidak", "diejek", "masih_terjadi", "anonim"];
/** Buttons that close or skip a question asked in words: answer in words first. */
const DONE_OR_SKIP = ["sudah", "lewati"];
const STORY = "kakak kelas mengejek aku tiap istirahat, aku jadi takut ke sekolah";
const GRADE = "kelas 7";
const STILL_THERE = "halo? kok belum dibalas";
const MAX_ANSWERS = 40;

export interface AdaptiveReport {
  code: string;
  /** Every update the reporter sent, in order. */
  sent: SentUpdate[];
  /** How often the bot answered with the fallback. */
  fallbacks: number;
}

export async function reportAdaptively(user: EmulatedUser, timeoutMs: number): Promise<AdaptiveReport> {
  const deadline = Date.now() + timeoutMs;
  const sent: SentUpdate[] = [];
  let outstanding = 0;
  let fallbacks = 0;
  let wroteAgain = false;
  let submitted = false;
  let storyTyped = false;
  const answeredInWords = new Set<string>();

  const send = async (action: Action) => {
    sent.push(await act(user, action));
    outstanding += 1;
  };

  await send({ type: "/start" });
  for (let answers = 0; answers < MAX_ANSWERS; answers++) {
    let last: { text: string; values: string[] } | undefined;
    while (outstanding > 0) {
      const [message] = await user.nextMessages(1, Math.max(1, deadline - Date.now()));
      if (!message) throw new Error("nextMessages returned nothing");
      if (message.text === FALLBACK_TEXT) {
        fallbacks += 1;
        if (!wroteAgain && !submitted) {
          wroteAgain = true;
          await send({ type: STILL_THERE });
        }
        continue;
      }
      if (message.buttons.length > 0 || TICKET_CODE.test(message.text)) {
        outstanding -= 1;
        last = { text: message.text, values: message.buttons.flat().map((b) => b.data.slice(b.data.indexOf(":") + 1)) };
      }
    }
    if (!last) throw new Error("no answer to decide on");
    if (submitted) {
      const code = TICKET_CODE.exec(last.text)?.[0];
      if (code === undefined) throw new Error(`the last answer after "Kirim" names no ticket: ${last.text.slice(0, 80)}`);
      return { code, sent, fallbacks };
    }
    const key = last.values.join(",");
    if (last.values.length > 0 && last.values.every((v) => DONE_OR_SKIP.includes(v)) && !answeredInWords.has(key)) {
      answeredInWords.add(key);
      await send({ type: storyTyped ? GRADE : STORY });
      storyTyped = true;
      continue;
    }
    const choice = PREFERRED.find((v) => last.values.includes(v)) ?? last.values.find((v) => DONE_OR_SKIP.includes(v));
    if (choice === undefined) throw new Error(`no answer this reporter would give among ${JSON.stringify(last.values)}`);
    if (choice === "kirim") submitted = true;
    await send({ press: choice });
  }
  throw new Error(`no ticket after ${MAX_ANSWERS} answers`);
}
