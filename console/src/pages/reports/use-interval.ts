import { useEffect, useRef } from "preact/hooks";

/**
 * Calls `tick` every `ms` while the page is open and visible: a tab left in the background stops
 * asking the server, and catches up at once when it is looked at again.
 */
export function useInterval(tick: () => void, ms: number): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) tickRef.current();
    }, ms);
    const onVisible = () => {
      if (!document.hidden) tickRef.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [ms]);
}
