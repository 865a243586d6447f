// Verifies an export on its own, away from the collector: every signed record's signature under its
// installation's key (from GET /integrity) and every chain link, and lists the gaps.
//   npx tsx collector/src/verify-export.ts records.jsonl integrity.json
// Exit code 0 when every signed record verifies and links; 1 otherwise (each problem on its own line).

import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GENESIS, importPublicJwk, recordHash, verifyRecord } from './chain.ts';

/** A line of the JSON Lines export: a record with the collector's `integrity` member. */
type ExportedRecord = Record<string, unknown> & { integrity?: string };

/** The part of GET /integrity read here: each installation's trusted key. */
interface IntegrityExport {
  installations: { installation: string; key?: { publicKey?: unknown } | null }[];
}

/** Checks exported records (JSON Lines, with the collector's `integrity` member) against the installations' keys. */
export function verifyExport(
  lines: readonly ExportedRecord[],
  report: IntegrityExport,
): { verified: number; unsigned: number; gaps: string[]; problems: string[] } {
  const keys = new Map<unknown, KeyObject | null>(
    report.installations.map((item) => [item.installation, importPublicJwk(item.key?.publicKey)]),
  );
  const problems: string[] = [];
  const chains = new Map<unknown, Map<number, { id: unknown; prev: unknown; hash: string }>>();
  let unsigned = 0;
  let verified = 0;
  for (const line of lines) {
    const { integrity: _state, ...record } = line;
    if (record.sig === undefined) {
      unsigned += 1;
      continue;
    }
    if (!verifyRecord(record, keys.get(record.installation) ?? null)) {
      problems.push(`${record.id}: signature does not verify under ${record.installation}'s key`);
      continue;
    }
    verified += 1;
    if (!chains.has(record.installation)) chains.set(record.installation, new Map());
    chains
      .get(record.installation)
      ?.set(record.seq as number, { id: record.id, prev: record.prev, hash: recordHash(record) });
  }
  const gaps: string[] = [];
  for (const [installation, chain] of chains) {
    const seqs = [...chain.keys()].sort((a, b) => a - b);
    let expected = 1;
    for (const seq of seqs) {
      if (seq > expected) gaps.push(`${installation}: seq ${expected}–${seq - 1} missing`);
      const { id, prev } = chain.get(seq) as { id: unknown; prev: unknown };
      const before = seq === 1 ? GENESIS : chain.get(seq - 1)?.hash;
      if (before !== undefined && prev !== before) problems.push(`${id}: prev is not the hash of seq ${seq - 1}`);
      expected = seq + 1;
    }
  }
  return { verified, unsigned, gaps, problems };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [exportFile, reportFile] = process.argv.slice(2);
  if (!exportFile || !reportFile) {
    console.error('usage: tsx verify-export.ts records.jsonl integrity.json');
    process.exit(2);
  }
  const lines = readFileSync(exportFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  const result = verifyExport(lines, JSON.parse(readFileSync(reportFile, 'utf8')));
  console.log(`verified ${result.verified}, unsigned ${result.unsigned}, problems ${result.problems.length}`);
  for (const line of [...result.gaps, ...result.problems]) console.log(line);
  process.exit(result.problems.length ? 1 : 0);
}
