/**
 * The extension signs (src/record-chain.ts) and the collector verifies (collector/src/chain.ts): the
 * two must agree byte for byte on the canonical form, the hash and the signature. The canonical form is
 * written once (contract/record-chain.ts) and both sides use that one.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RecordLog } from '../../background/record-log';
import * as collector from '../../collector/src/chain';
import * as contract from '../../contract/record-chain';
import {
  canonicalJson,
  EMPTY_CHAIN,
  GENESIS,
  newSigningKey,
  publicJwk,
  recordHash,
  signAfter,
} from '../../src/record-chain';
import type { RecordEntry } from '../../src/records';

const base: RecordEntry = {
  id: '0b5a0f3c-1d2e-4f60-8a7b-9c0d1e2f3a4b',
  at: '2026-12-01T00:00:00.000Z',
  event: 'warnings',
  version: '0.1.0',
  installation: 'inst-1',
  service: 'zoom',
  meetingId: null,
  title: '定例会議 😀 "quoted" \\ back',
  warnings: ['recording', 'transcription'],
  evidence: { z: 1, a: [0.1, -0, 1e21, { ｚ: true, '😀': false, é: null }], m: 'x' },
};

describe('record chain', () => {
  it('writes the same canonical JSON as the collector: keys by UTF-16 code units, no whitespace', () => {
    const value = { b: [3, { y: 1, x: undefined }], a: 'é', '😀': 1, ｚ: 2, Z: -0, n: null };
    expect(canonicalJson(value)).toBe('{"Z":0,"a":"é","b":[3,{"y":1}],"n":null,"😀":1,"ｚ":2}');
    // One implementation: the signer and the verifier both take the contract's, not a copy of it.
    expect(canonicalJson).toBe(contract.canonicalJson);
    expect(collector.canonicalJson).toBe(contract.canonicalJson);
    expect(collector.signedBytes).toBe(contract.signedBytes);
    expect(collector.canonicalJson(value)).toBe(canonicalJson(value));
    expect(canonicalJson(base)).toBe(collector.canonicalJson(JSON.parse(JSON.stringify(base))));
  });

  it('signs records the collector verifies, chained by hash; a one-character change fails', async () => {
    const pair = await newSigningKey();
    expect(pair.privateKey.extractable).toBe(false);
    const jwk = await publicJwk(pair.publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const key = collector.importPublicJwk(jwk);
    expect(key).not.toBeNull();
    const first = await signAfter(base, EMPTY_CHAIN, pair.privateKey);
    const second = await signAfter(
      { ...base, id: 'c0ffee00-1d2e-4f60-8a7b-9c0d1e2f3a4b' },
      first.head,
      pair.privateKey,
    );
    for (const { record } of [first, second]) {
      // As it travels: JSON text, parsed by the collector.
      const received = JSON.parse(JSON.stringify(record));
      expect(collector.verifyRecord(received, key)).toBe(true);
      expect(collector.recordHash(received)).toBe(await recordHash(record));
    }
    expect(first.record).toMatchObject({ seq: 1, prev: GENESIS });
    expect(second.record).toMatchObject({ seq: 2, prev: first.head.hash });
    expect(first.head.hash).toBe(collector.recordHash(JSON.parse(JSON.stringify(first.record))));
    expect(first.record.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const changed = JSON.parse(JSON.stringify(first.record).replace('定例', '定冽'));
    expect(collector.verifyRecord(changed, key)).toBe(false);
    expect(collector.verifyRecord({ ...first.record, seq: 2 }, key)).toBe(false);
    const other = collector.importPublicJwk(await publicJwk((await newSigningKey()).publicKey));
    expect(collector.verifyRecord(first.record, other)).toBe(false);
  });

  it('the record log signs each record as it is appended, and the collector verifies the whole chain', async () => {
    const log = new RecordLog('chain-log');
    const options = { pending: true, retentionDays: 3650, version: '0.1.0', installation: 'inst-1' };
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => log.append({ event: 'confirmed', detail: String(i) }, options)),
    );
    // A restarted service worker: a new RecordLog on the same database continues the chain.
    const restarted = new RecordLog('chain-log');
    await restarted.append({ event: 'guard', detail: 'proceeded' }, options);
    const key = collector.importPublicJwk(await restarted.publicKey());
    expect(await restarted.publicKey()).toEqual(await log.publicKey());
    const records = (await restarted.all()).map((record) => JSON.parse(JSON.stringify(record)));
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    let prev = GENESIS;
    for (const record of records) {
      expect(collector.verifyRecord(record, key)).toBe(true);
      expect(record.prev).toBe(prev);
      prev = collector.recordHash(record);
    }
  });
});
