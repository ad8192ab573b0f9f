import type { BotMessage, EmulatedUser, TelegramEmulator } from "../tests/support/telegram-emulator.ts";

/*
 * The bench's side of the Bot API emulator for hundreds of chats at once. Each message the bot
 * sends is handed to its chat as the emulator stores it (TelegramEmulator.onBotMessage), in
 * constant time. The harness's own EmulatedUser.nextMessages() looks every 10 ms through every
 * message of every chat: with 200 people waiting and tens of thousands of messages stored, the
 * bench would measure that scan instead of the hotline.
 */

/** What a person waits for before acting again: the next question (it always has buttons), or any one message. */
export type Until = "question" | "message";

export interface Exchange {
  /** When the person's update was added to the emulator (performance.now()). */
  sentAt: number;
  /** ms from the update being added to the emulator to the bot's first message in the chat; undefined when none came. */
  firstMs: number | undefined;
  /** When that first message arrived (performance.now()). */
  firstAt: number | undefined;
  messages: BotMessage[];
  /** Whether what the person waited for came before the timeout. */
  complete: boolean;
}

interface Arrival {
  at: number;
  message: BotMessage;
}

const hasButtons = (message: BotMessage) => message.buttons.some((row) => row.some((button) => button.data !== ""));

/** One person's chat: what the bot sent since their last action, and a way to wait for more. */
export class Chat {
  private inbox: Arrival[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly user: EmulatedUser) {}

  /** Called by Chats for each bot message in this chat. */
  arrive(message: BotMessage, at: number): void {
    this.inbox.push({ at, message });
    this.wake?.();
  }

  text(text: string, until: Until, timeoutMs: number): Promise<Exchange> {
    return this.exchange(() => this.user.sendText(text), until, timeoutMs);
  }

  /** Presses a button of a message the bot sent (its callback data), as a person's thumb does. */
  press(message: BotMessage, data: string, until: Until, timeoutMs: number): Promise<Exchange> {
    return this.exchange(() => this.user.pressOn(message, data), until, timeoutMs);
  }

  private async exchange(act: () => Promise<unknown>, until: Until, timeoutMs: number): Promise<Exchange> {
    // Whatever came before this action is not its answer.
    this.inbox = [];
    const sentAt = performance.now();
    await act();
    const done = () => (until === "message" ? this.inbox.length > 0 : this.inbox.some((a) => hasButtons(a.message)));
    const deadline = sentAt + timeoutMs;
    while (!done()) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    const first = this.inbox[0];
    return {
      sentAt,
      firstMs: first ? first.at - sentAt : undefined,
      firstAt: first?.at,
      messages: this.inbox.map((a) => a.message),
      complete: done(),
    };
  }
}

/** Routes the bot's messages to the chats the bench has open; messages to other chats are dropped. */
export class Chats {
  private readonly open = new Map<string, Chat>();
  private readonly removeListener: () => void;

  constructor(private readonly emulator: TelegramEmulator) {
    this.removeListener = emulator.onBotMessage((chatId, message) => this.open.get(chatId)?.arrive(message, performance.now()));
  }

  /** A new person with their own private chat. */
  start(chatId: number): Chat {
    const chat = new Chat(this.emulator.user({ chatId, firstName: "Pelapor", languageCode: "id" }));
    this.open.set(String(chatId), chat);
    return chat;
  }

  end(chat: Chat): void {
    this.open.delete(String(chat.user.chatId));
  }

  stop(): void {
    this.removeListener();
    this.open.clear();
  }
}
