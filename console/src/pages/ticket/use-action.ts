import { useCallback, useState } from "preact/hooks";

/** Told after a change went through: the page reloads the ticket and announces `message`. */
export type OnDone = (message: string) => void;

export interface Action {
  busy: boolean;
  /** The API's refusal, shown next to the control that caused it. */
  error: unknown;
  /** Runs one change; resolves to whether it went through. */
  run: <T>(work: () => Promise<T>, message: (result: T) => string) => Promise<boolean>;
}

/** One control's request: busy while it runs, its own error, the page told when it succeeds. */
export function useAction(onDone: OnDone): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async <T>(work: () => Promise<T>, message: (result: T) => string) => {
      setBusy(true);
      setError(null);
      try {
        const result = await work();
        onDone(message(result));
        return true;
      } catch (problem) {
        setError(problem);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, error, run };
}
