/** The record rules without a browser: merge, eviction order, retention, retries, batches, exports. */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/policy';
import {
  BATCH_MAX_BYTES,
  BATCH_MAX_RECORDS,
  boundedEvidence,
  csvCell,
  deliverBatch,
  evictionPlan,
  firstBatch,
  MAX_RETENTION_DAYS,
  type PostResult,
  type RecordEntry,
  recordsToCsv,
  recordsToJsonLines,
  repeats,
  retentionDays,
  retryDelayMs,
  wellFormed,
} from '../../src/records';

const record = (id: string, extra: Partial<RecordEntry> = {}): RecordEntry => ({
  id,
  at: '2026-12-01T00:00:00.000Z',
  event: 'warnings',
  version: '0.1.0',
  installation: 'inst-1',
  ...extra,
});

describe('retention', () => {
  it('follows only a retention the admin set; none or an invalid one prunes nothing younger than the maximum', () => {
    expect(retentionDays(parsePolicy({ logRetentionDays: 30 }))).toBe(30);
    expect(retentionDays(parsePolicy({}))).toBe(MAX_RETENTION_DAYS);
    expect(retentionDays(parsePolicy({ logRetentionDays: 0 }))).toBe(MAX_RETENTION_DAYS);
    expect(retentionDays(parsePolicy({ logRetentionDays: 'forever' }))).toBe(MAX_RETENTION_DAYS);
  });
});

