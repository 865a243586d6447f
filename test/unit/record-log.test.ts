/** The IndexedDB record log (fake-indexeddb): append, merge, retention, eviction, delivery marks, pages. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { RecordLog } from '../../background/record-log';
import type { RecordEntry } from '../../src/records';

let n = 0;
const newLog = (limits?: { max: number; evictTo: number }) => new RecordLog(`test-log-${++n}`, limits);
const options = { pending: true, retentionDays: 3650, version: '0.1.0', installation: 'inst-1' };

describe('record log', () => {
  it('gives each record a UUID, time, version and installation, and loses none appended at once', async () => {
    const log = newLog();
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) => log.append({ event: 'confirmed', detail: String(i) }, options)),
    );
    expect(await log.count()).toBe(30);
    expect(new Set(made.map((record) => record.id)).size).toBe(30);
    for (const record of made) {
      expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(record).toMatchObject({ version: '0.1.0', installation: 'inst-1' });
    }
  });

  it('merges identical consecutive warnings records into one with a count and last-seen time', async () => {
    const log = newLog();
    const warning = { event: 'warnings' as const, service: 'meet', meetingId: 'abc', warnings: ['recording' as const] };
    const first = await log.append(warning, { ...options, now: new Date('2026-12-01T00:00:00Z') });
    for (let i = 1; i <= 49; i++) await log.append(warning, { ...options, now: new Date(Date.UTC(2026, 11, 1, 0, i)) });
    const { records, total } = await log.page(0, 10);
    expect(total).toBe(1);
    expect(records[0]?.record).toMatchObject({ id: first.id, count: 50, lastSeen: '2026-12-01T00:49:00.000Z' });
    await log.append({ event: 'guard', detail: 'proceeded' }, options);
    await log.append(warning, options);
    expect(await log.count()).toBe(3);
  });

  it('does not merge into a record already accepted or being sent', async () => {
    const log = newLog();
    const warning = { event: 'warnings' as const, service: 'meet', warnings: [] };
    const first = await log.append(warning, options);
    await log.mark([first.id], 'sent');
    const second = await log.append(warning, options);
    expect(second.id).not.toBe(first.id);
    log.inFlight.add(second.id);
    const third = await log.append(warning, options);
    expect(third.id).not.toBe(second.id);
  });

  it('never changes a record delivery has tried to send; the newest unsent one takes a repeat, signed again', async () => {
    const log = newLog();
    const warning = { event: 'warnings' as const, service: 'meet', warnings: [] };
    const first = await log.append(warning, options);
    const again = await log.append(warning, options);
    expect(again).toMatchObject({ id: first.id, count: 2, seq: 1, prev: first.prev });
    expect(again.sig).not.toBe(first.sig);
    expect((await log.claimPending(10)).map((record) => record.id)).toEqual([first.id]);
    const second = await log.append(warning, options);
    expect(second.seq).toBe(2);
    expect(second.count).toBeUndefined();
    expect(second.id).not.toBe(first.id);
    expect((await log.all())[0]).toEqual(again);
  });

  it('never changes a claimed record, whatever the order of appends and claims', async () => {
    const log = newLog();
    const warning = { event: 'warnings' as const, service: 'meet', warnings: [] };
    const claims: Promise<RecordEntry[]>[] = [];
    const appends: Promise<RecordEntry>[] = [];
    for (let i = 0; i < 20; i++) {
      appends.push(log.append(warning, options));
      if (i % 3 === 1) claims.push(log.claimPending(100));
    }
    await Promise.all(appends);
    const stored = new Map((await log.all()).map((record) => [record.id, record]));
    const claimed = (await Promise.all(claims)).flat();
    expect(claimed.length).toBeGreaterThan(0);
    for (const record of claimed) expect(stored.get(record.id)).toEqual(record);
    const seen = [...stored.values()].reduce((sum, record) => sum + (record.count ?? 1), 0);
    expect(seen).toBe(20);
  });

  it('prunes by retention, but never a record still waiting to be sent', async () => {
    const log = newLog();
    const old = new Date('2026-01-01T00:00:00Z');
    await log.append({ event: 'confirmed', detail: 'old-sent' }, { ...options, pending: false, now: old });
    const waiting = await log.append({ event: 'guard', detail: 'old-waiting' }, { ...options, now: old });
    await log.append(
      { event: 'confirmed', detail: 'new' },
      { ...options, retentionDays: 30, now: new Date('2026-12-01T00:00:00Z') },
    );
    const details = (await log.all()).map((record) => record.detail);
    expect(details).toEqual(['old-waiting', 'new']);
    await log.mark([waiting.id], 'sent');
    await log.append(
      { event: 'confirmed', detail: 'newer' },
      { ...options, retentionDays: 30, now: new Date('2026-12-02T00:00:00Z') },
    );
    expect((await log.all()).map((record) => record.detail)).toEqual(['new', 'newer']);
  });

  it('over the limit, evicts warnings before decisions and says what it dropped', async () => {
    const log = newLog({ max: 10, evictTo: 8 });
    await log.append({ event: 'guard', detail: 'proceeded' }, options);
    await log.append({ event: 'classification', classification: 3 }, options);
    for (let i = 0; i < 9; i++) await log.append({ event: 'warnings', meetingId: String(i) }, options);
    const all = await log.all();
    expect(all.map((record) => record.event)).toEqual([
      'guard',
      'classification',
      ...Array(6).fill('warnings'),
      'records-dropped',
    ]);
    expect(all.at(-1)?.detail).toBe('3: warnings=3');
    expect(all.filter((record) => record.event === 'warnings').map((record) => record.meetingId)).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
  });

  it('over the limit, evicts delivered records before any still waiting', async () => {
    const log = newLog({ max: 6, evictTo: 5 });
    const delivered: string[] = [];
    for (let i = 0; i < 3; i++) await log.append({ event: 'warnings', meetingId: `waiting-${i}` }, options);
    for (let i = 0; i < 3; i++)
      delivered.push((await log.append({ event: 'warnings', meetingId: `sent-${i}` }, options)).id);
    await log.mark(delivered, 'sent');
    await log.append({ event: 'warnings', meetingId: 'new' }, options);
    const kept = (await log.all()).map((record) => record.meetingId ?? record.event);
    expect(kept).toEqual(['waiting-0', 'waiting-1', 'waiting-2', 'sent-2', 'new', 'records-dropped']);
  });

  it('hands out waiting records oldest first and never again once accepted', async () => {
    const log = newLog();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await log.append({ event: 'confirmed', detail: String(i) }, options));
    await log.append({ event: 'confirmed', detail: 'local' }, { ...options, pending: false });
    expect((await log.pending(3)).map((record) => record.detail)).toEqual(['0', '1', '2']);
    await log.mark([made[0]?.id ?? '', made[1]?.id ?? ''], 'sent');
    await log.mark([made[2]?.id ?? ''], 'set-aside');
    expect((await log.pending(100)).map((record) => record.detail)).toEqual(['3', '4']);
    expect(await log.pendingCount()).toBe(2);
  });

  it('pages newest first', async () => {
    const log = newLog();
    for (let i = 0; i < 7; i++) await log.append({ event: 'confirmed', detail: String(i) }, options);
    const page = await log.page(3, 3);
    expect(page.total).toBe(7);
    expect(page.records.map((entry) => entry.record.detail)).toEqual(['3', '2', '1']);
  });
});
