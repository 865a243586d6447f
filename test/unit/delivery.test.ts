/** Delivery against an in-memory endpoint and the fake-indexeddb log: batches, back-off, never twice. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDelivery, type StoredDeliveryState } from '../../background/delivery';
import { RecordLog } from '../../background/record-log';
import {
  type Envelope,
  type PostResult,
  REFUSES_ALL_MESSAGE,
  type RecordEntry,
  SET_ASIDE_RETRY_MS,
} from '../../src/records';

let n = 0;
function setup(answer: (body: Envelope) => PostResult) {
  const log = new RecordLog(`delivery-${++n}`);
  const received: Envelope[] = [];
  const schedules: (number | null)[] = [];
  let state: StoredDeliveryState = { failures: 0 };
  let now = Date.parse('2026-12-01T00:00:00Z');
  const options = { pending: true, retentionDays: 3650, version: '0.1.0', installation: 'inst-1' };
  const delivery = createDelivery({
    log,
    target: async () => ({ endpoint: 'https://logs.city.example.jp/records', token: 't0k3n' }),
    meta: async () => ({ version: '0.1.0', installation: 'inst-1' }),
    async post(endpoint, token, body) {
      expect(endpoint).toBe('https://logs.city.example.jp/records');
      expect(token).toBe('t0k3n');
      const parsed = JSON.parse(body) as Envelope;
      received.push(parsed);
      return answer(parsed);
    },
    schedule: async (delay) => void schedules.push(delay),
    loadState: async () => structuredClone(state),
    async saveState(next) {
      state = structuredClone(next);
    },
    record: (entry) => log.append(entry, options),
    now: () => now,
  });
  return {
    log,
    delivery,
    received,
    schedules,
    state: () => state,
    advance(ms: number) {
      now += ms;
    },
    add: (detail: string) => log.append({ event: 'confirmed', detail }, options),
  };
}

describe('delivery', () => {
  it('sends the contract body in batches of at most 100 and never sends an accepted id again', async () => {
    const env = setup(() => ({ ok: true, status: 204 }));
    for (let i = 0; i < 230; i++) await env.add(String(i));
    await env.delivery.run('record');
    expect(env.received.map((body) => body.records.length)).toEqual([100, 100, 30]);
    expect(env.received[0]).toMatchObject({ extension: 'meeting-guard', version: '0.1.0', installation: 'inst-1' });
    const ids = env.received.flatMap((body) => body.records.map((record) => record.id));
    expect(new Set(ids).size).toBe(230);
    await env.delivery.run('alarm');
    expect(env.received).toHaveLength(3);
    expect(await env.log.pendingCount()).toBe(0);
    expect(env.schedules.at(-1)).toBeNull();
    expect(env.state().lastSuccessAt).toBeTruthy();
  });

  it('backs off after a failure; a new record waits for the alarm, which sends everything once', async () => {
    let accept = false;
    const env = setup(() => (accept ? { ok: true, status: 200 } : { ok: false, status: 503, message: 'down' }));
    await env.add('a');
    await env.delivery.run('record');
    expect(env.received).toHaveLength(1);
    expect(env.state()).toMatchObject({ failures: 1, lastError: { status: 503, message: 'down' } });
    expect(env.schedules.at(-1)).toBe(30_000);
    await env.add('b');
    await env.delivery.run('record');
    expect(env.received).toHaveLength(1);
    env.advance(30_000);
    await env.delivery.run('alarm');
    expect(env.schedules.at(-1)).toBe(60_000);
    accept = true;
    env.advance(60_000);
    await env.delivery.run('alarm');
    expect(env.received.at(-1)?.records.map((record) => record.detail)).toEqual(['a', 'b']);
    expect(env.state().failures).toBe(0);
    expect(env.schedules.at(-1)).toBeNull();
  });

  it('sets aside the one record a collector refuses (400) with a problem record, and delivers the rest', async () => {
    const env = setup((body) =>
      body.records.some((record) => record.detail === 'bad')
        ? { ok: false, status: 400, message: 'Bad Request' }
        : { ok: true, status: 200 },
    );
    for (let i = 0; i < 10; i++) await env.add(i === 6 ? 'bad' : String(i));
    await env.delivery.run('record');
    const accepted = env.received
      .filter((body) => !body.records.some((record) => record.detail === 'bad'))
      .flatMap((body) => body.records);
    expect(
      accepted
        .filter((record) => record.event === 'confirmed')
        .map((record) => record.detail)
        .sort(),
    ).toEqual(['0', '1', '2', '3', '4', '5', '7', '8', '9']);
    const bad = env.received.flatMap((body) => body.records).find((record) => record.detail === 'bad');
    expect(accepted.filter((record) => record.event === 'record-refused').map((record) => record.detail)).toEqual([
      `${bad?.id} confirmed HTTP 400`,
    ]);
    expect(await env.log.pendingCount()).toBe(0);
    expect(env.state().lastError?.status).toBe(400);
  });

  // Issue 19 (2): the collector answers 500 for a record its database cannot store, every time.
  it('after repeated 5xx, splits the batch: one record the server cannot store no longer blocks the rest', async () => {
    const env = setup((body) =>
      body.records.some((record) => record.detail === 'poison')
        ? { ok: false, status: 500, message: 'Internal Server Error' }
        : { ok: true, status: 200 },
    );
    for (let i = 0; i < 10; i++) await env.add(i === 0 ? 'poison' : String(i));
    await env.delivery.run('record');
    env.advance(30_000);
    await env.delivery.run('alarm');
    expect(env.state().failures).toBe(2);
    expect(await env.log.pendingCount()).toBe(10);
    env.advance(60_000);
    await env.delivery.run('alarm');
    const delivered = env.received
      .filter((body) => !body.records.some((record) => record.detail === 'poison'))
      .flatMap((body) => body.records);
    expect(
      delivered
        .filter((record) => record.event === 'confirmed')
        .map((record) => record.detail)
        .sort(),
    ).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(delivered.filter((record) => record.event === 'record-refused')).toHaveLength(1);
    expect(await env.log.pendingCount()).toBe(0);
    expect(env.state().failures).toBe(0);
  });

  it('keeps every record waiting when the server fails everything, with a bounded number of requests', async () => {
    const env = setup(() => ({ ok: false, status: 503, message: 'down' }));
    for (let i = 0; i < 100; i++) await env.add(String(i));
    for (const wait of [0, 30_000, 60_000, 120_000]) {
      env.advance(wait);
      await env.delivery.run('alarm');
    }
    expect(env.received.length).toBeLessThanOrEqual(2 + 2 * 9);
    expect(await env.log.pendingCount()).toBe(100);
    expect(env.state().failures).toBe(4);
  });

  // Issue 19 (3): a misrouted URL or a proxy's body limit answers 400/413 to everything.
  it('an endpoint that refuses everything sets nothing aside, says so, and gets everything once fixed', async () => {
    let fixed = false;
    const env = setup(() => (fixed ? { ok: true, status: 200 } : { ok: false, status: 413, message: 'Too Large' }));
    for (let i = 0; i < 20; i++) await env.add(String(i));
    await env.delivery.run('record');
    expect(env.received.length).toBeLessThanOrEqual(3);
    expect(env.state().lastError).toMatchObject({ status: 413, message: REFUSES_ALL_MESSAGE });
    expect(await env.log.setAsideCount()).toBe(0);
    env.advance(30_000);
    await env.delivery.run('alarm'); // the thorough try: every record refused alone, still none set aside
    expect(await env.log.setAsideCount()).toBe(0);
    const notes = (await env.log.all()).filter((record) => record.event === 'record-refused');
    expect(notes.map((record) => record.detail)).toEqual([
      'every record of a batch of 20 refused (HTTP 413); none set aside, delivery retries',
    ]);
    fixed = true;
    env.advance(60_000);
    await env.delivery.run('alarm');
    const delivered = new Set(env.received.slice(-2).flatMap((body) => body.records.map((record) => record.detail)));
    for (let i = 0; i < 20; i++) expect(delivered.has(String(i))).toBe(true);
    expect(await env.log.pendingCount()).toBe(0);
  });

  it('offers set-aside records again: at once for a new endpoint, else after a long back-off', async () => {
    let refuse = true;
    const env = setup((body) =>
      refuse && body.records.some((record) => record.detail === 'odd')
        ? { ok: false, status: 400, message: 'Bad Request' }
        : { ok: true, status: 200 },
    );
    await env.add('odd');
    await env.delivery.run('record');
    expect(await env.log.setAsideCount()).toBe(1);
    expect(env.schedules.at(-1)).toBe(SET_ASIDE_RETRY_MS);
    env.advance(SET_ASIDE_RETRY_MS);
    await env.delivery.run('alarm');
    expect(env.received.at(-1)?.records.map((record) => record.detail)).toEqual(['odd']);
    // Offered again and refused again: no second note, and a longer wait.
    expect((await env.log.all()).filter((record) => record.event === 'record-refused')).toHaveLength(1);
    expect(await env.log.setAsideCount()).toBe(1);
    expect(env.schedules.at(-1)).toBe(2 * SET_ASIDE_RETRY_MS);
    refuse = false;
    await env.delivery.run('endpoint');
    expect(env.received.at(-1)?.records.map((record) => record.detail)).toEqual(['odd']);
    expect(await env.log.setAsideCount()).toBe(0);
    expect(await env.log.pendingCount()).toBe(0);
    expect(env.schedules.at(-1)).toBeNull();
  });

  it('sets the retry alarm before sending, so a worker stopped mid-send tries again', async () => {
    const env = setup(() => ({ ok: true, status: 200 }));
    await env.add('a');
    await env.delivery.run('record');
    expect(env.schedules).toEqual([30_000, null]);
  });

  it('keeps every repeat count when a send was stored but its answer lost (the collector keeps each id once)', async () => {
    // The collector: the first copy of each id; the first answer is lost after the batch was stored.
    const collector = new Map<string, RecordEntry>();
    let lose = true;
    const env = setup((body) => {
      for (const record of body.records) if (!collector.has(record.id)) collector.set(record.id, record);
      if (lose) {
        lose = false;
        return { ok: false, message: 'no answer in 10 s' };
      }
      return { ok: true, status: 200 };
    });
    const warning = { event: 'warnings' as const, service: 'meet', meetingId: 'abc', warnings: ['recording' as const] };
    const options = { pending: true, retentionDays: 3650, version: '0.1.0', installation: 'inst-1' };
    await env.log.append(warning, options);
    await env.delivery.run('record');
    await env.log.append(warning, options);
    env.advance(30_000);
    await env.delivery.run('alarm');
    const local = await env.log.all();
    const seen = (records: Iterable<RecordEntry>) => [...records].reduce((sum, record) => sum + (record.count ?? 1), 0);
    expect(seen(local)).toBe(2);
    expect(seen(collector.values())).toBe(2);
    expect(env.received.at(-1)?.publicKey).toEqual(await env.log.publicKey());
  });
});
