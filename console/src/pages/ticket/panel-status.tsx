import type { JSX } from "preact";

/**
 * A live region that is always in the page (screen readers only announce changes to a region
 * that already exists), shown as a green notice once it has something to say.
 */
export function StatusNote({ message }: { message: string | null }): JSX.Element {
  return (
    <p class={message ? "notice panel-notice" : "visually-hidden"} role="status" aria-live="polite">
      {message ?? ""}
    </p>
  );
}
