// The collector's HTTP interface (Hono): POST /records (the extension's contract), GET /records.csv,
// /records.jsonl and /integrity for admins (Bearer COLLECTOR_ADMIN_TOKEN), GET /health.
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { stream } from 'hono/streaming';
import {
  envelopeProblem as checkEnvelope,
  type Envelope,
  isTime,
  MAX_DEPTH,
  MAX_RECORDS_PER_POST,
  storableProblem,
} from '../../contract/record-contract.ts';
import { importPublicJwk } from './chain.ts';
import type { Store } from './console/types.ts';
import { csvHeader, csvLine } from './csv.ts';
import { allRecords, insertRecords, integrityReport } from './db.ts';
import { mountRules } from './rules-routes.ts';

/** Above the extension's 256 KB batches, with room; larger bodies get 413 and the extension halves them. */
export const MAX_BODY_BYTES = 1024 * 1024;
export { isTime, MAX_DEPTH, MAX_RECORDS_PER_POST, storableProblem };

/** Extension pages: Chrome/Edge ids are 32 letters a-p; Firefox's moz-extension ids are random UUIDs per install. */
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

/** The contract's check of a POST /records body (contract/record-contract.ts), with the public key's point on the curve. */
export const envelopeProblem = (body: unknown): string | null =>
  checkEnvelope(body, (jwk) => importPublicJwk(jwk) !== null);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** application/json, parameters (charset) aside; not application/jsonp or text/json. */
const isJsonType = (header: string | undefined) =>
  ((header ?? '').split(';')[0] ?? '').trim().toLowerCase() === 'application/json';

const bearer = (header: string | undefined) => /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';

export interface AppOptions {
  store: Store;
  /** Required for the exports (they are refused while it is unset). */
  adminToken?: string;
  /** When set, posts must carry it (the policy's reportToken). */
  reportToken?: string;
  /** Records read from the store at a time by the exports. */
  exportPageSize?: number;
  /** The clock of the rules' routes (tests set their own). */
  now?: () => number;
}

export function createApp({ store, adminToken = '', reportToken = '', exportPageSize = 2000, now }: AppOptions) {
  const app = new Hono();

  // A fault is logged by its code alone: never the records (personal data) that a database error may quote.
  app.onError((error, c) => {
    const { code: errorCode } = error as Error & { code?: unknown };
    const code = typeof errorCode === 'string' ? ` (${errorCode})` : '';
    console.error(`collector: ${c.req.method} ${c.req.path} failed: ${error?.name ?? 'Error'}${code}`);
    return c.json({ error: 'internal error' }, 500);
  });

  app.use(
    '/records',
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['content-type', 'authorization'],
      maxAge: 86_400,
    }),
  );

  app.post(
    '/records',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: 'body too large' }, 413) }),
    async (c) => {
      if (reportToken && !sameSecret(bearer(c.req.header('authorization')), reportToken))
        return c.json({ error: 'missing or wrong token' }, 401);
      if (!isJsonType(c.req.header('content-type')))
        return c.json({ error: 'expected content-type: application/json' }, 415);
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'not JSON' }, 400);
      }
      const problem = envelopeProblem(body);
      if (problem) return c.json({ error: problem }, 400);
      const posted = body as Envelope;
      const stored = await insertRecords(store, posted);
      return c.json({ accepted: posted.records.length, stored });
    },
  );

  const requireAdmin: MiddlewareHandler = async (c, next) => {
    if (!adminToken) return c.json({ error: 'exports are off: set COLLECTOR_ADMIN_TOKEN' }, 403);
    if (!sameSecret(bearer(c.req.header('authorization')), adminToken)) {
      c.header('www-authenticate', 'Bearer');
      return c.json({ error: 'missing or wrong token' }, 401);
    }
    return next();
  };

  /** ?since=<day or time>: absent → everything; a time PostgreSQL would refuse → 400. */
  const since = (c: Context): { since?: string; problem?: string } => {
    const value = c.req.query('since');
    if (!value) return { since: undefined };
    // A day alone (2026-04-01) means its start in UTC, as before.
    const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
    return isTime(time) ? { since: time } : { problem: 'since: expected a day or an ISO 8601 time with a time zone' };
  };

  /** Streams the records, stopping as soon as the client has gone (no query runs for nobody). */
  const exportAs = (c: Context, head: string, line: (record: Record<string, unknown>) => string) => {
    const { since: from, problem } = since(c);
    if (problem) return c.json({ error: problem }, 400);
    return stream(c, async (out) => {
      if (head) await out.write(head);
      for await (const record of allRecords(store, { since: from }, exportPageSize)) {
        if (out.aborted) return;
        await out.write(line(record));
      }
    });
  };

  app.get('/records.csv', requireAdmin, (c) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="meeting-guard-records.csv"');
    return exportAs(c, csvHeader(), csvLine);
  });

  app.get('/records.jsonl', requireAdmin, (c) => {
    c.header('content-type', 'application/x-ndjson; charset=utf-8');
    return exportAs(c, '', (record) => `${JSON.stringify(record)}\n`);
  });

  app.get('/integrity', requireAdmin, async (c) =>
    c.json(await integrityReport(store, { installation: c.req.query('installation') || undefined })),
  );
  mountRules(app, { store, requireAdmin, ...(now ? { now } : {}) });

  app.get('/health', async (c) => {
    try {
      await store.query('SELECT 1');
      return c.json({ ok: true, storage: store.kind });
    } catch {
      return c.json({ ok: false }, 503);
    }
  });

  return app;
}
