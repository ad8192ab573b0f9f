import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { writeAtomically } from "../shared/atomic-write.ts";

/*
 * grammY's runner confirms a batch of updates to Telegram as soon as it polls for the next one,
 * while the batch's updates may still wait for their turn (sequentialize, the chat's lock) and
 * are not yet in the delivery journal (shared/delivery.ts). A process killed in that window lost
 * them for good: Telegram never sends a confirmed update again. So each batch is written here
 * before the runner may poll again, and its file removed once every update in it has been
 * handled (its message is then in the delivery journal, or answered). What a killed process left
 * is handled again at the next start; the API's idempotency keeps it from counting twice.
 *
 * Files are named by update_id only (never a chat id) and hold what reporters wrote: owner-only,
 * beside the adapter's spool and under the same channel lock.
 */

export interface FetchedJournal {
  /** Updates a previous run fetched and did not finish, oldest first; unreadable files are set aside. */
  load(): Promise<Update[]>;
  /** On disk before it resolves: the runner must not poll again before. */
  add(updates: readonly Update[]): Promise<void>;
  /** The update is handled; its batch's file goes with the batch's last update. */
  done(updateId: number): Promise<void>;
}

const PREFIX = "batch-";
const SUFFIX = ".json";

export function createFetchedJournal(dir: string): FetchedJournal {
  /** File name → update ids of the batch not yet handled. */
  const open = new Map<string, Set<number>>();
  const fileOf = new Map<number, string>();

  /** Returns the files left with nothing to wait for: an update fetched again belongs to its latest batch only. */
  function track(name: string, updates: readonly Update[]): string[] {
    open.set(name, new Set(updates.map((u) => u.update_id)));
    const emptied: string[] = [];
    for (const update of updates) {
      const earlier = fileOf.get(update.update_id);
      fileOf.set(update.update_id, name);
      if (earlier === undefined || earlier === name) continue;
      const waiting = open.get(earlier);
      waiting?.delete(update.update_id);
      if (waiting?.size === 0) {
        open.delete(earlier);
        emptied.push(earlier);
      }
    }
    return emptied;
  }

  return {
    async load() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const found: Update[] = [];
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        if (name.startsWith(".") && name.includes(".tmp-")) {
          await rm(path, { force: true });
          continue;
        }
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) continue;
        try {
          const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
          if (!Array.isArray(parsed) || !parsed.every(isUpdate)) throw new Error("not a batch of updates");
          for (const emptied of track(name, parsed)) await rm(join(dir, emptied), { force: true });
          found.push(...parsed);
        } catch {
          // Kept for a person to look at, never retried.
          await rename(path, `${path}.unreadable`).catch(() => {});
        }
      }
      // One each, in Telegram's order (a file and an older one may both hold an update fetched twice).
      const byId = new Map(found.map((update) => [update.update_id, update]));
      return [...byId.values()].sort((a, b) => a.update_id - b.update_id);
    },

    async add(updates) {
      const first = updates[0];
      if (first === undefined) return;
      // Unique: a batch may start with the same update as an earlier one (fetched again).
      const name = `${PREFIX}${first.update_id}-${randomBytes(4).toString("hex")}${SUFFIX}`;
      const emptied = track(name, updates);
      await writeAtomically(join(dir, name), JSON.stringify(updates));
      // After the new file is safe: a crash in between leaves the update in both, handled once.
      for (const file of emptied) await rm(join(dir, file), { force: true });
    },

    async done(updateId) {
      const name = fileOf.get(updateId);
      if (name === undefined) return;
      fileOf.delete(updateId);
      const pending = open.get(name);
      pending?.delete(updateId);
      if (pending && pending.size > 0) return;
      open.delete(name);
      await rm(join(dir, name), { force: true });
    },
  };
}

function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && "update_id" in value && Number.isInteger(value.update_id);
}
