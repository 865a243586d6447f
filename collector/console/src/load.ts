import { useEffect, useState } from 'preact/hooks';
import { get } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ok'; data: T };

/**
 * Loads a JSON API path whenever the path or query changes. What was loaded is kept with the request it answers:
 * for a new path or query the page shows "loading" at once, never the previous period's figures under the new one.
 */
export function useApi<T>(path: string, query: Record<string, string | undefined>): Loaded<T> {
  const key = JSON.stringify([path, query]);
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<T> }>({ key, value: { state: 'loading' } });
  useEffect(() => {
    let live = true;
    get<T>(path, query).then(
      (data) => live && setLoaded({ key, value: { state: 'ok', data } }),
      (error: Error) => live && setLoaded({ key, value: { state: 'failed', message: error.message } }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return loaded.key === key ? loaded.value : { state: 'loading' };
}
