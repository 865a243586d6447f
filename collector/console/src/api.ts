// The console's calls to the collector (/console/api): the session cookie rides along by itself; a
// change also sends the session's CSRF token.
let csrf: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== 'GET') {
    headers.set('content-type', 'application/json');
    if (csrf) headers.set('x-csrf-token', csrf);
  }
  const response = await fetch(`/console/api${path}`, { ...init, headers, credentials: 'same-origin' });
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? response.statusText);
  return body;
}

export interface Session {
  role: 'admin' | 'auditor';
  organization: string | null;
  csrf: string | null;
}

export async function session(): Promise<Session | null> {
  try {
    const current = await call<Session>('/session');
    csrf = current.csrf;
    return current;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(token: string): Promise<Session> {
  const current = await call<Session>('/sign-in', { method: 'POST', body: JSON.stringify({ token }) });
  csrf = current.csrf;
  return current;
}

export async function signOut(): Promise<void> {
  await call('/sign-out', { method: 'POST', body: '{}' });
  csrf = null;
}

export const get = <T>(path: string, query: Record<string, string | undefined> = {}) => {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const search = params.toString();
  return call<T>(search ? `${path}?${search}` : path);
};

export const post = <T>(path: string, body: unknown = {}) =>
  call<T>(path, { method: 'POST', body: JSON.stringify(body) });

/** An export's address for the same filter (a download link; the cookie authorises it). */
export const exportUrl = (kind: 'csv' | 'jsonl', query: Record<string, string | undefined>) => {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return `/console/api/records.${kind}?${params}`;
};
