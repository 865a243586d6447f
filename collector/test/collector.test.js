// The collector against embedded PGlite and against a real PostgreSQL (a throwaway local cluster):
// the contract, each id stored once, CORS for extension origins, the admin exports, and
// `npm run collector` itself.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { serve } from '@hono/node-server';
import { createApp, MAX_BODY_BYTES } from '../src/app.ts';
import { GENESIS, importPublicJwk, verifyRecord } from '../src/chain.ts';
import { MIGRATIONS, openStore } from '../src/db.ts';
import { startPostgres } from './postgres.js';
import { makeSigner } from './signer.js';

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

/** The JSON Lines of an export, read as a stream; more than `cap` lines fails (an export that does not end). */
async function exportLines(response, cap) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    lines += value.split('\n').length - 1;
    if (lines > cap) {
      await reader.cancel();
      assert.fail(`the export went past ${cap} lines`);
    }
  }
  return text
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const integrityOf = async (app, installation) =>
  (await (await exportOf(app, `/integrity?installation=${installation}`)).json()).installations[0];

/** Posts records signed by `signer` for `installation` (the envelope carries the public key). */
const postSigned = (app, installation, publicKey, records) =>
  post(app, { extension: 'meeting-guard', version: '0.2.0', installation, publicKey, records });

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

    it('exports 10,000 records sharing one millisecond each exactly once (microseconds differ)', async () => {
      const sent = [];
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 1000 }, (_, i) =>
          record({ installation: 'same-ms', at: `2025-03-01T00:00:00.123${String(i).padStart(3, '0')}Z` }),
        );
        sent.push(...batch.map((one) => one.id));
        assert.equal((await post(app, envelope(batch))).status, 200);
      }
      const lines = await exportLines(await exportOf(app, '/records.jsonl'), 30_000);
      const exported = lines.filter((line) => line.installation === 'same-ms').map((line) => line.id);
      assert.equal(exported.length, 10_000);
      assert.equal(new Set(exported).size, 10_000);
      assert.deepEqual(new Set(exported), new Set(sent));
      const csv = await (await exportOf(app, '/records.csv?since=2025-03-01T00:00:00.123Z')).text();
      assert.equal(csv.split('\r\n').filter((line) => line.includes(',same-ms,')).length, 10_000);
    });

    it('stops an export when the client leaves; /health and POST /records answer meanwhile', async () => {
      let exportQueries = 0;
      let exportRows = 0;
      const counted = {
        ...store,
        async query(sql, params) {
          const result = await store.query(sql, params);
          if (/ORDER BY (r\.)?at/.test(sql)) {
            exportQueries += 1;
            exportRows += result.rows.length;
          }
          return result;
        },
      };
      // 20 MB of records: more than the sockets buffer, so the export is still under way when the client leaves.
      for (let round = 0; round < 20; round++) {
        const batch = Array.from({ length: 200 }, () => record({ installation: 'bulk', detail: 'x'.repeat(5000) }));
        assert.equal((await post(app, envelope(batch))).status, 200);
      }
      const slow = createApp({ store: counted, adminToken: ADMIN, exportPageSize: 100 });
      const server = await new Promise((resolve) => {
        const started = serve({ fetch: slow.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
      });
      const base = `http://127.0.0.1:${server.address().port}`;
      try {
        const leaving = new AbortController();
        const response = await fetch(`${base}/records.jsonl`, {
          headers: { authorization: `Bearer ${ADMIN}` },
          signal: leaving.signal,
        });
        const reader = response.body.getReader();
        assert.equal((await reader.read()).done, false);
        // The client reads no further: the export waits; the collector still answers.
        assert.equal((await fetch(`${base}/health`)).status, 200);
        const one = await fetch(`${base}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope([record()])),
        });
        assert.equal(one.status, 200);
        leaving.abort();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const afterOneSecond = exportQueries;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.equal(exportQueries, afterOneSecond, 'the export went on after the client left');
        const { rows } = await store.query('SELECT count(*) AS n FROM records');
        assert.ok(exportRows < Number(rows[0].n), `the export read all ${exportRows} records though the client left`);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('refuses with 400 naming the record what PostgreSQL would refuse, and stores nothing of that batch', async () => {
      for (const [bad, why] of [
        [{ title: 'lone \uD83D surrogate' }, /title holds a lone UTF-16 surrogate/],
        [{ detail: 'nul \u0000 here' }, /detail holds a NUL/],
        [{ evidence: { 'key\u0000': 1 } }, /a key holds a NUL/],
        [{ at: '2024-02-30T00:00:00Z' }, /\.at: expected an ISO 8601 time/],
        [{ at: '0000-01-01T00:00:00Z' }, /\.at: expected/],
        [{ at: '1' }, /\.at: expected/],
        [{ evidence: 'DEEP' }, /nested deeper than 64 levels/],
      ]) {
        const good = record();
        const refused = record(bad);
        // Nesting PostgreSQL's jsonb refuses (its stack depth), written as text: JSON.stringify would recurse as deep.
        const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
        const response = await post(app, JSON.stringify(envelope([good, refused])).replace('"DEEP"', deep));
        assert.equal(response.status, 400, JSON.stringify(bad).slice(0, 80));
        const { error } = await response.json();
        assert.match(error, why);
        assert.ok(error.startsWith(`records[1] (id ${refused.id})`), error.slice(0, 200));
        assert.ok(error.length < 400);
        // The contract: a 400 accepts nothing; the extension halves the batch and sends `good` alone.
        assert.deepEqual(await (await post(app, envelope([good]))).json(), { accepted: 1, stored: 1 });
      }
      assert.equal((await post(app, envelope([record({ at: '2024-02-29T23:59:59.999999+09:00' })]))).status, 200);
      assert.equal((await exportOf(app, '/records.jsonl?since=1')).status, 400);
      assert.equal((await exportOf(app, '/records.jsonl?since=2024-02-30')).status, 400);
      assert.equal((await exportOf(app, '/records.jsonl?since=2024-02-29')).status, 200);
    });

    it('takes application/json only, and logs a fault by its code, never the record', async () => {
      for (const type of ['application/jsonp', 'text/json', 'application/json-seq'])
        assert.equal((await post(app, envelope([record()]), { 'content-type': type })).status, 415, type);
      assert.equal(
        (await post(app, envelope([record()]), { 'content-type': 'Application/JSON; charset=utf-8' })).status,
        200,
      );
      // A real database error that quotes the row (a NUL slipped into the stored JSON by a faulty store).
      const faulty = {
        ...store,
        transaction: (work) =>
          store.transaction((tx) =>
            work({
              query: (sql, params) =>
                tx.query(
                  sql,
                  sql.startsWith('INSERT INTO records')
                    ? params.map((p, i) => (i === 7 ? p.replace('"title":"', '"title":"\\u0000') : p))
                    : params,
                ),
            }),
          ),
      };
      const logged = mock.method(console, 'error', () => undefined);
      const response = await post(
        createApp({ store: faulty }),
        envelope([record({ title: '秘密の会議 secret-title' })]),
      );
      assert.equal(response.status, 500);
      const text = logged.mock.calls
        .map((call) => call.arguments.map((arg) => String(arg?.stack ?? arg)).join(' '))
        .join('\n');
      logged.mock.restore();
      assert.match(text, /22P05/);
      assert.doesNotMatch(text, /secret-title|秘密/);
      assert.deepEqual(await response.json(), { error: 'internal error' });
    });

    it('verifies signed chains: verified records, and a deleted record shows as a gap', async () => {
      const signer = makeSigner();
      const chain = Array.from({ length: 6 }, (_, i) =>
        signer.next(record({ installation: 'chain-a', detail: `r${i + 1}` })),
      );
      const [first, second, third, fourth, fifth, sixth] = chain;
      assert.equal(first.prev, GENESIS);
      const response = await postSigned(app, 'chain-a', signer.publicKey, [first, second, fourth, fifth, sixth]);
      assert.deepEqual(await response.json(), { accepted: 5, stored: 5 });
      const lines = (await exportLines(await exportOf(app, '/records.jsonl'), 50_000)).filter(
        (line) => line.installation === 'chain-a',
      );
      const state = Object.fromEntries(lines.map((line) => [line.detail, line.integrity]));
      assert.deepEqual(state, { r1: 'verified', r2: 'verified', r4: 'gap-before', r5: 'verified', r6: 'verified' });
      // An exported line verifies on its own: drop `integrity`, check the signature with the installation's key.
      const report = await integrityOf(app, 'chain-a');
      const { integrity: _state, ...firstLine } = lines[0];
      assert.ok(verifyRecord(firstLine, importPublicJwk(report.key.publicKey)));
      assert.deepEqual(report.gaps, [{ from: 3, to: 3 }]);
      assert.deepEqual(report.states, { 'gap-before': 1, verified: 4 });
      assert.equal(report.lastSeq, 6);
      // The missing record arrives late: the gap closes.
      await postSigned(app, 'chain-a', signer.publicKey, [third]);
      assert.deepEqual((await integrityOf(app, 'chain-a')).gaps, []);
      assert.deepEqual((await integrityOf(app, 'chain-a')).states, { verified: 6 });
      // The admin's check of an export, away from the collector (docs/admin-guide.md §10.4).
      const exported = (await exportLines(await exportOf(app, '/records.jsonl'), 50_000)).filter(
        (line) => line.installation === 'chain-a',
      );
      const dir = mkdtempSync(join(tmpdir(), 'mg-verify-'));
      try {
        const write = (name, text) => {
          writeFileSync(join(dir, name), text);
          return join(dir, name);
        };
        const keys = write('integrity.json', await (await exportOf(app, '/integrity')).text());
        const run = (file) =>
          spawnSync(
            process.execPath,
            ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'verify-export.ts'), file, keys],
            {
              encoding: 'utf8',
            },
          );
        const good = run(write('good.jsonl', exported.map((line) => `${JSON.stringify(line)}\n`).join('')));
        assert.equal(good.status, 0, good.stdout + good.stderr);
        assert.match(good.stdout, /^verified 6, unsigned 0, problems 0$/m);
        const tampered = exported.map((line) => JSON.stringify(line.seq === 5 ? { ...line, detail: 'r6' } : line));
        const bad = run(write('bad.jsonl', tampered.filter((line) => !line.includes('"seq":2')).join('\n')));
        assert.equal(bad.status, 1);
        assert.match(bad.stdout, new RegExp(`${fifth.id}: signature does not verify`));
        assert.match(bad.stdout, /chain-a: seq 2–2 missing/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const csv = await (await exportOf(app, '/records.csv')).text();
      assert.ok(csv.split('\r\n')[0].endsWith(',installation,seq,integrity'));
      assert.match(csv, new RegExp(`${third.id},.*,chain-a,3,verified\r\n`));
    });

    it('keeps the genuine record when a forged copy of its id came first, and names the forged one', async () => {
      const signer = makeSigner();
      const genuine = Array.from({ length: 4 }, (_, i) =>
        signer.next(record({ installation: 'chain-b', event: 'guard', detail: i === 2 ? 'stopped' : `r${i + 1}` })),
      );
      await postSigned(app, 'chain-b', signer.publicKey, genuine.slice(0, 2));
      // The forger knows the id, seq and prev of record 3 (not yet delivered) but not the private key:
      // a copy signed with another key, posted under the same installation, before the genuine one.
      const forger = makeSigner();
      const forged = forger.sign({ ...genuine[2], detail: 'proceeded' });
      assert.equal((await postSigned(app, 'chain-b', forger.publicKey, [forged])).status, 200);
      let report = await integrityOf(app, 'chain-b');
      assert.equal(report.otherKeys.length, 1, 'a second key for the installation is flagged');
      assert.deepEqual(report.otherKeys[0].publicKey, forger.publicKey);
      assert.deepEqual(report.key.publicKey, signer.publicKey);
      // Unsigned forgery of record 4, likewise first.
      const { seq: _s, prev: _p, sig: _g, ...plain } = genuine[3];
      await post(app, {
        extension: 'meeting-guard',
        version: '0.1.0',
        installation: 'chain-b',
        records: [{ ...plain, detail: 'forged' }],
      });
      // Now the genuine records arrive.
      assert.deepEqual(await (await postSigned(app, 'chain-b', signer.publicKey, genuine.slice(2))).json(), {
        accepted: 2,
        stored: 2,
      });
      const lines = (await exportLines(await exportOf(app, '/records.jsonl'), 50_000)).filter(
        (line) => line.installation === 'chain-b',
      );
      assert.deepEqual(Object.fromEntries(lines.map((line) => [line.detail, line.integrity])), {
        r1: 'verified',
        r2: 'verified',
        stopped: 'conflict',
        r4: 'conflict',
      });
      report = await integrityOf(app, 'chain-b');
      assert.deepEqual(report.gaps, []);
      const third = report.conflicts.find((conflict) => conflict.id === genuine[2].id);
      const kept = third.copies.find((copy) => copy.kept);
      const apart = third.copies.find((copy) => !copy.kept);
      assert.deepEqual(
        [kept.signature, kept.linksBack, kept.linksForward, kept.suspect],
        ['verified', true, true, false],
      );
      assert.deepEqual([apart.signature, apart.linksForward, apart.suspect], ['key-conflict', false, true]);
      const fourth = report.conflicts.find((conflict) => conflict.id === genuine[3].id);
      assert.deepEqual(
        fourth.copies.map((copy) => [copy.kept, copy.signature, copy.suspect]),
        [
          [true, 'verified', false],
          [false, 'unsigned', true],
        ],
      );
      // Sent again, the forged copy changes nothing and is not stored twice.
      await postSigned(app, 'chain-b', forger.publicKey, [forged]);
      assert.equal((await integrityOf(app, 'chain-b')).conflicts.find((c) => c.id === genuine[2].id).copies.length, 2);
    });

    it('flags a bad signature and a broken link', async () => {
      const signer = makeSigner();
      const [one, two, three] = Array.from({ length: 3 }, (_, i) =>
        signer.next(record({ installation: 'chain-c', detail: `r${i + 1}` })),
      );
      const tampered = { ...two, detail: 'r2!' };
      const relinked = signer.sign({ ...three, prev: 'f'.repeat(64) });
      await postSigned(app, 'chain-c', signer.publicKey, [one, tampered, relinked]);
      const report = await integrityOf(app, 'chain-c');
      assert.deepEqual(report.states, { 'bad-signature': 1, 'gap-before': 1, verified: 1 });
      await postSigned(app, 'chain-c', signer.publicKey, [two]);
      assert.deepEqual((await integrityOf(app, 'chain-c')).states, { 'broken-chain': 1, conflict: 1, verified: 1 });
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
    MIGRATIONS.map((_, index) => index + 1),
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
