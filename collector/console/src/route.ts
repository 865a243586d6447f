// The console's address: `#/<page>?<filter>`, so a filtered view can be bookmarked, shared and opened
// by a test directly.
import { useEffect, useState } from 'preact/hooks';

export const PAGES = ['overview', 'records', 'external', 'fleet', 'reports', 'monthly'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  query: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as Page) : 'overview';
  return { page, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function routeHash(page: Page, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const search = params.toString();
  return `#/${page}${search ? `?${search}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** Today in Japan (YYYY-MM-DD) and n days before it: the default period. */
export function jstDate(now: Date, daysBefore = 0): string {
  return new Date(now.getTime() + 9 * 3_600_000 - daysBefore * 86_400_000).toISOString().slice(0, 10);
}
