/**
 * Tamper-evident records, the extension's side (the contract in docs/contracts.md): each installation
 * signs its records with its own ECDSA P-256 key (private key non-extractable), and each record carries
 * `seq` (1, 2, 3… in append order), `prev` (the SHA-256 of the record before it) and `sig`, so the
 * collector can tell a forged or deleted record. The canonical form both sides sign and hash is written
 * once, in contract/record-chain.ts; the collector's side is collector/src/chain.ts, and the two are
 * proved to agree by test/unit/record-chain.test.ts.
 */
import { canonicalJson, GENESIS, signedBytes } from '../contract/record-chain';
import type { PublicJwk, RecordEntry } from '../contract/record-contract';

export { canonicalJson, GENESIS, type PublicJwk, signedBytes };

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The last record of the chain: the next one gets seq + 1 and prev = hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS };

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/** Lowercase hex SHA-256 of the record's signed bytes: the next record's `prev`. */
export async function recordHash(record: RecordEntry): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', signedBytes(record)));
}

/** A new key pair for an installation; the private key cannot be exported (it never leaves this browser profile). */
export function newSigningKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(SIGNING, false, ['sign', 'verify']);
}

/** The public key in the envelope's form: `{kty, crv, x, y}` only. */
export async function publicJwk(key: CryptoKey): Promise<PublicJwk> {
  const { x, y } = await crypto.subtle.exportKey('jwk', key);
  if (!x || !y) throw new Error('not an EC public key');
  return { kty: 'EC', crv: 'P-256', x, y };
}

/**
 * Signs `record` (its own fields, whatever seq/prev/sig it had replaced) as the record after `head`;
 * returns the signed record and the new head. Re-signing the head itself: pass the head before it.
 */
export async function signAfter(
  record: RecordEntry,
  head: ChainHead,
  privateKey: CryptoKey,
): Promise<{ record: RecordEntry; head: ChainHead }> {
  const { sig: _sig, ...fields } = record;
  const unsigned: RecordEntry = { ...fields, seq: head.seq + 1, prev: head.hash };
  const sig = base64url(await crypto.subtle.sign(SIGNATURE, privateKey, signedBytes(unsigned)));
  const signed = { ...unsigned, sig };
  return { record: signed, head: { seq: signed.seq as number, hash: await recordHash(signed) } };
}
