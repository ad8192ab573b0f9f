import { useCallback, useRef, useState } from "preact/hooks";

export interface Submit {
  busy: boolean;
  error: unknown;
  /** Runs the action once at a time; a refusal is kept in `error` for <Problem> to show. */
  run: (action: () => Promise<void>) => Promise<boolean>;
  clearError: () => void;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    // A double tap on a slow phone must not create the same shift or account twice.
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (problem) {
      setError(problem);
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
