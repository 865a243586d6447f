/**
 * The signed rules document (src/rules-document.ts): a good one verifies; a bad signature, another key, an
 * expired one, one that tries to remove or replace, one over the size limit and an older version are refused.
 * Each document is signed here with a fresh P-256 key, as the collector signs (collector/src/rules.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  checkPayload,
  MAX_RULES_BYTES,
  notetakersWithRules,
  RULES_FORMAT,
  verifyRulesDocument,
  withRules,
} from '../../src/rules-document';
import { mergeTable } from '../../src/services/service';
import { webex } from '../../src/services/webex';

const NOW = Date.parse('2026-12-07T04:00:00Z');
const DAY = 86_400_000;

async function keyPair() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: btoa(String.fromCharCode(...spki)) };
}

async function signed(payload: unknown, privateKey: CryptoKey, tamper?: (text: string) => string): Promise<string> {
  const text = JSON.stringify(payload);
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(text)),
  );
  return JSON.stringify({ payload: tamper ? tamper(text) : text, signature: btoa(String.fromCharCode(...signature)) });
}

const payload = (extra: Record<string, unknown> = {}) => ({
  format: RULES_FORMAT,
  version: 3,
  issued: new Date(NOW - DAY).toISOString(),
  expires: new Date(NOW + 30 * DAY).toISOString(),
  services: { webex: { recordingOn: { add: ['[data-test="recording-status"]'] } } },
  notetakerNames: ['Minutes Bot'],
  ...extra,
});

describe('verifyRulesDocument', () => {
  it('accepts a document signed with the policy key, within its dates', async () => {
    const { privateKey, publicKey } = await keyPair();
    const verdict = await verifyRulesDocument(await signed(payload(), privateKey), publicKey, NOW);
    expect(verdict).toEqual({
      ok: true,
      payload: expect.objectContaining({
        version: 3,
        services: { webex: { recordingOn: { add: ['[data-test="recording-status"]'] } } },
        notetakerNames: ['Minutes Bot'],
      }),
      dropped: [],
    });
  });

  it('refuses a payload changed after signing', async () => {
    const { privateKey, publicKey } = await keyPair();
    const text = await signed(payload(), privateKey, (json) => json.replace('recording-status', 'recording-statuz'));
    expect(await verifyRulesDocument(text, publicKey, NOW)).toEqual({
      ok: false,
      reason: 'signature does not verify with rulesPublicKey',
    });
  });

  it('refuses a document signed with another key', async () => {
    const signer = await keyPair();
    const other = await keyPair();
    const verdict = await verifyRulesDocument(await signed(payload(), signer.privateKey), other.publicKey, NOW);
    expect(verdict.ok).toBe(false);
  });

  it('refuses an expired document', async () => {
    const { privateKey, publicKey } = await keyPair();
    const text = await signed(payload({ expires: new Date(NOW - 1).toISOString() }), privateKey);
    const verdict = await verifyRulesDocument(text, publicKey, NOW);
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/^expired at/) });
    // The same document was good before it expired.
    expect((await verifyRulesDocument(text, publicKey, NOW - 2 * DAY)).ok).toBe(true);
  });

  it.each([
    ['replace', { replace: ['[data-test="x"]'] }],
    ['remove', { remove: ['[data-test="x"]'] }],
    ['replace beside add', { add: ['a'], replace: [] }],
  ])('refuses a document that tries to take evidence away (%s)', async (_name, change) => {
    const { privateKey, publicKey } = await keyPair();
    const text = await signed(payload({ services: { webex: { recordingOn: change } } }), privateKey);
    const verdict = await verifyRulesDocument(text, publicKey, NOW);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('rules may only add') });
  });

  it('refuses a document over the size limit before reading it', async () => {
    const { privateKey, publicKey } = await keyPair();
    const big = await signed(payload({ padding: 'x'.repeat(MAX_RULES_BYTES) }), privateKey);
    expect(await verifyRulesDocument(big, publicKey, NOW)).toEqual({ ok: false, reason: 'larger than 256 KB' });
  });

  it('refuses a version older than the rules in force, and takes the same or a newer one', async () => {
    const { privateKey, publicKey } = await keyPair();
    const text = await signed(payload(), privateKey);
    expect((await verifyRulesDocument(text, publicKey, NOW, 4)).ok).toBe(false);
    expect((await verifyRulesDocument(text, publicKey, NOW, 3)).ok).toBe(true);
  });

  it('refuses what is not a document', async () => {
    const { publicKey } = await keyPair();
    expect((await verifyRulesDocument('<html>', publicKey, NOW)).ok).toBe(false);
    expect((await verifyRulesDocument('{"payload": 1}', publicKey, NOW)).ok).toBe(false);
    expect((await verifyRulesDocument('{"payload": "{}", "signature": "AAAA"}', 'not a key', NOW)).ok).toBe(false);
  });
});

describe('checkPayload', () => {
  it('drops entries for an unknown service or a key that is not "on" evidence, and keeps the rest', () => {
    const verdict = checkPayload(
      payload({
        services: {
          webex: { recordingOn: { add: ['#rec'] }, inMeeting: { add: ['body'] } },
          nowhere: { recordingOn: { add: ['#rec'] } },
        },
      }),
      NOW,
    );
    expect(verdict).toEqual({
      ok: true,
      payload: expect.objectContaining({ services: { webex: { recordingOn: { add: ['#rec'] } } } }),
      dropped: [
        'services.webex.inMeeting: not an "on" evidence key of webex',
        'services.nowhere.recordingOn: unknown service',
      ],
    });
  });

  it('refuses a document issued more than a day in the future, and a wrong format', () => {
    expect(checkPayload(payload({ issued: new Date(NOW + 2 * DAY).toISOString() }), NOW).ok).toBe(false);
    expect(checkPayload(payload({ format: 'other' }), NOW).ok).toBe(false);
    expect(checkPayload(payload({ version: 0 }), NOW).ok).toBe(false);
  });
});

describe('withRules', () => {
  it('adds the rules to the policy overrides and never takes a policy entry away', () => {
    const rules = checkPayload(payload(), NOW);
    if (!rules.ok) throw new Error(rules.reason);
    const overrides = withRules({ recordingOn: { replace: ['#policy'] } }, rules.payload, 'webex');
    expect(overrides).toEqual({ recordingOn: { replace: ['#policy'], add: ['[data-test="recording-status"]'] } });
    // Built-in entries stay: the merged table holds the built-in list, the policy's and the rules' strings.
    const table = mergeTable(webex.table, withRules({}, rules.payload, 'webex'));
    expect(table.recordingOn).toEqual(['[data-test="recording-status"]', ...(webex.table.recordingOn ?? [])]);
    expect(table.webclientFrame).toEqual(webex.table.webclientFrame);
    expect(withRules({}, rules.payload, 'meet')).toEqual({});
    expect(notetakersWithRules(['Otter'], rules.payload)).toEqual(['Otter', 'Minutes Bot']);
  });
});
