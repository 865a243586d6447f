// The collector's HTTP interface (Hono): POST /records (the extension's contract), GET /records.csv,
// /records.jsonl and /integrity for admins (Bearer COLLECTOR_ADMIN_TOKEN), GET /health.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { stream } from 'hono/streaming';
import { chainFieldsProblem, importPublicJwk } from './chain.js';
import { csvHeader, csvLine } from './csv.js';
import { allRecords, insertRecords, integrityReport } from './db.js';
import { mountRules } from './rules-routes.js';

/** Above the extension's 256 KB batches, with room; larger bodies get 413 and the extension halves them. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RECORDS_PER_POST = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Extension pages: Chrome/Edge ids are 32 letters a-p; Firefox's moz-extension ids are random UUIDs per install. */
const EXTENSION_ORIGIN = /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36})$/;

const isText = (value, max) => typeof value === 'string' && value.length > 0 && value.length <= max;

/** Deeper JSON than this is refused (PostgreSQL's jsonb refuses very deep nesting; records nest a few levels). */
export const MAX_DEPTH = 64;

/**
 * A time as the extension writes it (ISO 8601 with a time zone) that PostgreSQL's timestamptz takes:
 * a real calendar day (no 2024-02-30) in years 1 to 9999. Date.parse alone takes "1" or year 0.
 */
export function isTime(text) {
  if (typeof text !== 'string' || text.length > 40) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  const calendar = new Date(Date.UTC(2000, month - 1, day));
  calendar.setUTCFullYear(year);
  return (
    year >= 1 &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours <= 15 &&
    offsetMinutes < 60
  );
}

/** What PostgreSQL would refuse in a string: NUL, or a UTF-16 surrogate without its pair. */
function textProblem(text) {
  if (text.includes('\u0000')) return 'holds a NUL character';
  if (!text.isWellFormed()) return 'holds a lone UTF-16 surrogate';
  return null;
}

/** The first value in `value` (keys included) PostgreSQL would refuse, as "path: why", or null. Iterative: depth is bounded, not the stack. */
export function storableProblem(value, path) {
  const pending = [[value, path, 0]];
  while (pending.length) {
    const [item, where, depth] = pending.pop();
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return `${where} ${problem}`;
    } else if (typeof item === 'object' && item !== null) {
      if (depth >= MAX_DEPTH) return `${where}: nested deeper than ${MAX_DEPTH} levels`;
      for (const [key, child] of Object.entries(item)) {
        const problem = textProblem(key);
        if (problem) return `${where}: a key ${problem}`;
        pending.push([child, Array.isArray(item) ? `${where}[${key}]` : `${where}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

/** Checks the contract's envelope and every record's id, time, event and chain fields; returns a reason or null. */
export function envelopeProblem(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  if (body.extension !== 'meeting-guard') return 'expected "extension": "meeting-guard"';
  if (!isText(body.version, 50)) return 'expected "version"';
  if (!isText(body.installation, 100)) return 'expected "installation"';
  if (body.publicKey !== undefined && !importPublicJwk(body.publicKey))
    return 'publicKey: expected an EC P-256 public key as JWK {kty, crv, x, y}';
  if (!Array.isArray(body.records)) return 'expected "records": [...]';
  if (body.records.length > MAX_RECORDS_PER_POST) return `at most ${MAX_RECORDS_PER_POST} records a request`;
  const envelopeOnly = { extension: body.extension, version: body.version, installation: body.installation };
  const envelopeText = storableProblem(envelopeOnly, 'envelope');
  if (envelopeText) return envelopeText;
  for (const [index, record] of body.records.entries()) {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      return `records[${index}]: not an object`;
    if (!isText(record.id, 36) || !UUID.test(record.id)) return `records[${index}].id: expected a UUID`;
    // From here on the reason names the record's id as well, so the admin can find it in the browser.
    const named = `records[${index}] (id ${record.id})`;
    if (!isTime(record.at)) return `${named}.at: expected an ISO 8601 time with a time zone, years 1 to 9999`;
    if (!isText(record.event, 64)) return `${named}.event: expected text`;
    const chain = chainFieldsProblem(record);
    if (chain) return `${named}.${chain}`;
    const stored = storableProblem(record, named);
    if (stored) return stored;
  }
  return null;
}

function sameSecret(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** application/json, parameters (charset) aside; not application/jsonp or text/json. */
const isJsonType = (header) => (header ?? '').split(';')[0].trim().toLowerCase() === 'application/json';

const bearer = (header) => /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';

/**
 * @param {{ store: object, adminToken?: string, reportToken?: string }} options
 *   adminToken: required for the exports (they are refused while it is unset);
 *   reportToken: when set, posts must carry it (the policy's reportToken);
 *   exportPageSize: records read from the store at a time by the exports.
 */
export function createApp({ store, adminToken = '', reportToken = '', exportPageSize = 2000, now }) {
  const app = new Hono();

  // A fault is logged by its code alone: never the records (personal data) that a database error may quote.
  app.onError((error, c) => {
    const code = typeof error?.code === 'string' ? ` (${error.code})` : '';
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

  /** ?since=<day or time>: absent → everything; a time PostgreSQL would refuse → 400. */
  const since = (c) => {
    const value = c.req.query('since');
    if (!value) return { since: undefined };
    // A day alone (2026-04-01) means its start in UTC, as before.
    const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
    return isTime(time) ? { since: time } : { problem: 'since: expected a day or an ISO 8601 time with a time zone' };
  };

  /** Streams the records, stopping as soon as the client has gone (no query runs for nobody). */
  const exportAs = (c, head, line) => {
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
