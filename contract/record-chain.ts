/**
 * The tamper-evident records' canonical form (docs/contracts.md), written once for both sides: the extension's
 * signer (src/record-chain.ts, WebCrypto) and the collector's verifier (collector/src/chain.ts, node:crypto)
 * sign and hash the same bytes made here. Hashing and signing stay with each side. Apart from
 * record-contract.ts so that only the bundles that sign (the background) carry it.
 */

/** `prev` of an installation's first record: 64 zeros (a literal, so a bundle that does not use it drops it). */
export const GENESIS = '0000000000000000000000000000000000000000000000000000000000000000';

/**
 * The canonical JSON of a value: object keys sorted by UTF-16 code units (JavaScript's default sort),
 * recursively; no whitespace; arrays in order; strings and numbers as JSON.stringify writes them;
 * members JSON cannot hold (undefined, functions) left out, as JSON.stringify leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const members: string[] = [];
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${members.join(',')}}`;
}

/** The bytes a record's signature covers (and its hash is taken of): the UTF-8 of the canonical JSON of the record without `sig`. */
export function signedBytes(record: object): Uint8Array<ArrayBuffer> {
  const { sig: _sig, ...unsigned } = record as { sig?: unknown };
  return new TextEncoder().encode(canonicalJson(unsigned));
}

export const isSigned = (record: object): boolean => (record as { sig?: unknown }).sig !== undefined;
