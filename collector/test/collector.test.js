// The collector against embedded PGlite and against a real PostgreSQL (a throwaway local cluster):
// the contract, each id stored once, CORS for extension origins, the admin exports, and
// `npm run collector` itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp, MAX_BODY_BYTES } from '../src/app.js';
import { openStore } from '../src/db.js';
import { startPostgres } from './postgres.js';

const ADMIN = 'admin-token-for-tests';
const CHROME_ORIGIN = `chrome-extension://${'a'.repeat(32)}`;
const FIREFOX_ORIGIN = 'moz-extension://0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const record = (extra = {}) => ({
  id: randomUUID(),
  at: new Date().toISOString(),
  event: 'warnings',
  version: '0.1.0',
  installation: 'inst-1',
  service: 'meet',
  meetingId: 'abc-defg-hij',
  warnings: ['recording'],
  ...extra,
});
const envelope = (records) => ({ extension: 'meeting-guard', version: '0.1.0', installation: 'inst-1', records });

function post(app, body, headers = {}) {
  return app.request('/records', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const exportOf = (app, path) => app.request(path, { headers: { authorization: `Bearer ${ADMIN}` } });

function contractSuite(name, open) {
  describe(`collector on ${name}`, () => {
    let store;
    let app;
    let cleanup;
    before(async () => {
      ({ store, cleanup } = await open());
      app = createApp({ store, adminToken: ADMIN });
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('stores each record of a batch once, however often the batch is sent', async () => {
      const batch = [record(), record({ event: 'guard', detail: 'proceeded' }), record({ event: 'classification' })];
      const first = await post(app, envelope(batch));
      assert.equal(first.status, 200);
      assert.deepEqual(await first.json(), { accepted: 3, stored: 3 });
      const again = await post(app, envelope([...batch, record()]));
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { accepted: 4, stored: 1 });
      const lines = (await (await exportOf(app, '/records.jsonl')).text()).trimEnd().split('\n');
      const ids = lines.map((line) => JSON.parse(line).id);
      for (const { id } of batch) assert.equal(ids.filter((seen) => seen === id).length, 1);
    });

    it('refuses what breaks the contract with 400, and too large a body with 413', async () => {
      for (const bad of [
        '{not json',
        { extension: 'other', version: '1', installation: 'i', records: [] },
        envelope([{ ...record(), id: 'not-a-uuid' }]),
        envelope([{ ...record(), at: 'yesterday' }]),
        envelope([{ ...record(), event: '' }]),
      ])
        assert.equal((await post(app, bad)).status, 400, JSON.stringify(bad));
      const huge = envelope([record({ detail: 'x'.repeat(MAX_BODY_BYTES) })]);
      assert.equal((await post(app, huge)).status, 413);
    });

    it('answers CORS for Chrome and Firefox extension origins only', async () => {
      for (const origin of [CHROME_ORIGIN, FIREFOX_ORIGIN]) {
        const preflight = await app.request('/records', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, authorization',
          },
        });
        assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/i);
      }
      const other = await app.request('/records', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    it('exports CSV for Excel (BOM, CRLF, quoting, formulas neutralised) only with the admin token', async () => {
      await post(app, envelope([record({ title: '=cmd|"/c calc"!A1, 定例', event: 'approval' })]));
      assert.equal((await app.request('/records.csv')).status, 401);
      assert.equal((await app.request('/records.csv', { headers: { authorization: 'Bearer wrong' } })).status, 401);
      const response = await exportOf(app, '/records.csv');
      assert.equal(response.status, 200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      assert.ok(text.startsWith('id,at,event,'));
      assert.ok(text.endsWith('\r\n'));
      assert.ok(text.includes(`"'=cmd|""/c calc""!A1, 定例"`));
    });

    it('says it is healthy', async () => {
      const response = await app.request('/health');
      assert.equal(response.status, 200);
      assert.equal((await response.json()).ok, true);
    });
  });
}

contractSuite('PGlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-pglite-'));
  return {
    store: await openStore({ dataDir: dir }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

contractSuite('PostgreSQL', async () => {
  const postgres = await startPostgres();
  const store = await openStore({ databaseUrl: postgres.url });
  // Opening again runs no migration twice (the schema is brought up to date, not recreated).
  const second = await openStore({ databaseUrl: postgres.url });
  const { rows } = await second.query('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(
    rows.map((row) => Number(row.version)),
    [1, 2, 3],
  );
  await second.close();
  return { store, cleanup: () => postgres.stop() };
});

describe('npm run collector', () => {
  it('starts on a fresh data directory, accepts a batch, exports it and serves the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-collector-'));
    const child = spawn('npm', ['run', 'collector'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, PORT: '0', COLLECTOR_DATA_DIR: join(dir, 'data'), COLLECTOR_ADMIN_TOKEN: ADMIN },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    try {
      const base = await new Promise((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`collector exited (${code}): ${output}`)));
      });
      const one = record();
      const response = await fetch(`${base}/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope([one])),
      });
      assert.equal(response.status, 200);
      const exported = await fetch(`${base}/records.jsonl`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.equal(JSON.parse((await exported.text()).trim()).id, one.id);
      assert.equal((await (await fetch(`${base}/health`)).json()).storage, 'pglite');
      // The admin's console is built (when needed) and served by the same command.
      const page = await fetch(`${base}/console/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="app"><\/div>/);
    } finally {
      // The process group npm started (npm → sh → node), ours alone.
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
