/**
 * A small per-chat memory with a ceiling, so a busy bot's process does not grow with every chat
 * it has ever seen. The oldest entry goes first when full; entries also expire.
 */
export interface ChatMemory<V> {
  get(chatId: string): V | undefined;
  set(chatId: string, value: V): void;
}

export function createChatMemory<V>(options: { maxEntries: number; ttlMs: number }): ChatMemory<V> {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const get = (chatId: string) => {
    const entry = entries.get(chatId);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(chatId);
      return undefined;
    }
    return entry.value;
  };
  const set = (chatId: string, value: V) => {
    entries.delete(chatId);
    entries.set(chatId, { value, expiresAt: Date.now() + options.ttlMs });
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };
  return { get, set };
}

/** True the first time for a chat within the memory's expiry, false after: for notices sent once. */
export function firstTime(memory: ChatMemory<true>, chatId: string): boolean {
  if (memory.get(chatId) !== undefined) return false;
  memory.set(chatId, true);
  return true;
}
