// The repair loop on the collector (issue 20), on PGlite and on a real PostgreSQL: detection reports listed for
// the admin, a report's suggestion turned into a rule, publication signed with the collector's own key (kept in
// the database: a second collector on the same PostgreSQL signs with the same key), GET /rules.json verified the
// way the extension verifies it (WebCrypto, ECDSA P-256), and the admin routes closed without the token.
import assert from 'node:assert/strict';
import { randomUUID, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../src/app.ts';
import { openStore } from '../src/db.ts';
import { RULES_VALID_DAYS, signingKey, signPayload } from '../src/rules.ts';
import { startPostgres } from './postgres.js';

const ADMIN = 'admin-token-for-tests';
const NOW = Date.parse('2026-12-07T04:00:00Z');
const DAY = 86_400_000;
const admin = { authorization: `Bearer ${ADMIN}` };

const report = (suggestion) => ({
  id: randomUUID(),
  at: new Date(NOW).toISOString(),
  event: 'detection-report',
  version: '0.1.0',
  installation: 'inst-1',
  service: 'webex',
  report: {
    service: 'webex',
    signal: 'recording',
    problem: 'missed',
    note: '',
    frames: [{ address: 'example.webex.com/x', root: { tag: 'body' } }],
    ...(suggestion ? { suggestion } : {}),
  },
});

async function verifies(document, publicKey) {
  const key = await webcrypto.subtle.importKey(
    'spki',
    Buffer.from(publicKey, 'base64'),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return webcrypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(document.signature, 'base64'),
    new TextEncoder().encode(document.payload),
  );
}

function rulesSuite(name, open, { shared = false } = {}) {
  describe(`rules on ${name}`, () => {
    let store;
    let app;
    let cleanup;
    let second;
    let now = NOW;
    before(async () => {
      ({ store, cleanup, second } = await open());
      app = createApp({ store, adminToken: ADMIN, now: () => now });
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('keeps the admin routes closed without the token, and the rules public', async () => {
      for (const path of ['/reports', '/rules/entries']) assert.equal((await app.request(path)).status, 401, path);
      assert.equal((await app.request('/rules/publish', { method: 'POST' })).status, 401);
      assert.equal((await app.request('/rules.json')).status, 404);
      const key = await app.request('/rules-key', { headers: { origin: 'chrome-extension://abc' } });
      assert.equal(key.status, 200);
      assert.equal(key.headers.get('access-control-allow-origin'), '*');
      assert.match((await key.json()).rulesPublicKey, /^MF[A-Za-z0-9+/]+=*$/);
    });

    it('lists reports, turns a suggestion into a rule, publishes a document the extension verifies', async () => {
      const suggestion = {
        service: 'webex',
        signal: 'recording',
        key: 'recordingOn',
        value: '[role="status"][aria-label="Recording"]',
        matches: 1,
      };
      const sent = report(suggestion);
      const posted = await app.request('/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extension: 'meeting-guard', version: '0.1.0', installation: 'inst-1', records: [sent] }),
      });
      assert.equal(posted.status, 200);
      const { reports } = await (await app.request('/reports', { headers: admin })).json();
      assert.equal(reports.length, 1);
      assert.deepEqual(
        { id: reports[0].id, signal: reports[0].signal, suggestion: reports[0].suggestion, frames: reports[0].frames },
        { id: sent.id, signal: 'recording', suggestion, frames: 1 },
      );
      const full = await (await app.request(`/reports/${sent.id}`, { headers: admin })).json();
      assert.deepEqual(full.report.frames, sent.report.frames);

      const added = await app.request('/rules/entries', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ report: sent.id }),
      });
      assert.equal(added.status, 200);
      const entry = await added.json();
      assert.match(entry.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(entry, {
        id: entry.id,
        service: 'webex',
        key: 'recordingOn',
        value: suggestion.value,
        report: sent.id,
      });
      const published = await (await app.request('/rules/publish', { method: 'POST', headers: admin })).json();
      assert.equal(published.version, 1);

      const response = await app.request('/rules.json', { headers: { origin: 'moz-extension://x' } });
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const document = await response.json();
      const { rulesPublicKey } = await (await app.request('/rules-key')).json();
      assert.equal(await verifies(document, rulesPublicKey), true);
      const payload = JSON.parse(document.payload);
      assert.deepEqual(payload.services, { webex: { recordingOn: { add: [suggestion.value] } } });
      assert.equal(payload.format, 'meeting-guard-rules/1');
      assert.equal(Date.parse(payload.expires) - Date.parse(payload.issued), RULES_VALID_DAYS * DAY);
    });

    it('refuses a bad entry, keeps an entry once, removes one, and numbers publications', async () => {
      const post = (body) =>
        app.request('/rules/entries', {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      assert.equal((await post({ service: 'Webex!', key: 'recordingOn', value: 'x' })).status, 400);
      assert.equal((await post({ service: 'webex', key: 'recording On', value: 'x' })).status, 400);
      assert.equal((await post({ report: randomUUID() })).status, 404);
      const one = await (await post({ service: 'teams', key: 'recordingNoticeText', value: '録画中' })).json();
      const again = await (await post({ service: 'teams', key: 'recordingNoticeText', value: '録画中' })).json();
      assert.equal(again.id, one.id);
      const { entries } = await (await app.request('/rules/entries', { headers: admin })).json();
      assert.equal(entries.length, 2);
      const removed = await app.request(`/rules/entries/${one.id}`, { method: 'DELETE', headers: admin });
      assert.equal(removed.status, 200);
      const published = await (await app.request('/rules/publish', { method: 'POST', headers: admin })).json();
      assert.equal(published.version, 2);
    });

    it('signs the same version again once half its validity has passed', async () => {
      const first = await (await app.request('/rules.json')).json();
      now = NOW + (RULES_VALID_DAYS / 2 + 1) * DAY;
      const later = await (await app.request('/rules.json')).json();
      const [before, after] = [JSON.parse(first.payload), JSON.parse(later.payload)];
      assert.equal(after.version, before.version);
      assert.equal(after.issued, new Date(now).toISOString());
      const { rulesPublicKey } = await (await app.request('/rules-key')).json();
      assert.equal(await verifies(later, rulesPublicKey), true);
      now = NOW;
    });

    it('signs with one key shared by every collector on the database', { skip: !shared }, async () => {
      const other = createApp({ store: await second(), adminToken: ADMIN });
      const mine = await (await app.request('/rules-key')).json();
      const theirs = await (await other.request('/rules-key')).json();
      assert.equal(theirs.rulesPublicKey, mine.rulesPublicKey);
    });
  });
}

rulesSuite('PGlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-rules-'));
  return { store: await openStore({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});

rulesSuite(
  'PostgreSQL',
  async () => {
    const postgres = await startPostgres();
    const store = await openStore({ databaseUrl: postgres.url });
    const others = [];
    return {
      store,
      second: async () => {
        const other = await openStore({ databaseUrl: postgres.url });
        others.push(other);
        return other;
      },
      cleanup: async () => {
        for (const other of others) await other.close();
        await postgres.stop();
      },
    };
  },
  { shared: true },
);

describe('the rules signing key under COLLECTOR_RULES_KEY_PASSPHRASE (PGlite)', () => {
  let dir;
  let store;
  const stored = async () =>
    (await store.query("SELECT private_pkcs8 FROM signing_keys WHERE name = 'rules'")).rows[0].private_pkcs8;
  const signs = async ({ privateKey, publicKey }) =>
    verifies({ payload: 'payload', signature: signPayload(privateKey, 'payload') }, publicKey);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mg-rules-key-'));
    store = await openStore({ dataDir: dir });
  });
  after(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a key stored before the passphrase is encrypted in place, keeps its public half, and opens only with it', async () => {
    const plain = await signingKey(store, undefined);
    assert.match(await stored(), /^-----BEGIN PRIVATE KEY-----/);
    const encrypted = await signingKey(store, 'correct horse battery staple');
    assert.equal(encrypted.publicKey, plain.publicKey);
    assert.match(await stored(), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(await signs(encrypted), true);
    // Read again with the passphrase: the same key signs.
    assert.equal(await signs(await signingKey(store, 'correct horse battery staple')), true);
    await assert.rejects(signingKey(store, undefined), /stored encrypted: set COLLECTOR_RULES_KEY_PASSPHRASE/);
    await assert.rejects(signingKey(store, 'wrong passphrase'), /does not open the rules signing key/);
  });

  it('a new key made with a passphrase is stored encrypted from the start', async () => {
    await store.query("DELETE FROM signing_keys WHERE name = 'rules'");
    const made = await signingKey(store, 'another passphrase');
    assert.match(await stored(), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(await signs(made), true);
  });
});
