import { readFile } from "node:fs/promises";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { Choice } from "../../../api/intake/schemas.ts";
import { writeAtomically } from "../shared/atomic-write.ts";

/*
 * What a typed "2" means in each chat: the numbered choices last sent there. Kept in memory and
 * in DATA_DIR/whatsapp/menus.json, so that a restart between a question and its answer still
 * maps the number. The file holds the chats' addresses (phone numbers): owner-only, like the spool.
 */

export interface MenuChoice {
  /** The choice id the API sent, e.g. "3:orang_tua" or "ack:<ticket id>". */
  id: string;
  /** Its label as normaliseLabel() leaves it, to match an answer typed in words. */
  label: string;
}

/** A chat's numbered choices: number n is choices[n - 1]. */
export interface Menu {
  choices: MenuChoice[];
}

/** Nobody types back a label longer than this; the file stays small. */
const MAX_LABEL = 200;

export function menuOf(choices: Choice[]): Menu {
  return { choices: choices.map((choice) => ({ id: choice.id, label: normaliseLabel(choice.label).slice(0, MAX_LABEL) })) };
}

/** Emoji, their joiners and variation selectors, and keycap marks: none of them is typed back. */
const DECORATION = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u200D\uFE0E\uFE0F\u20E3]/gu;

/**
 * "✅ Terima" → "terima", "Dipukul / disakiti" → "dipukul disakiti": case, emoji, punctuation
 * and spacing do not count, so an answer typed from the list matches however it was typed.
 */
export function normaliseLabel(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(DECORATION, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** "2", " 2.", "2)", "2️⃣" → 2; anything else → undefined. */
export function typedNumber(text: string): number | undefined {
  const match = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text.normalize("NFKC").replace(/\uFE0F?\u20E3/g, ""));
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/**
 * The choice a typed text picks from the chat's menu: its number, or its label in other case or
 * without the emoji. undefined: the text stays text (the API knows the usual words, like "iya"
 * or "gak", and a number the menu does not have is the API's to answer).
 */
export function choiceForText(menu: Menu | undefined, text: string): string | undefined {
  if (menu === undefined) return undefined;
  const number = typedNumber(text);
  if (number !== undefined) return menu.choices[number - 1]?.id;
  const typed = normaliseLabel(text);
  if (typed.length === 0) return undefined;
  return menu.choices.find((choice) => choice.label === typed)?.id;
}

export interface MenuMemory {
  /** Reads the file a previous run wrote; an unreadable file is logged and replaced. */
  load(): Promise<void>;
  get(address: string): Menu | undefined;
  remember(address: string, menu: Menu): void;
  forget(address: string): void;
  /** Writes pending changes now (at stop). */
  flush(): Promise<void>;
  size(): number;
}

export interface MenuMemoryOptions {
  file: string;
  logger: FastifyBaseLogger;
  /** The ceiling: the chats not written to for longest are forgotten first. */
  maxEntries: number;
  /** An answer days later is to a question long gone: the API asks again. */
  ttlMs: number;
  /** Changes are written together, at most this often. */
  writeDelayMs: number;
  now?: () => number;
}

const MenuFileSchema = z.object({
  version: z.literal(1),
  /** Oldest first: [address, menu, expires at (epoch ms)]. */
  menus: z.array(
    z.tuple([
      z.string().min(1).max(100),
      z.object({ choices: z.array(z.object({ id: z.string().min(1).max(64), label: z.string().max(MAX_LABEL) })) }),
      z.number().int(),
    ]),
  ),
});

interface Entry {
  menu: Menu;
  expiresAt: number;
}

export function createMenuMemory(options: MenuMemoryOptions): MenuMemory {
  const { file, logger, maxEntries, ttlMs, writeDelayMs } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  function trim(): void {
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  async function write(): Promise<void> {
    dirty = false;
    const at = now();
    const menus: [string, Menu, number][] = [];
    for (const [address, entry] of entries) if (entry.expiresAt > at) menus.push([address, entry.menu, entry.expiresAt]);
    try {
      await writeAtomically(file, JSON.stringify({ version: 1, menus }));
    } catch (error) {
      // The menus still work from memory; only a restart would forget them. Tried again at the next change.
      dirty = true;
      logger.error({ err: error }, "could not write the WhatsApp menus file");
    }
  }

  /** One write at a time; changes made during a write are written after it. */
  async function writeNow(): Promise<void> {
    while (writing !== undefined) await writing;
    if (!dirty) return;
    writing = write().finally(() => {
      writing = undefined;
    });
    await writing;
  }

  function schedule(): void {
    dirty = true;
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void writeNow();
    }, writeDelayMs);
    // A pending write alone must not keep a stopping process alive; stop() flushes.
    timer.unref();
  }

  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") logger.error({ err: error }, "could not read the WhatsApp menus file");
        return;
      }
      const parsed = MenuFileSchema.safeParse(safeJson(text));
      if (!parsed.success) {
        logger.error("the WhatsApp menus file is unreadable; numbers typed before the restart are sent as text");
        return;
      }
      const at = now();
      for (const [address, menu, expiresAt] of parsed.data.menus) {
        if (expiresAt > at) entries.set(address, { menu, expiresAt });
      }
      trim();
    },

    get(address) {
      const entry = entries.get(address);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(address);
        return undefined;
      }
      return entry.menu;
    },

    remember(address, menu) {
      entries.delete(address);
      entries.set(address, { menu, expiresAt: now() + ttlMs });
      trim();
      schedule();
    },

    forget(address) {
      if (entries.delete(address)) schedule();
    },

    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await writeNow();
    },

    size: () => entries.size,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