describe('merge and eviction', () => {
  it('repeats only an identical warnings record', () => {
    const previous = record('a', { service: 'meet', meetingId: 'x', warnings: ['recording'] });
    expect(repeats(previous, { event: 'warnings', service: 'meet', meetingId: 'x', warnings: ['recording'] })).toBe(
      true,
    );
    expect(repeats(previous, { event: 'warnings', service: 'meet', meetingId: 'y', warnings: ['recording'] })).toBe(
      false,
    );
    expect(repeats(previous, { event: 'warnings', service: 'meet', meetingId: 'x', warnings: [] })).toBe(false);
    expect(repeats(record('g', { event: 'guard' }), { event: 'guard' })).toBe(false);
  });

  it('evicts the oldest warnings records before any decision, mark or confirmation', () => {
    const entries = [
      { seq: 1, event: 'guard' as const },
      { seq: 2, event: 'warnings' as const },
      { seq: 3, event: 'classification' as const },
      { seq: 4, event: 'warnings' as const },
      { seq: 5, event: 'warnings' as const },
    ];
    expect(evictionPlan(entries, 3).map((entry) => entry.seq)).toEqual([2, 4]);
    expect(evictionPlan(entries, 1).map((entry) => entry.seq)).toEqual([2, 4, 5, 1]);
    expect(evictionPlan(entries, 5)).toEqual([]);
  });

  it('evicts records the collector holds before any it does not, warnings first within each', () => {
    const entries = [
      { seq: 1, event: 'warnings' as const },
      { seq: 2, event: 'guard' as const, delivered: true },
      { seq: 3, event: 'warnings' as const, delivered: true },
      { seq: 4, event: 'confirmed' as const },
    ];
    expect(evictionPlan(entries, 3).map((entry) => entry.seq)).toEqual([3]);
    expect(evictionPlan(entries, 2).map((entry) => entry.seq)).toEqual([3, 2]);
    expect(evictionPlan(entries, 0).map((entry) => entry.seq)).toEqual([3, 2, 1, 4]);
  });

  it('keeps small JSON evidence and replaces what is too large or not JSON', () => {
    expect(boundedEvidence({ recording: 'recordingOn' })).toEqual({ recording: 'recordingOn' });
    expect(boundedEvidence({ big: 'x'.repeat(20_000) })).toMatchObject({ truncated: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(boundedEvidence(cyclic)).toEqual({ unserialisable: true });
    expect(boundedEvidence(undefined)).toBeUndefined();
  });
});

describe('well-formed text', () => {
  it('replaces every lone surrogate in a record, keys and nested evidence included, and keeps pairs', () => {
    const entry = { title: 'a\ud83d', detail: '😀\ude00', evidence: { 'k\ud800': ['\udc00x', 3, null] } };
    expect(wellFormed(entry)).toEqual({
      title: 'a\ufffd',
      detail: '😀\ufffd',
      evidence: { 'k\ufffd': ['\ufffdx', 3, null] },
    });
  });
});

describe('retry schedule', () => {
  it('retries first within a minute, then doubles up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
    expect(retryDelayMs(1)).toBeLessThanOrEqual(60_000);
  });
});

describe('batches', () => {
  it('takes at most 100 records and 256 KB, and sets aside a record too large to go alone', () => {
    const many = Array.from({ length: 250 }, (_, i) => record(`r${i}`));
    expect(firstBatch(many, '0.1.0', 'i').batch).toHaveLength(BATCH_MAX_RECORDS);
    const large = Array.from({ length: 10 }, (_, i) => record(`l${i}`, { detail: 'x'.repeat(60_000) }));
    const { batch } = firstBatch(large, '0.1.0', 'i');
    expect(batch.length).toBe(4);
    expect(JSON.stringify({ records: batch }).length).toBeLessThanOrEqual(BATCH_MAX_BYTES);
    const huge = record('huge', { detail: 'x'.repeat(300_000) });
    expect(firstBatch([huge, record('ok')], '0.1.0', 'i')).toEqual({ batch: [record('ok')], tooLarge: [huge] });
  });

  it('halves a batch refused with 400 or 413 until the one bad record is found, and sends the rest', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => record(`r${i}`));
    const posts: number[] = [];
    const post = async (records: RecordEntry[]): Promise<PostResult> => {
      posts.push(records.length);
      return records.some((entry) => entry.id === 'r37')
        ? { ok: false, status: 413, message: '' }
        : { ok: true, status: 204 };
    };
    const outcome = await deliverBatch(batch, post);
    expect(outcome.refused.map((entry) => entry.record.id)).toEqual(['r37']);
    expect(outcome.accepted).toHaveLength(99);
    expect(new Set(outcome.accepted).size).toBe(99);
    expect(outcome.failure).toBeUndefined();
    expect(posts.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100)) + 1);
  });

  it('takes a batch whose two halves are both refused for an endpoint that refuses everything: 3 requests', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => record(`r${i}`));
    let posts = 0;
    const refuseAll = async (): Promise<PostResult> => {
      posts += 1;
      return { ok: false, status: 413, message: 'Payload Too Large' };
    };
    const outcome = await deliverBatch(batch, refuseAll);
    expect(outcome).toMatchObject({ accepted: [], refused: [], refusesAll: true, failure: { status: 413 } });
    expect(posts).toBe(3);
    // Split to the end (the alternate try), every record refused alone: still nothing is set aside.
    const thorough = await deliverBatch(batch, refuseAll, { thorough: true });
    expect(thorough).toMatchObject({ accepted: [], refused: [], refusesAll: true });
  });

  it('split to the end, finds two bad records that sit one in each half', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => record(`r${i}`));
    const post = async (records: RecordEntry[]): Promise<PostResult> =>
      records.some((entry) => entry.id === 'r10' || entry.id === 'r90')
        ? { ok: false, status: 400, message: 'Bad Request' }
        : { ok: true, status: 200 };
    expect((await deliverBatch(batch, post)).refusesAll).toBe(true);
    const outcome = await deliverBatch(batch, post, { thorough: true });
    expect(outcome.refused.map((entry) => entry.record.id)).toEqual(['r10', 'r90']);
    expect(outcome.accepted).toHaveLength(98);
    expect(outcome.failure).toBeUndefined();
  });

  it('with bisectServerErrors, sets aside records that alone meet 5xx only when others went through', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => record(`r${i}`));
    const poisoned = async (records: RecordEntry[]): Promise<PostResult> =>
      records.some((entry) => entry.id === 'r3' || entry.id === 'r77')
        ? { ok: false, status: 500, message: 'Internal Server Error' }
        : { ok: true, status: 200 };
    const outcome = await deliverBatch(batch, poisoned, { bisectServerErrors: true });
    expect(outcome.refused.map((entry) => [entry.record.id, entry.status])).toEqual([
      ['r3', 500],
      ['r77', 500],
    ]);
    expect(outcome.accepted).toHaveLength(98);
    // Without the option, a 5xx is a passing fault: nothing is set aside.
    expect(await deliverBatch(batch, poisoned)).toMatchObject({ accepted: [], refused: [], failure: { status: 500 } });
    // A server failing everything: a failure after a bounded number of requests, nothing set aside.
    let posts = 0;
    const down = await deliverBatch(
      batch,
      async () => {
        posts += 1;
        return { ok: false, status: 503, message: 'Service Unavailable' };
      },
      { bisectServerErrors: true },
    );
    expect(down).toMatchObject({ accepted: [], refused: [], failure: { status: 503 } });
    expect(posts).toBe(8);
  });

  it('stops at a failure that is not about the content and keeps the rest waiting', async () => {
    const batch = Array.from({ length: 4 }, (_, i) => record(`r${i}`));
    let calls = 0;
    const outcome = await deliverBatch(batch, async () => {
      calls += 1;
      if (calls === 1) return { ok: false, status: 400, message: 'bad' };
      if (calls === 2) return { ok: true, status: 200 };
      return { ok: false, status: 503, message: 'unavailable' };
    });
    expect(outcome.accepted).toEqual(['r0', 'r1']);
    expect(outcome.refused).toEqual([]);
    expect(outcome.failure).toEqual({ status: 503, message: 'unavailable' });
    expect(calls).toBe(3);
  });
});

describe('exports', () => {
  it('writes CSV for Excel in Japan: BOM, CRLF, RFC 4180 quoting, formulas neutralised', () => {
    const csv = recordsToCsv([
      record('a', { title: '定例会議, "第2回"\n午後', warnings: ['recording', 'transcription'] }),
      record('b', { event: 'approval', detail: '=HYPERLINK("http://x")' }),
    ]);
    expect(csv.startsWith('\uFEFFid,at,event,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"定例会議, ""第2回""\n午後"');
    expect(lines[1]).toContain(',recording transcription,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(3)).toBe('3');
  });

  it('writes JSON Lines, one record a line', () => {
    const lines = recordsToJsonLines([record('a'), record('b')])
      .trimEnd()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(['a', 'b']);
  });
});
