// Real Chromium with the built extension and the reference collector on PGlite (issue 9): records reach
// the admin's collector exactly once through a refusing, a hanging and an interrupted endpoint.
// Between the browser and the collector stands a small TLS gateway (as an admin puts TLS in front),
// which the test switches between refusing, hanging and forwarding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import selfsigned from 'selfsigned';
import { tsImport } from 'tsx/esm/api';
import {
  extensionPage,
  launchChromium,
  openMeeting,
  popupState,
  popupWhen,
  startFixtureServer,
  stopServiceWorker,
  waitFor,
} from './harness.mjs';

// The collector is TypeScript: loaded through tsx, as `npm run collector` runs it.
const { createApp } = await tsImport('../../collector/src/app.ts', import.meta.url);
const { integrityReport, openStore } = await tsImport('../../collector/src/db.ts', import.meta.url);

const RECORDS_HOST = 'records.city-example.jp';
const TOKEN = 'mg-post-only-e2e-0123';
const POLICY = { reportEndpoint: `https://${RECORDS_HOST}/records`, reportToken: TOKEN };
/** The first retry comes 30 s after a failure (Chrome's shortest alarm); waits allow for it and a margin. */
const RETRY_WAIT = 75_000;

/** The collector (PGlite) on a local port, and the TLS gateway in front of it. */
async function startCollector() {
  const dir = mkdtempSync(join(tmpdir(), 'mg-e2e-collector-'));
  const store = await openStore({ dataDir: dir });
  const app = createApp({ store, adminToken: 'admin', reportToken: TOKEN });
  const http = await new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  const collectorUrl = `http://127.0.0.1:${http.address().port}`;

  const gateway = { mode: 'refuse', posts: [], held: new Set() };
  const pems = await selfsigned.generate([{ name: 'commonName', value: RECORDS_HOST }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: RECORDS_HOST }] }],
  });
  const tls = createServer({ key: pems.private, cert: pems.cert }, async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const origin = request.headers.origin ?? '';
    const forward = async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      );
      const answer = await fetch(`${collectorUrl}${request.url}`, {
        method: request.method,
        headers,
        body: request.method === 'POST' ? body : undefined,
      });
      return { status: answer.status, headers: Object.fromEntries(answer.headers), text: await answer.text() };
    };
    // The CORS preflight always goes through: what the test varies is the POST's fate.
    if (request.method !== 'POST') {
      const answer = await forward();
      response.writeHead(answer.status, answer.headers).end(answer.text);
      return;
    }
    const post = { ids: JSON.parse(body.toString()).records.map((record) => record.id), mode: gateway.mode };
    post.authorization = request.headers.authorization;
    gateway.posts.push(post);
    if (gateway.mode === 'refuse') {
      response.writeHead(503, { 'access-control-allow-origin': origin, 'content-type': 'text/plain' }).end('later');
      return;
    }
    if (gateway.mode === 'hang' || gateway.mode === 'store-then-hang') {
      // Never answered; the extension's timeout or a stopped worker ends it.
      if (gateway.mode === 'store-then-hang') post.stored = (await forward()).status;
      gateway.held.add(response);
      response.on('close', () => gateway.held.delete(response));
      return;
    }
    const answer = await forward();
    response.writeHead(answer.status, answer.headers).end(answer.text);
  });
  await new Promise((resolve) => tls.listen(0, '127.0.0.1', resolve));

  return {
    gateway,
    port: tls.address().port,
    /** How often the collector stored each id of an installation (it must be once). */
    async stored(installation) {
      const { rows } = await store.query(
        "SELECT id::text AS id, count(*)::int AS n FROM records WHERE record->>'installation' = $1 GROUP BY id",
        [installation],
      );
      return new Map(rows.map((row) => [row.id, row.n]));
    },
    /** The collector's verification of an installation's signed chain (GET /integrity). */
    async integrity(installation) {
      return (await integrityReport(store, { installation })).installations[0];
    },
    async close() {
      for (const response of gateway.held) response.destroy();
      await new Promise((resolve) => tls.close(resolve));
      await new Promise((resolve) => http.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the options page shows: every record's event and id, the waiting count, the last error's status. */
async function optionsState(run) {
  const page = await extensionPage(run, 'options/index.html');
  try {
    await page.waitForSelector('main:not([aria-busy])');
    return await page.evaluate(() => ({
      records: [...document.querySelectorAll('[data-record-id]')].map((row) => ({
        id: row.getAttribute('data-record-id'),
        event: row.getAttribute('data-record'),
      })),
      waiting: Number(document.querySelector('.delivery')?.getAttribute('data-waiting')),
      lastErrorStatus: document.querySelector('.delivery .last-error')?.getAttribute('data-status'),
      installation: document.querySelector('.installation')?.textContent,
    }));
  } finally {
    await page.close();
  }
}

/** A meeting with its class marked and an item confirmed: a warnings, a classification and a confirmed record. */
async function makeRecords(run, server) {
  const { page, tabId } = await openMeeting(
    run,
    server,
    'https://meet.google.com/abc-defg-hij',
    'meet/in-call-bare.ja',
  );
  const { popup } = await popupWhen(run, tabId);
  await popup.check('input[name="classification"][value="3"]');
  await waitFor(async () => (await popupState(popup)).classification === '3', { message: 'class 3 shown' });
  return { page, popup, tabId };
}

describe('records delivered to the collector (Chromium)', () => {
  let server;
  let collector;
  before(async () => {
    server = await startFixtureServer();
    collector = await startCollector();
  });
  after(async () => {
    await collector?.close();
    await server?.close();
  });

  async function launch() {
    return launchChromium(server, { locale: 'ja-JP', policy: POLICY, extraHosts: { [RECORDS_HOST]: collector.port } });
  }

  it('a collector that refuses the first posts then accepts receives every record once, with no new record to trigger the retry', async () => {
    collector.gateway.mode = 'refuse';
    collector.gateway.posts.length = 0;
    const run = await launch();
    try {
      const { page, popup } = await makeRecords(run, server);
      await waitFor(() => collector.gateway.posts.length > 0, { message: 'a refused post' });
      const before = await waitFor(
        async () => {
          const state = await optionsState(run);
          return state.waiting >= 2 && state.waiting === state.records.length && state.lastErrorStatus ? state : null;
        },
        { message: 'records waiting after the refusal' },
      );
      assert.equal(before.lastErrorStatus, '503');
      // The policy in effect is recorded too, since the policy names an endpoint (the console's fleet page reads it).
      assert.deepEqual(
        new Set(before.records.map((record) => record.event)),
        new Set(['policy', 'warnings', 'classification']),
      );
      for (const p of [popup, page]) await p.close();
      const refused = collector.gateway.posts.length;
      collector.gateway.mode = 'forward';
      // No new record from here on: only the retry alarm can deliver them.
      const stored = await waitFor(
        async () => {
          const counts = await collector.stored(before.installation);
          return counts.size >= before.records.length ? counts : null;
        },
        { timeout: RETRY_WAIT, message: 'records at the collector' },
      );
      const after = await optionsState(run);
      assert.deepEqual(
        after.records.map((record) => record.id).sort(),
        before.records.map((record) => record.id).sort(),
        'no new record was made',
      );
      assert.deepEqual([...stored.keys()].sort(), before.records.map((record) => record.id).sort());
      for (const [id, count] of stored) assert.equal(count, 1, id);
      assert.equal(after.waiting, 0);
      // The real extension's records are signed as one chain: every one verifies, no gap, no conflict.
      const integrity = await collector.integrity(after.installation);
      assert.deepEqual(integrity.states, { verified: after.records.length });
      assert.deepEqual([integrity.gaps, integrity.conflicts, integrity.otherKeys], [[], [], []]);
      assert.equal(integrity.lastSeq, after.records.length);
      const accepted = collector.gateway.posts.slice(refused).flatMap((post) => post.ids);
      assert.equal(new Set(accepted).size, accepted.length, 'an accepted id is not sent again');
      assert.ok(collector.gateway.posts.every((post) => post.authorization === `Bearer ${TOKEN}`));
    } finally {
      await run.close();
    }
  });

  it('a hanging endpoint leaves class marks in the popup immediate', async () => {
    collector.gateway.mode = 'hang';
    collector.gateway.posts.length = 0;
    const run = await launch();
    try {
      const { page, tabId } = await openMeeting(
        run,
        server,
        'https://meet.google.com/abc-defg-hij',
        'meet/in-call-bare.ja',
      );
      const { popup } = await popupWhen(run, tabId);
      await waitFor(() => collector.gateway.held.size > 0, { message: 'a send hanging' });
      const started = Date.now();
      await popup.check('input[name="classification"][value="3"]');
      await waitFor(async () => (await popupState(popup)).classification === '3', { message: 'class 3 shown' });
      const shownAfter = Date.now() - started;
      // Shown while the send still hangs (the extension gives up on it only after 10 s).
      assert.ok(collector.gateway.held.size > 0, 'the send was still hanging when the mark showed');
      console.log(`class mark shown ${shownAfter} ms after the click, with the endpoint hanging`);
      await popup.check('input[name="classification"][value="1"]');
      await waitFor(async () => (await popupState(popup)).classification === '1', { message: 'class 1 shown' });
      assert.ok(collector.gateway.held.size > 0, 'still hanging');
      for (const p of [popup, page]) await p.close();
    } finally {
      await run.close();
    }
  });

  it('a service worker stopped in the middle of a send loses and duplicates nothing', async () => {
    collector.gateway.mode = 'store-then-hang';
    collector.gateway.posts.length = 0;
    const run = await launch();
    try {
      const { page, popup } = await makeRecords(run, server);
      // The collector stored the batch, but its answer never reaches the extension.
      await waitFor(() => collector.gateway.posts.some((post) => post.stored === 200) && collector.gateway.held.size, {
        message: 'a stored batch whose answer is held',
      });
      const interrupted = collector.gateway.posts.find((post) => post.stored === 200).ids;
      await stopServiceWorker(run, page);
      collector.gateway.mode = 'forward';
      for (const p of [popup, page]) await p.close();
      const final = await waitFor(
        async () => {
          const state = await optionsState(run);
          return state.waiting === 0 && state.records.length ? state : null;
        },
        { timeout: RETRY_WAIT, message: 'every record accepted after the restart' },
      );
      const stored = await collector.stored(final.installation);
      assert.deepEqual([...stored.keys()].sort(), final.records.map((record) => record.id).sort());
      for (const [id, count] of stored) assert.equal(count, 1, id);
      // The real extension's records are signed as one chain: every one verifies, no gap, no conflict.
      const integrity = await collector.integrity(final.installation);
      assert.deepEqual(integrity.states, { verified: final.records.length });
      assert.deepEqual([integrity.gaps, integrity.conflicts, integrity.otherKeys], [[], [], []]);
      assert.equal(integrity.lastSeq, final.records.length);
      const resent = collector.gateway.posts.filter((post) => post.mode === 'forward').flatMap((post) => post.ids);
      assert.ok(
        interrupted.some((id) => resent.includes(id)),
        'the interrupted batch was sent again, and the collector kept each id once',
      );
    } finally {
      await run.close();
    }
  });
});
