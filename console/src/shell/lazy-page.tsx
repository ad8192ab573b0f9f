import type { ComponentType, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorBlock, LoadingBlock } from "./status-blocks.tsx";

/**
 * A page whose code is fetched the first time it is opened. The queue and the ticket page are in
 * the first bundle (a peksos's phone opens those, often from an alert); the roster, the admin
 * pages, statistics and leaflets come when someone goes there, so the first load stays small.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const start = () => (pending ??= load().then((page) => (loaded = page)));

  return function LazyPage(props: P): JSX.Element {
    const [, setReady] = useState(false);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) return;
      let current = true;
      start().then(
        () => current && setReady(true),
        (problem: unknown) => {
          // A failed fetch (offline for a moment) may be tried again.
          pending = undefined;
          if (current) setError(problem);
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (error) return <ErrorBlock error={error} onRetry={() => location.reload()} />;
    return <LoadingBlock />;
  };
}
