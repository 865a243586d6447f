import { useEffect, useState } from 'preact/hooks';
import { get } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ok'; data: T };

/** Loads a JSON API path whenever the path or query changes. */
export function useApi<T>(path: string, query: Record<string, string | undefined>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify([path, query]);
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    get<T>(path, query).then(
      (data) => live && setLoaded({ state: 'ok', data }),
      (error: Error) => live && setLoaded({ state: 'failed', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return loaded;
}
