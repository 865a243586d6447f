// The routes of the repair loop (issue 20), mounted by app.ts: the admin's (Bearer COLLECTOR_ADMIN_TOKEN)
//   GET /reports, GET /reports/:id, GET /rules/entries, POST /rules/entries, DELETE /rules/entries/:id,
//   POST /rules/publish
// and the public GET /rules.json (the signed document every browser fetches, CORS for any origin: it is
// public and carries no credentials) and GET /rules-key (the public key, as policy rulesPublicKey takes it).
import type { Hono, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Queryable } from './console/types.ts';
import {
  addEntry,
  currentDocument,
  getReport,
  listEntries,
  listReports,
  publish,
  removeEntry,
  signingKey,
} from './rules.ts';

export function mountRules(
  app: Hono,
  {
    store,
    requireAdmin,
    now = () => Date.now(),
  }: { store: Queryable; requireAdmin: MiddlewareHandler; now?: () => number },
): void {
  app.get('/reports', requireAdmin, async (c) =>
    c.json({ reports: await listReports(store, { limit: c.req.query('limit'), service: c.req.query('service') }) }),
  );
  app.get('/reports/:id', requireAdmin, async (c) => {
    const report = await getReport(store, c.req.param('id'));
    return report ? c.json(report) : c.json({ error: 'no such detection report' }, 404);
  });
  app.get('/rules/entries', requireAdmin, async (c) => c.json({ entries: await listEntries(store) }));
  app.post('/rules/entries', requireAdmin, async (c) => {
    let body: Record<string, unknown> | null;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'not JSON' }, 400);
    }
    const result = await addEntry(store, body);
    return result.status === 200 ? c.json(result.entry) : c.json({ error: result.error }, result.status);
  });
  app.delete('/rules/entries/:id', requireAdmin, async (c) =>
    (await removeEntry(store, c.req.param('id'))) ? c.json({ removed: true }) : c.json({ error: 'no such entry' }, 404),
  );
  app.post('/rules/publish', requireAdmin, async (c) => c.json(await publish(store, now())));

  app.use('/rules.json', cors({ origin: '*', allowMethods: ['GET'] }));
  app.use('/rules-key', cors({ origin: '*', allowMethods: ['GET'] }));
  app.get('/rules.json', async (c) => {
    const document = await currentDocument(store, now());
    if (!document) return c.json({ error: 'no rules published yet' }, 404);
    c.header('cache-control', 'no-store');
    return c.json(document);
  });
  app.get('/rules-key', async (c) => {
    const { publicKey } = await signingKey(store);
    return c.json({ rulesPublicKey: publicKey, algorithm: 'ECDSA P-256, SHA-256, signature r||s base64' });
  });
}
