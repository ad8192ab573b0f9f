import { useCallback } from "preact/hooks";
import { useSubmit } from "../../ui/use-submit.ts";

/** Told after a change went through: the page reloads the ticket and announces `message`. */
export type OnDone = (message: string) => void;

export interface Action {
  busy: boolean;
  /** The API's refusal, shown next to the control that caused it. */
  error: unknown;
  /** Runs one change; resolves to whether it went through. */
  run: <T>(work: () => Promise<T>, message: (result: T) => string) => Promise<boolean>;
}

/**
 * One control's request: busy while it runs (a second tap meanwhile does nothing — "Terima" or
 * "Kirim" pressed twice on a slow phone must act once), its own error, the page told when it succeeds.
 */
export function useAction(onDone: OnDone): Action {
  const submit = useSubmit();
  const { run: runOnce } = submit;
  const run = useCallback(
    <T>(work: () => Promise<T>, message: (result: T) => string) =>
      runOnce(async () => {
        onDone(message(await work()));
      }),
    [runOnce, onDone],
  );
  return { busy: submit.busy, error: submit.error, run };
}
