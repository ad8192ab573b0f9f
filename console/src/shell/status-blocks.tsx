import type { JSX } from "preact";
import { useT } from "../lib/i18n.ts";
import { problemText } from "../ui/problem.tsx";

export function LoadingBlock(): JSX.Element {
  const t = useT();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}

export function ErrorBlock({ error, onRetry }: { error: unknown; onRetry?: () => void }): JSX.Element {
  const t = useT();
  return (
    <div class="problem-block" role="alert">
      <p>{problemText(error, t)}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
