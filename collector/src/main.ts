// Starts the collector: `npm run collector` (root) or `npm start` here.
//   PORT (8787), HOST (127.0.0.1: put TLS in front, see the admin guide; HOST=0.0.0.0 to listen on every interface),
//   COLLECTOR_DATA_DIR (./collector-data, PGlite) or DATABASE_URL (PostgreSQL),
//   COLLECTOR_ADMIN_TOKEN (exports, console), COLLECTOR_REPORT_TOKEN (optional: the policy's reportToken),
//   COLLECTOR_AUDITOR_TOKEN (read-only console), COLLECTOR_TOKENS (organisation-limited tokens, src/console/auth.ts),
//   COLLECTOR_RULES_KEY_PASSPHRASE (optional: keeps the rules signing key encrypted in the database, src/rules.ts).
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { tokensFromEnv } from './console/auth.ts';
import { mountConsole } from './console/routes.ts';
import { openStore } from './db.ts';
import { signingKey } from './rules.ts';

const env = process.env;
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';
// INIT_CWD: the directory `npm run` was started from, so ./collector-data is where the admin stood.
const dataDir = resolve(env.INIT_CWD ?? process.cwd(), env.COLLECTOR_DATA_DIR ?? './collector-data');

const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir });
// The rules' signing key is made on first start (kept in the database); its public half goes into policy rulesPublicKey.
const { publicKey } = await signingKey(store).catch(async (error: Error) => {
  // A passphrase missing or wrong for the stored key: say which, and stop before serving anything.
  console.error(`meeting-guard collector: ${error.message}`);
  await store.close();
  process.exit(1);
});
const app = createApp({
  store,
  adminToken: env.COLLECTOR_ADMIN_TOKEN ?? '',
  reportToken: env.COLLECTOR_REPORT_TOKEN ?? '',
});
// The admin's console at /console/ (its own tokens: admin, auditor, organisation-limited).
await mountConsole(app, { store, grants: tokensFromEnv(env) });
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const where = store.kind === 'pglite' ? `PGlite in ${dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`meeting-guard collector listening on http://${info.address}:${info.port} (${where})`);
  console.log(`rules: GET /rules.json, policy rulesPublicKey ${publicKey}`);
  console.log(`console: http://${info.address}:${info.port}/console/`);
  if (!env.COLLECTOR_ADMIN_TOKEN) console.log('exports are off until COLLECTOR_ADMIN_TOKEN is set');
});

async function stop() {
  server.close();
  await store.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
