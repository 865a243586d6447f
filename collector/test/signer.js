// An installation's signer for the collector's tests: a P-256 key pair and a chain, signing as the
// extension does (the extension's own code is checked against chain.ts in test/unit/record-chain.test.ts).
import { generateKeyPairSync, sign } from 'node:crypto';
import { GENESIS, recordHash, signedBytes } from '../src/chain.ts';

export function makeSigner() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  let seq = 0;
  let prev = GENESIS;
  return {
    publicKey: { kty, crv, x, y },
    /** Signs `record` as the next of the chain (seq, prev, sig added). */
    next(record) {
      seq += 1;
      const unsigned = { ...record, seq, prev };
      const sig = sign('sha256', signedBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const signed = { ...unsigned, sig: sig.toString('base64url') };
      prev = recordHash(signed);
      return signed;
    },
    /** Signs `record` as it stands (its own seq and prev), without moving the chain on: a forger with this key. */
    sign(record) {
      const { sig: _sig, ...unsigned } = record;
      const sig = sign('sha256', signedBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return { ...unsigned, sig: sig.toString('base64url') };
    },
  };
}
