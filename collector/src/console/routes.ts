// The admin's console: its pages (the built Preact app, collector/console/dist) at /console/ and its JSON
// API at /console/api/. Mounted by collector/src/app.ts. Reads are for admins and auditors; changes
// (publishing a rule) for admins only. An organisation-limited viewer sees only its organisation.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { type Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import { csvHeader, csvLine } from '../csv.ts';
import {
  type ConsoleVariables,
  clearFailures,
  clientAddress,
  endSession,
  grantFor,
  requireViewer,
  slowWrongToken,
  startSession,
  type TokenGrant,
} from './auth.ts';
import {
  detectionReports,
  filteredRecords,
  fleet,
  monthlyReport,
  outsideMeetings,
  overview,
  type RecordFilter,
  recordDetail,
  recordsPage,
} from './queries.ts';
import { ensureConsoleSchema } from './schema.ts';
import type { Store } from './types.ts';

export type PublishRule = (reportId: string) => Promise<{ status: number; body: Record<string, unknown> }>;

/** Issue 20's rules module, if this collector has it: add the report's suggested entry, then sign a publication. */
async function rulesPublisher(store: Store): Promise<PublishRule | undefined> {
  const path = '../rules.ts';
  let rules: {
    addEntry(store: Store, body: unknown): Promise<{ status: number; error?: string; entry?: unknown }>;
    publish(store: Store): Promise<unknown>;
  };
  try {
    rules = await import(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return async (reportId) => {
    const added = await rules.addEntry(store, { report: reportId });
    if (!added.entry) return { status: added.status, body: { error: added.error ?? 'not added' } };
    return { status: 200, body: { entry: added.entry, publication: await rules.publish(store) } };
  };
}

export const CONSOLE_DIST = new URL('../../console/dist/', import.meta.url).pathname;

export interface ConsoleOptions {
  store: Store;
  grants: readonly TokenGrant[];
  /**
   * Turns a report's suggested entry into a rule and publishes the signed rules. By default issue 20's rules module
   * (collector/src/rules.ts) where this collector has it; without it the console says publishing is not available.
   */
  publishRule?: PublishRule;
  /** The instant "now" for the figures that depend on it (tests set their own). */
  now?: () => Date;
  /** Where the built pages are (tests may point elsewhere). */
  dist?: string;
}

const FILTER_KEYS = [
  'from',
  'to',
  'organization',
  'department',
  'service',
  'event',
  'warning',
  'classification',
  'installation',
  'text',
] as const;

function filterOf(c: Context): RecordFilter {
  const filter: RecordFilter = {};
  for (const key of FILTER_KEYS) {
    const value = c.req.query(key)?.trim();
    if (value) filter[key] = value.slice(0, 200);
  }
  return filter;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Mounts the console; the schema it needs is brought up to date first (idempotent). */
export async function mountConsole(app: Hono, options: ConsoleOptions): Promise<void> {
  const { store, grants } = options;
  const now = options.now ?? (() => new Date());
  const dist = options.dist ?? CONSOLE_DIST;
  await ensureConsoleSchema(store);
  const publishRule = 'publishRule' in options ? options.publishRule : await rulesPublisher(store);

  const api = new Hono<{ Variables: ConsoleVariables }>();
  // No page of the console may be framed or cached by a shared cache.
  api.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
  });

  api.post('/sign-in', async (c) => {
    let token = '';
    try {
      const body = (await c.req.json()) as { token?: unknown };
      token = typeof body.token === 'string' ? body.token : '';
    } catch {
      return c.json({ error: 'expected {"token": "…"}' }, 400);
    }
    const viewer = grantFor(grants, token);
    if (!viewer) {
      await slowWrongToken(clientAddress(c));
      return c.json({ error: 'wrong token' }, 401);
    }
    clearFailures(clientAddress(c));
    const { csrf } = await startSession(c, store, viewer);
    return c.json({ ...viewer, csrf });
  });

  api.post('/sign-out', async (c) => {
    await endSession(c, store);
    return c.json({ ok: true });
  });

  const viewerOnly = requireViewer(store, grants);
  api.use('/session', viewerOnly);
  api.get('/session', (c) => c.json({ ...c.get('viewer'), csrf: c.get('csrf') }));

  for (const path of [
    '/overview',
    '/records',
    '/records/*',
    '/records.csv',
    '/records.jsonl',
    '/external',
    '/fleet',
    '/reports',
    '/reports/*',
    '/monthly',
  ])
    api.use(path, viewerOnly);

  api.get('/overview', async (c) => c.json(await overview(store, c.get('viewer'), filterOf(c), now())));
  api.get('/records', async (c) =>
    c.json(await recordsPage(store, c.get('viewer'), filterOf(c), c.req.query('after') ?? undefined)),
  );
  api.get('/records.csv', (c) => {
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="meeting-guard-records.csv"');
    const viewer = c.get('viewer');
    const filter = filterOf(c);
    return stream(c, async (out) => {
      await out.write(csvHeader());
      for await (const record of filteredRecords(store, viewer, filter)) await out.write(csvLine(record));
    });
  });
  api.get('/records.jsonl', (c) => {
    c.header('content-type', 'application/x-ndjson; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="meeting-guard-records.jsonl"');
    const viewer = c.get('viewer');
    const filter = filterOf(c);
    return stream(c, async (out) => {
      for await (const record of filteredRecords(store, viewer, filter)) await out.write(`${JSON.stringify(record)}\n`);
    });
  });
  api.get('/records/:id', async (c) => {
    const detail = await recordDetail(store, c.get('viewer'), c.req.param('id'));
    return detail ? c.json(detail) : c.json({ error: 'no such record' }, 404);
  });
  api.get('/external', async (c) => c.json({ meetings: await outsideMeetings(store, c.get('viewer'), filterOf(c)) }));
  api.get('/fleet', async (c) => c.json({ installations: await fleet(store, c.get('viewer')) }));
  api.get('/reports', async (c) =>
    c.json({
      ...(await detectionReports(store, c.get('viewer'), filterOf(c))),
      publishing: Boolean(publishRule),
    }),
  );
  api.get('/reports/:id', async (c) => {
    const detail = await recordDetail(store, c.get('viewer'), c.req.param('id'));
    return detail && detail.record?.event === 'detection-report'
      ? c.json(detail)
      : c.json({ error: 'no such report' }, 404);
  });
  api.post('/reports/:id/publish', async (c) => {
    const viewer = c.get('viewer');
    // Rules reach every browser that fetches them, of every organisation: only an unlimited admin publishes.
    if (viewer.role !== 'admin' || viewer.organization !== null)
      return c.json({ error: 'only an admin of every organisation publishes rules' }, 403);
    if (!publishRule) return c.json({ error: 'this collector does not publish rules yet' }, 501);
    const detail = await recordDetail(store, viewer, c.req.param('id'));
    if (detail?.record?.event !== 'detection-report') return c.json({ error: 'no such report' }, 404);
    const { status, body } = await publishRule(c.req.param('id'));
    return c.json(body, status as 200);
  });
  api.get('/monthly', async (c) => {
    const report = await monthlyReport(store, c.get('viewer'), c.req.query('month') ?? '', now());
    return report ? c.json(report) : c.json({ error: 'expected month=YYYY-MM' }, 400);
  });
  api.all('*', (c) => c.json({ error: 'not found' }, 404));
  app.route('/console/api', api);

  // The pages: files of the built app; any other path under /console/ is the app (it routes by hash).
  app.get('/console', (c) => c.redirect('/console/'));
  app.get('/console/*', (c) => {
    const path = normalize(decodeURIComponent(new URL(c.req.url).pathname.slice('/console/'.length)));
    const file = join(dist, path.startsWith('..') ? '' : path);
    const target = existsSync(file) && extname(file) ? file : join(dist, 'index.html');
    if (!existsSync(target))
      return c.text('The console is not built: npm run build:console --workspace collector', 503);
    c.header('content-type', TYPES[extname(target)] ?? 'application/octet-stream');
    c.header('x-frame-options', 'DENY');
    c.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.body(readFileSync(target));
  });
}
