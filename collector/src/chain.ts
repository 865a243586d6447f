// Tamper-evident records, the collector's side (the contract in docs/contracts.md): each record of an
// installation carries `seq` (1, 2, 3… in append order), `prev` (the SHA-256 of the record before it)
// and `sig` (ECDSA P-256 over SHA-256, IEEE P1363 r||s, base64url) made with the installation's key.
// The canonical form signed and hashed is contract/record-chain.ts, the same module the extension's
// signer (src/record-chain.ts) uses; test/unit/record-chain.test.ts proves the two sides agree.
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { canonicalJson, GENESIS, isSigned, signedBytes } from '../../contract/record-chain.ts';
import { chainFieldsProblem, isPublicJwk, type PublicJwk } from '../../contract/record-contract.ts';

export { canonicalJson, chainFieldsProblem, GENESIS, isPublicJwk, isSigned, signedBytes };

/** Lowercase hex SHA-256 of the signed bytes: the next record's `prev`. */
export const recordHash = (record: object): string => createHash('sha256').update(signedBytes(record)).digest('hex');

/** The key as Node's KeyObject, or null when it is not the contract's JWK or its point is not on the curve. */
export function importPublicJwk(jwk: unknown): KeyObject | null {
  if (!isPublicJwk(jwk)) return null;
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The same key, written the same way (to compare keys and to store them). */
export const keyFingerprint = (jwk: PublicJwk): string =>
  canonicalJson({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });

/** Whether `record.sig` is a valid signature of the record under `key` (a KeyObject from importPublicJwk). */
export function verifyRecord(record: object, key: KeyObject | null): boolean {
  const { sig } = record as { sig?: unknown };
  if (!key || typeof sig !== 'string') return false;
  try {
    return verify('sha256', signedBytes(record), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}
