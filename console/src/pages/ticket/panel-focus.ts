import { useEffect, useRef, type MutableRef } from "preact/hooks";

/**
 * When a small form closes (saved or cancelled), keyboard focus goes back to the button that
 * opened it, instead of falling to the top of the page on a long ticket.
 */
export function useFocusReturn<T extends HTMLElement>(open: boolean): MutableRef<T | null> {
  const opener = useRef<T | null>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return opener;
}
