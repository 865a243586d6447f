/**
 * Background's rules (background/rules-fetch.ts): a good document is kept and pushed to open tabs; a bad
 * signature, an expired one, one that tries to remove or replace, one over the size limit, a failed fetch and an
 * older version are refused and the last good rules stay in force; rules apply only while the policy names the
 * URL and key they came with.
 */
import { describe, expect, it } from 'vitest';
import { createRules, type FetchResult, type RulesStatus } from '../../background/rules-fetch';
import { effectivePolicy, parseUserSettings } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';
import { MAX_RULES_BYTES, RULES_FORMAT } from '../../src/rules-document';

const NOW = Date.parse('2026-12-07T04:00:00Z');
const DAY = 86_400_000;
const URL_A = 'https://guard.city.example.jp/rules.json';

async function keyPair() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: btoa(String.fromCharCode(...spki)) };
}

async function sign(payload: unknown, privateKey: CryptoKey): Promise<string> {
  const text = JSON.stringify(payload);
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(text)),
  );
  return JSON.stringify({ payload: text, signature: btoa(String.fromCharCode(...signature)) });
}

const payload = (version: number, services: unknown, extra: Record<string, unknown> = {}) => ({
  format: RULES_FORMAT,
  version,
  issued: new Date(NOW - DAY).toISOString(),
  expires: new Date(NOW + 30 * DAY).toISOString(),
  services,
  notetakerNames: [],
  ...extra,
});

async function setup() {
  const { privateKey, publicKey } = await keyPair();
  let raw: Record<string, unknown> = { rulesUrl: URL_A, rulesPublicKey: publicKey };
  let answer: FetchResult = { ok: false, message: 'nothing yet' };
  let state: Omit<RulesStatus, 'url'> = {};
  let pushes = 0;
  const rules = createRules({
    policy: async () => effectivePolicy(parsePolicy(raw), parseUserSettings({})),
    fetchText: async () => answer,
    load: async () => structuredClone(state),
    save: async (next) => {
      state = structuredClone(next);
    },
    changed: async () => {
      pushes += 1;
    },
    now: () => NOW,
  });
  return {
    rules,
    privateKey,
    serve: (next: FetchResult) => {
      answer = next;
    },
    setPolicy: (next: Record<string, unknown>) => {
      raw = next;
    },
    pushes: () => pushes,
    publicKey,
  };
}

const GOOD = { webex: { recordingOn: { add: ['[data-test="recording-status-indicator"]'] } } };

describe('createRules', () => {
  it('keeps a good document, pushes it to open tabs, and keeps it through every refusal', async () => {
    const t = await setup();
    t.serve({ ok: true, text: await sign(payload(2, GOOD), t.privateKey) });
    const first = await t.rules.refresh();
    expect(first.inForce?.payload.version).toBe(2);
    expect(first.lastError).toBeUndefined();
    expect(await t.rules.inForce()).toEqual(expect.objectContaining({ services: GOOD }));
    expect(t.pushes()).toBe(1);

    const other = await keyPair();
    const refusals: [string, FetchResult, RegExp][] = [
      ['bad signature', { ok: true, text: await sign(payload(3, {}), other.privateKey) }, /signature/],
      [
        'expired',
        { ok: true, text: await sign(payload(3, {}, { expires: new Date(NOW - 1).toISOString() }), t.privateKey) },
        /expired/,
      ],
      [
        'replace',
        { ok: true, text: await sign(payload(3, { webex: { recordingOn: { replace: [] } } }), t.privateKey) },
        /may only add/,
      ],
      [
        'remove',
        { ok: true, text: await sign(payload(3, { webex: { recordingOn: { remove: ['x'] } } }), t.privateKey) },
        /may only add/,
      ],
      [
        'over size',
        { ok: true, text: await sign(payload(3, GOOD, { pad: 'x'.repeat(MAX_RULES_BYTES) }), t.privateKey) },
        /larger than/,
      ],
      ['older version', { ok: true, text: await sign(payload(1, {}), t.privateKey) }, /older/],
      ['fetch failed', { ok: false, message: 'HTTP 503' }, /HTTP 503/],
    ];
    for (const [name, answer, reason] of refusals) {
      t.serve(answer);
      const status = await t.rules.refresh();
      expect(status.lastError, name).toMatch(reason);
      expect(status.inForce?.payload.version, name).toBe(2);
      expect(await t.rules.inForce(), name).toEqual(expect.objectContaining({ version: 2, services: GOOD }));
    }
    expect(t.pushes()).toBe(1);
  });

  it('applies the kept rules only while the policy names their URL and key', async () => {
    const t = await setup();
    t.serve({ ok: true, text: await sign(payload(1, GOOD), t.privateKey) });
    await t.rules.refresh();
    expect(await t.rules.inForce()).toBeDefined();
    t.setPolicy({ rulesUrl: 'https://elsewhere.example.jp/rules.json', rulesPublicKey: t.publicKey });
    expect(await t.rules.inForce()).toBeUndefined();
    t.setPolicy({});
    expect(await t.rules.inForce()).toBeUndefined();
    expect((await t.rules.refresh()).url).toBe('');
  });
});
