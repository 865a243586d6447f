// Who may use the console and its API. Tokens come from the environment:
//   COLLECTOR_ADMIN_TOKEN    admin, every organisation
//   COLLECTOR_AUDITOR_TOKEN  read-only auditor, every organisation
//   COLLECTOR_TOKENS         JSON: [{"token": "…", "role": "admin" | "auditor", "organization": "…"}],
//                            tokens limited to one organisation (a prefecture's cloud serving many cities)
// The browser exchanges a token for a session cookie (HttpOnly, SameSite=Strict, Secure behind TLS);
// scripts keep sending `Authorization: Bearer <token>`. A wrong token is answered slowly and never logged.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role, Store, Viewer } from './types.ts';

export interface TokenGrant extends Viewer {
  token: string;
}

export const SESSION_COOKIE = 'mg_console';
export const SESSION_HOURS = 12;
/** Each wrong token in a row from one address waits this much longer (capped), so guessing is slow. */
const FAILURE_DELAY_MS = 400;
const MAX_FAILURE_DELAY_MS = 5_000;

/** Reads the tokens; a malformed COLLECTOR_TOKENS is an error at start-up (never silently ignored). */
export function tokensFromEnv(env: Record<string, string | undefined>): TokenGrant[] {
  const grants: TokenGrant[] = [];
  if (env.COLLECTOR_ADMIN_TOKEN) grants.push({ token: env.COLLECTOR_ADMIN_TOKEN, role: 'admin', organization: null });
  if (env.COLLECTOR_AUDITOR_TOKEN)
    grants.push({ token: env.COLLECTOR_AUDITOR_TOKEN, role: 'auditor', organization: null });
  if (env.COLLECTOR_TOKENS) {
    let list: unknown;
    try {
      list = JSON.parse(env.COLLECTOR_TOKENS);
    } catch {
      throw new Error('COLLECTOR_TOKENS: not JSON (expected [{"token","role","organization"}])');
    }
    if (!Array.isArray(list)) throw new Error('COLLECTOR_TOKENS: expected a JSON array');
    for (const [index, entry] of list.entries()) {
      const { token, role, organization } = (entry ?? {}) as Record<string, unknown>;
      if (typeof token !== 'string' || token.length < 16)
        throw new Error(`COLLECTOR_TOKENS[${index}].token: expected at least 16 characters`);
      if (role !== 'admin' && role !== 'auditor')
        throw new Error(`COLLECTOR_TOKENS[${index}].role: expected "admin" or "auditor"`);
      if (typeof organization !== 'string' || !organization)
        throw new Error(`COLLECTOR_TOKENS[${index}].organization: expected the organisation's id`);
      grants.push({ token, role, organization });
    }
  }
  return grants;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares every grant (constant time each) so the answer's timing does not tell which one nearly matched. */
export function grantFor(grants: readonly TokenGrant[], given: string): Viewer | null {
  const givenDigest = digest(given);
  let found: Viewer | null = null;
  for (const grant of grants)
    if (timingSafeEqual(givenDigest, digest(grant.token)) && !found)
      found = { role: grant.role, organization: grant.organization };
  return given ? found : null;
}

const failures = new Map<string, number>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits longer after each wrong token from one address; a right one clears the count. */
export async function slowWrongToken(address: string): Promise<void> {
  const count = (failures.get(address) ?? 0) + 1;
  failures.set(address, count);
  if (failures.size > 10_000) failures.clear();
  await sleep(Math.min(FAILURE_DELAY_MS * count, MAX_FAILURE_DELAY_MS));
}
export const clearFailures = (address: string) => failures.delete(address);

export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** Behind TLS (directly, or a proxy that says so): the cookie is Secure. */
const overTls = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.toLowerCase() === 'https';

/** The Origin header names this collector (its host as the browser addressed it, proxy or not). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const bearer = (header: string | undefined) => /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

export async function startSession(c: Context, store: Store, viewer: Viewer): Promise<{ csrf: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.query('DELETE FROM console_sessions WHERE expires_at < now()');
  await store.query(
    `INSERT INTO console_sessions (id_hash, role, organization, csrf, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [hashId(id), viewer.role, viewer.organization, csrf, SESSION_HOURS],
  );
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: overTls(c),
    path: '/console',
    maxAge: SESSION_HOURS * 3600,
  });
  return { csrf };
}

export async function endSession(c: Context, store: Store): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await store.query('DELETE FROM console_sessions WHERE id_hash = $1', [hashId(id)]);
  deleteCookie(c, SESSION_COOKIE, { path: '/console', secure: overTls(c) });
}

interface Session extends Viewer {
  csrf: string;
}

async function sessionOf(c: Context, store: Store): Promise<Session | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return null;
  const { rows } = await store.query<{ role: Role; organization: string | null; csrf: string }>(
    'SELECT role, organization, csrf FROM console_sessions WHERE id_hash = $1 AND expires_at > now()',
    [hashId(id)],
  );
  return rows[0] ?? null;
}

export type ConsoleVariables = { viewer: Viewer; csrf: string | null };

/**
 * Lets a request in with a session cookie or a Bearer token. A change (anything but GET/HEAD) made with
 * a cookie must also carry the session's CSRF token in `x-csrf-token` and come from this origin:
 * SameSite=Strict already keeps other sites' requests cookie-less; the header makes it explicit.
 */
export function requireViewer(
  store: Store,
  grants: readonly TokenGrant[],
): MiddlewareHandler<{ Variables: ConsoleVariables }> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (token) {
      const viewer = grantFor(grants, token);
      if (!viewer) {
        await slowWrongToken(clientAddress(c));
        c.header('www-authenticate', 'Bearer');
        return c.json({ error: 'missing or wrong token' }, 401);
      }
      clearFailures(clientAddress(c));
      c.set('viewer', viewer);
      c.set('csrf', null);
      return next();
    }
    const session = await sessionOf(c, store);
    if (!session) return c.json({ error: 'sign in' }, 401);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (c.req.header('x-csrf-token') !== session.csrf || (origin && !sameHost(origin, c.req.header('host'))))
        return c.json({ error: 'CSRF check failed' }, 403);
    }
    c.set('viewer', { role: session.role, organization: session.organization });
    c.set('csrf', session.csrf);
    return next();
  };
}
