import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { InboundMessageSchema, type InboundMessage } from "../../../api/intake/schemas.ts";
import { writeAtomically } from "./atomic-write.ts";

/*
 * Inbound messages the API could not take, kept on disk until it can: "retried, not dropped"
 * (DESIGN.md) must hold across a restart too. One JSON file per message, named by its
 * idempotency key, so a redelivered update overwrites its own file instead of queueing twice.
 * The files hold what a reporter wrote: they live in DATA_DIR beside the database, owner-only.
 * Their names hold the chat id (`m_<chat id>_<message id>.json` on Telegram): nothing here logs, and the
 * logger (api/logging.ts) keeps an error's type and code, never the message that would quote the path.
 */

const SpoolFileSchema = z.object({
  version: z.literal(1),
  /** Arrival order; replaying a chat's messages in this order keeps the conversation's order. */
  seq: z.number().int(),
  /** What logs name the message by (Telegram update_id, WhatsApp message id); optional so that a file without it is still delivered. */
  updateId: z.union([z.number().int(), z.string().max(200)]).optional(),
  message: InboundMessageSchema,
});

/**
 * What logs name an inbound message by: the Telegram update_id, or a WhatsApp message's own id
 * (never its serialized id, which holds the sender's number).
 */
export type UpdateRef = number | string;

export interface SpooledMessage {
  seq: number;
  /** What logs name the message by: its externalId holds the chat id. */
  updateId: UpdateRef | undefined;
  message: InboundMessage;
}

export interface Spool {
  /** Reads what a previous run left; returns how many files were unreadable and set aside. */
  load(): Promise<{ loaded: number; setAside: number }>;
  /** Kept in memory at once, on disk before it resolves; throws if the disk write fails. */
  add(message: InboundMessage, updateId: UpdateRef | undefined): Promise<void>;
  remove(externalId: string): Promise<void>;
  hasPending(address: string): boolean;
  /** This chat's waiting messages, oldest first. */
  pendingFor(address: string): SpooledMessage[];
  /** Chats with waiting messages, the one waiting longest first. */
  addresses(): string[];
  size(): number;
}

const SUFFIX = ".json";

export function createSpool(dir: string): Spool {
  const entries = new Map<string, SpooledMessage>();
  let lastSeq = 0;

  const fileOf = (externalId: string) => join(dir, `${safeName(externalId)}${SUFFIX}`);
  const nextSeq = () => {
    lastSeq = Math.max(Date.now(), lastSeq + 1);
    return lastSeq;
  };

  return {
    async load() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      let setAside = 0;
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        // Left by a write cut short by a crash: incomplete, and no other file refers to it.
        if (name.startsWith(".") && name.includes(".tmp-")) {
          await rm(path, { force: true });
          continue;
        }
        if (!name.endsWith(SUFFIX)) continue;
        try {
          const parsed = SpoolFileSchema.parse(JSON.parse(await readFile(path, "utf8")));
          entries.set(parsed.message.externalId, { seq: parsed.seq, updateId: parsed.updateId, message: parsed.message });
          lastSeq = Math.max(lastSeq, parsed.seq);
        } catch {
          // Unreadable: keep it for a person to look at, but stop retrying it.
          await rename(path, `${path}.unreadable`).catch(() => {});
          setAside += 1;
        }
      }
      return { loaded: entries.size, setAside };
    },

    async add(message, updateId) {
      const existing = entries.get(message.externalId);
      const entry: SpooledMessage = { seq: existing?.seq ?? nextSeq(), updateId, message };
      entries.set(message.externalId, entry);
      await writeAtomically(fileOf(message.externalId), JSON.stringify({ version: 1, ...entry }));
    },

    async remove(externalId) {
      entries.delete(externalId);
      await rm(fileOf(externalId), { force: true });
    },

    hasPending(address) {
      for (const entry of entries.values()) if (entry.message.address === address) return true;
      return false;
    },

    pendingFor(address) {
      return [...entries.values()].filter((e) => e.message.address === address).sort(bySeq);
    },

    addresses() {
      const oldest = new Map<string, number>();
      for (const { seq, message } of entries.values()) {
        const current = oldest.get(message.address);
        if (current === undefined || seq < current) oldest.set(message.address, seq);
      }
      return [...oldest.entries()].sort((a, b) => a[1] - b[1]).map(([address]) => address);
    },

    size() {
      return entries.size;
    },
  };
}

function bySeq(a: SpooledMessage, b: SpooledMessage): number {
  return a.seq - b.seq || a.message.externalId.localeCompare(b.message.externalId, "en", { numeric: true });
}

/** `m:<chat id>:<message id>` becomes `m_<chat id>_<message id>`; nothing is trusted as a path. */
function safeName(externalId: string): string {
  return externalId.replace(/[^A-Za-z0-9_-]/g, "_");
}
