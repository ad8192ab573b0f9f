import { useEffect, useState } from "preact/hooks";

/** The time, refreshed every `intervalMs`: countdowns tick on screen without asking the server. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
