// The repair loop's collector side (issue 20), shared by chromium-report.test.mjs and firefox-report.test.mjs: the
// reference collector on PGlite behind a TLS server, as an admin puts TLS in front, and what the tests look for in
// the Webex fixture the report is made on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import selfsigned from 'selfsigned';
import { tsImport } from 'tsx/esm/api';
import { waitFor } from './harness.mjs';

// The collector is TypeScript: loaded through tsx, as `npm run collector` runs it.
const { createApp } = await tsImport('../../collector/src/app.ts', import.meta.url);
const { openStore } = await tsImport('../../collector/src/db.ts', import.meta.url);
const { signingKey } = await tsImport('../../collector/src/rules.ts', import.meta.url);

export const COLLECTOR_HOST = 'guard.city-example.jp';
const ADMIN = 'admin-e2e';
export const WEBEX_ROOM = 'https://example.webex.com/meet/taro.yamada';
/** Every word of the fixture's chat, captions, participant tiles and list (test/fixtures/webex/report-meeting.en). */
export const PRIVATE = ['Hanako', 'Suzuki', 'Jiro', 'Sato', 'harbour', '48,210,000', 'budget', 'mayor', 'vote'];

/** The collector on PGlite, behind a TLS server for COLLECTOR_HOST on a free local port. */
export async function startCollector() {
  const dir = mkdtempSync(join(tmpdir(), 'mg-e2e-rules-'));
  const store = await openStore({ dataDir: dir });
  const app = createApp({ store, adminToken: ADMIN });
  const http = await new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  const base = `http://127.0.0.1:${http.address().port}`;
  const pems = await selfsigned.generate([{ name: 'commonName', value: COLLECTOR_HOST }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: COLLECTOR_HOST }] }],
  });
  const tls = createServer({ key: pems.private, cert: pems.cert }, async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    );
    const answer = await fetch(`${base}${request.url}`, {
      method: request.method,
      headers,
      body: ['GET', 'HEAD', 'OPTIONS'].includes(request.method) ? undefined : Buffer.concat(chunks),
    });
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
  });
  await new Promise((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const api = async (path, init = {}) => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers },
    });
    return { status: response.status, body: await response.json() };
  };
  return {
    port: tls.address().port,
    publicKey: (await signingKey(store)).publicKey,
    api,
    async close() {
      await new Promise((resolve) => tls.close(resolve));
      await new Promise((resolve) => http.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Finds the first node of a snapshot tree whose attributes satisfy `test`. */
function findNode(node, test) {
  if (test(node.attrs ?? {})) return node;
  for (const child of node.children ?? []) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return null;
}

/**
 * The admin's side of the loop, the same in every browser: the report `recordId` reaches the collector with the
 * indicator and none of PRIVATE; a rule made from the indicator is added and published as version 1.
 */
export async function publishRuleFromReport(collector, recordId) {
  const report = await waitFor(
    async () => {
      const { body } = await collector.api(`/reports/${recordId}`);
      return body.report ? body : null;
    },
    { timeout: 30_000, message: 'the report at the collector' },
  );
  const stored = JSON.stringify(report);
  for (const word of PRIVATE) assert.ok(!stored.includes(word), `the collector holds no "${word}"`);
  assert.equal(report.report.signal, 'recording');
  const indicator = report.report.frames
    .map((frame) => findNode(frame.root, (attrs) => attrs['data-test'] === 'recording-status-indicator'))
    .find(Boolean);
  assert.ok(indicator, 'the snapshot holds the indicator');
  assert.equal(indicator.attrs['aria-label'], 'Recording');
  const added = await collector.api('/rules/entries', {
    method: 'POST',
    body: JSON.stringify({
      report: recordId,
      service: 'webex',
      key: 'recordingOn',
      value: `[data-test="${indicator.attrs['data-test']}"]`,
    }),
  });
  assert.equal(added.status, 200);
  const published = await collector.api('/rules/publish', { method: 'POST' });
  assert.equal(published.body.version, 1);
}
