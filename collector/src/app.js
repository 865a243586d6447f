// The collector's HTTP interface (Hono): POST /records (the extension's contract), GET /records.csv
// and /records.jsonl for admins (Bearer COLLECTOR_ADMIN_TOKEN), GET /health.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { stream } from 'hono/streaming';
import { csvHeader, csvLine } from './csv.js';
import { allRecords, insertRecords } from './db.js';
import { mountRules } from './rules-routes.js';

/** Above the extension's 256 KB batches, with room; larger bodies get 413 and the extension halves them. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RECORDS_PER_POST = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Extension pages: Chrome/Edge ids are 32 letters a-p; Firefox's moz-extension ids are random UUIDs per install. */
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

const isText = (value, max) => typeof value === 'string' && value.length > 0 && value.length <= max;

/** Checks the contract's envelope and every record's id, time and event; returns a reason or null. */
export function envelopeProblem(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  if (body.extension !== 'meeting-guard') return 'expected "extension": "meeting-guard"';
  if (!isText(body.version, 50)) return 'expected "version"';
  if (!isText(body.installation, 100)) return 'expected "installation"';
  if (!Array.isArray(body.records)) return 'expected "records": [...]';
  if (body.records.length > MAX_RECORDS_PER_POST) return `at most ${MAX_RECORDS_PER_POST} records a request`;
  for (const [index, record] of body.records.entries()) {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      return `records[${index}]: not an object`;
    if (!isText(record.id, 36) || !UUID.test(record.id)) return `records[${index}].id: expected a UUID`;
    if (!isText(record.at, 40) || Number.isNaN(Date.parse(record.at))) return `records[${index}].at: expected a time`;
    if (!isText(record.event, 64)) return `records[${index}].event: expected text`;
  }
  return null;
}

function sameSecret(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const bearer = (header) => /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';

/**
 * @param {{ store: object, adminToken?: string, reportToken?: string }} options
 *   adminToken: required for the exports (they are refused while it is unset);
 *   reportToken: when set, posts must carry it (the policy's reportToken).
 */
export function createApp({ store, adminToken = '', reportToken = '', now }) {
  const app = new Hono();

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
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json'))
        return c.json({ error: 'expected content-type: application/json' }, 415);
      let body;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'not JSON' }, 400);
      }
      const problem = envelopeProblem(body);
      if (problem) return c.json({ error: problem }, 400);
      const stored = await insertRecords(store, body);
      return c.json({ accepted: body.records.length, stored });
    },
  );

  const requireAdmin = async (c, next) => {
    if (!adminToken) return c.json({ error: 'exports are off: set COLLECTOR_ADMIN_TOKEN' }, 403);
    if (!sameSecret(bearer(c.req.header('authorization')), adminToken)) {
      c.header('www-authenticate', 'Bearer');
      return c.json({ error: 'missing or wrong token' }, 401);
    }
    return next();
  };

  const since = (c) => {
    const value = c.req.query('since');
    return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  };

  app.get('/records.csv', requireAdmin, (c) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="meeting-guard-records.csv"');
    return stream(c, async (out) => {
      await out.write(csvHeader());
      for await (const record of allRecords(store, { since: since(c) })) await out.write(csvLine(record));
    });
  });

  app.get('/records.jsonl', requireAdmin, (c) => {
    c.header('content-type', 'application/x-ndjson; charset=utf-8');
    return stream(c, async (out) => {
      for await (const record of allRecords(store, { since: since(c) })) await out.write(`${JSON.stringify(record)}\n`);
    });
  });

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
