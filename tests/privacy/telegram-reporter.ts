import type { BotMessage, EmulatedUser, SentUpdate, TelegramEmulator } from "../support/telegram-emulator.ts";
import type { Reporter } from "./people.ts";

/*
 * A parent's whole report on Telegram, through the real bot: every question answered, a photo
 * with a caption, their Telegram contact shared and then a name and number typed at the contact
 * step, the summary confirmed and /status checked with the code and PIN. Each step waits for the
 * bot's next question, so nothing depends on timing.
 */

const STEP_TIMEOUT_MS = 30_000;

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const hasButton = (value: string) => (message: BotMessage) => message.buttons.flat().some((b) => b.data.endsWith(`:${value}`));

/** Does `act`, then waits for a bot message after it that `until` accepts; returns the update and the messages since. */
async function turn(
  user: EmulatedUser,
  act: () => Promise<SentUpdate>,
  until: (message: BotMessage) => boolean,
  what: string,
): Promise<{ sent: SentUpdate; replies: BotMessage[] }> {
  const before = user.history().length;
  const sent = await act();
  const replies = await waitFor(() => {
    const since = user.history().slice(before);
    return since.some(until) ? since : undefined;
  }, what);
  return { sent, replies };
}

/** Presses the button whose choice value is `value` (choice ids are `<menu>:<value>`) on the latest message that has one. */
function pressValue(user: EmulatedUser, value: string): Promise<SentUpdate> {
  const button = [...user.history()].reverse().flatMap((m) => m.buttons.flat()).find((b) => b.data.endsWith(`:${value}`));
  if (!button) throw new Error(`no button for ${value} in the chat`);
  return user.press({ data: button.data });
}

export interface TelegramReport {
  code: string;
  pin: string;
  /** Every update the reporter sent, in order: their ids are what logs may name. */
  updates: SentUpdate[];
}

export function reporterOnTelegram(emulator: TelegramEmulator, reporter: Reporter): EmulatedUser {
  const { firstName, lastName, username } = reporter.profile;
  return emulator.user({ chatId: reporter.chatId, userId: reporter.chatId, languageCode: "id", firstName, lastName, username });
}

/** The parent's report, danger "ya" (so the on-call peksos is alerted at once), through to the PIN. */
export async function reportOnTelegram(user: EmulatedUser, reporter: Reporter): Promise<TelegramReport> {
  const updates: SentUpdate[] = [];
  const step = async (act: () => Promise<SentUpdate>, until: (message: BotMessage) => boolean, what: string) => {
    const { sent, replies } = await turn(user, act, until, what);
    updates.push(sent);
    return replies;
  };

  await step(() => user.sendText("/start"), hasButton("orang_tua"), "the role question");
  await step(() => pressValue(user, "orang_tua"), hasButton("ya"), "the danger question");
  await step(() => pressValue(user, "ya"), hasButton("dipukul"), "the what-happened question");
  await step(() => pressValue(user, "dipukul"), hasButton("sudah"), "the story question");
  await step(() => user.sendText(reporter.story), hasButton("sudah"), "the story question again");
  await step(() => user.sendPhoto({ caption: reporter.caption }), hasButton("sudah"), "the photo kept");
  await step(() => pressValue(user, "sudah"), hasButton("lewati"), "the child question");
  await step(() => user.sendText(reporter.child), hasButton("masih_terjadi"), "the when question");
  await step(() => pressValue(user, "masih_terjadi"), hasButton("nama"), "the contact question");
  await step(() => pressValue(user, "nama"), hasButton("lewati"), "the name question");
  const [firstName, ...rest] = reporter.contactName.split(" ");
  // Telegram's "share my contact": kept as evidence of the contact step, its number never read.
  await step(
    () =>
      user.sendMessage({
        contact: { phone_number: `+62${reporter.phoneStored.slice(1)}`, first_name: firstName, last_name: rest.join(" "), user_id: reporter.chatId },
      }),
    hasButton("lewati"),
    "the shared contact kept",
  );
  await step(() => user.sendText(`${reporter.contactName} ${reporter.phoneTyped}`), hasButton("kirim"), "the summary");
  const confirmation = await step(() => pressValue(user, "kirim"), (m) => /PIN: \d{4}/.test(m.text), "the code and PIN");
  const text = confirmation.map((m) => m.text).join("\n");
  const code = /([A-Z]{3}-[A-Z0-9]{5})/.exec(text)?.[1];
  const pin = /PIN: (\d{4})/.exec(text)?.[1];
  if (code === undefined || pin === undefined) throw new Error("no code and PIN in the confirmation");

  await step(() => user.sendText(`/status ${code} ${pin}`), (m) => m.text.startsWith(`Laporan ${code}`), "the status answer");
  return { code, pin, updates };
}
