import type { JSX } from "preact";
import { useT } from "../../lib/i18n.ts";
import { POLL_INTERVAL_MS, type LiveState } from "../../lib/live.ts";

/** How the queue updates now; a polite status, so a screen reader hears it change. */
export function LiveIndicator({ state }: { state: LiveState }): JSX.Element {
  const t = useT("console-queue");
  return (
    <p class={`live-indicator live-${state}`} role="status">
      <span class="live-dot" aria-hidden="true" />
      {t(`live.${state}`, { seconds: POLL_INTERVAL_MS / 1000 })}
    </p>
  );
}
