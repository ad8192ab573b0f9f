import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type Resource<T> =
  | { state: "loading"; data: T | undefined; reload: () => void }
  | { state: "ready"; data: T; reload: () => void }
  | { state: "failed"; data: T | undefined; error: unknown; reload: () => void };

/**
 * Loads data for a page and reloads it on demand (after a change, or a live update). A reload
 * keeps showing the previous data, so the list does not flash empty every few seconds.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [result, setResult] = useState<{ state: "loading" | "ready" | "failed"; data: T | undefined; error?: unknown }>({
    state: "loading",
    data: undefined,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setResult((previous) => ({ state: "loading", data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ state: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult((previous) => ({ state: "failed", data: previous.data, error }));
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  if (result.state === "ready") return { state: "ready", data: result.data as T, reload };
  if (result.state === "failed") return { state: "failed", data: result.data, error: result.error, reload };
  return { state: "loading", data: result.data, reload };
}
