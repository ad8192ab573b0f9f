import type { JSX } from "preact";

/**
 * What just happened ("Jadwal tersimpan."), shown and read out. The live region is always in the
 * page, empty until there is news: screen readers announce changes only to a region that exists.
 */
export function StatusNote({ text }: { text: string | null }): JSX.Element {
  return (
    <p class={text ? "notice status-note" : "visually-hidden"} role="status" aria-live="polite">
      {text ?? ""}
    </p>
  );
}
