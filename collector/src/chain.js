// Tamper-evident records, the collector's side (the contract in docs/contracts.md): each record of an
// installation carries `seq` (1, 2, 3… in append order), `prev` (the SHA-256 of the record before it)
// and `sig` (ECDSA P-256 over SHA-256, IEEE P1363 r||s, base64url) made with the installation's key.
// The extension's side is src/record-chain.ts; test/unit/record-chain.test.ts proves the two agree.
import { createHash, createPublicKey, verify } from 'node:crypto';

/** `prev` of an installation's first record. */
export const GENESIS = '0'.repeat(64);

/**
 * The canonical JSON of a value: object keys sorted by UTF-16 code units (JavaScript's default sort),
 * recursively; no whitespace; arrays in order; strings and numbers as JSON.stringify writes them;
 * members whose value JSON cannot hold (undefined, functions) left out as JSON.stringify leaves them.
 */
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const members = [];
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${members.join(',')}}`;
}

/** The bytes a record's signature covers: the UTF-8 of the canonical JSON of the record without `sig`. */
export function signedBytes(record) {
  const { sig: _sig, ...unsigned } = record;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** Lowercase hex SHA-256 of the signed bytes: the next record's `prev`. */
export const recordHash = (record) => createHash('sha256').update(signedBytes(record)).digest('hex');

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Whether `jwk` is an EC P-256 public key as the contract sends it (`{kty, crv, x, y}`). */
export function isPublicJwk(jwk) {
  return (
    typeof jwk === 'object' &&
    jwk !== null &&
    !Array.isArray(jwk) &&
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string' &&
    jwk.x.length === 43 &&
    jwk.y.length === 43 &&
    BASE64URL.test(jwk.x) &&
    BASE64URL.test(jwk.y) &&
    jwk.d === undefined
  );
}

/** The key as Node's KeyObject, or null when the point is not on the curve. */
export function importPublicJwk(jwk) {
  if (!isPublicJwk(jwk)) return null;
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The same key, written the same way (to compare keys and to store them). */
export const keyFingerprint = (jwk) => canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });

/** Whether a record carries the chain's fields, well formed (seq, prev, sig). */
export function chainFieldsProblem(record) {
  const present = ['seq', 'prev', 'sig'].filter((key) => record[key] !== undefined);
  if (!present.length) return null;
  if (!Number.isSafeInteger(record.seq) || record.seq < 1) return 'seq: expected an integer from 1';
  if (typeof record.prev !== 'string' || !/^[0-9a-f]{64}$/.test(record.prev))
    return 'prev: expected 64 lowercase hex digits';
  if (typeof record.sig !== 'string' || record.sig.length !== 86 || !BASE64URL.test(record.sig))
    return 'sig: expected a base64url P-256 signature';
  return null;
}

export const isSigned = (record) => record.sig !== undefined;

/** Whether `record.sig` is a valid signature of the record under `key` (a KeyObject from importPublicJwk). */
export function verifyRecord(record, key) {
  if (!key || typeof record.sig !== 'string') return false;
  try {
    return verify(
      'sha256',
      signedBytes(record),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(record.sig, 'base64url'),
    );
  } catch {
    return false;
  }
}
