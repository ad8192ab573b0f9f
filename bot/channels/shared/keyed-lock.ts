/**
 * Runs work for one key at a time, in the order it was asked for. The live update path and the
 * spool's retries share it, so a message that waited on disk is never overtaken by a newer one
 * from the same chat.
 */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release: () => void = () => {};
      const current = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => current);
      tails.set(key, tail);
      await previous;
      try {
        return await work();
      } finally {
        release();
        // Forget idle keys, or the map would hold every chat ever seen.
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
