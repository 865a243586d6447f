// The daily roll-up (src/rollup.js) against the records themselves, on PGlite and on a real PostgreSQL:
// after inserts, the same records sent again, a conflicting copy (kept apart), a forged copy replaced by
// the genuine one, for every organisation and for an organisation-limited viewer; and the migration
// that fills it for records stored before it existed. The expected figures are counted here, in
// JavaScript, from the records that must count, not by the SQL under test.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { monthlyReport, overview } from '../src/console/queries.ts';
import { ensureConsoleSchema } from '../src/console/schema.ts';
import { insertRecords, MIGRATIONS, openStore } from '../src/db.js';
import { ROLLUP_MIGRATIONS } from '../src/rollup.ts';
import { startPostgres } from './postgres.js';
import { makeSigner } from './signer.js';

const MARCH = { from: '2031-03-01', to: '2031-03-31' };
const NOW = new Date('2031-03-20T00:00:00Z');
const ADMIN = { role: 'admin', organization: null };
const CITY_A = { role: 'auditor', organization: 'city-a' };

const record = (fields) => ({ id: randomUUID(), version: '0.2.0', installation: 'a1', event: 'warnings', ...fields });

/** A month of records: two organisations, a JST day boundary, no department, no meeting id, repeated warnings. */
function sample() {
  return [
    record({
      at: '2031-03-01T15:30:00Z', // 2031-03-02 00:30 JST
      organization: 'city-a',
      department: '総務課',
      service: 'meet',
      meetingId: 'm1',
      classification: 2,
      warnings: ['recording', 'recording', 'external-meeting'],
    }),
    record({
      at: '2031-03-01T14:59:00Z', // 2031-03-01 23:59 JST
      organization: 'city-a',
      department: '総務課',
      service: 'meet',
      meetingId: 'm1',
      classification: 3,
      warnings: ['transcription'],
    }),
    record({
      at: '2031-03-05T01:00:00Z',
      organization: 'city-a',
      service: 'zoom',
      meetingId: 'm1', // the same id on another service is another meeting in the figures, one in byDepartment
      classification: 2,
      warnings: ['ai-notes'],
    }),
    record({ at: '2031-03-05T02:00:00Z', organization: 'city-a', service: 'zoom', classification: 3, warnings: [] }),
    record({
      at: '2031-03-06T02:00:00Z',
      organization: 'city-a',
      event: 'confirmed',
      service: 'meet',
      meetingId: 'm1',
      classification: 2,
      detail: '21-headphones=true',
    }),
    record({
      at: '2031-03-07T02:00:00Z',
      installation: 'b1',
      organization: 'city-b',
      department: '市民課',
      service: 'teams',
      meetingId: 'm9',
      classification: 1,
      warnings: ['recording', 'external-meeting'],
    }),
    record({
      at: '2031-03-08T02:00:00Z',
      installation: 'b1',
      organization: 'city-b',
      department: '市民課',
      service: 'teams',
      meetingId: 'm8',
      classification: 2,
      warnings: ['translation'],
    }),
    record({
      at: '2031-03-09T02:00:00Z',
      installation: 'b1',
      version: '0.3.0', // b1 reports two versions in the month
      organization: 'city-b',
      event: 'policy-problems',
    }),
    // The last 7 days before NOW start at 2031-03-13T00:00Z, 09:00 JST: the same JST day holds one record
    // before that instant (not seen lately) and one after (seen lately).
    record({ at: '2031-03-12T23:59:00Z', installation: 'edge-before', organization: 'city-a', warnings: [] }),
    record({ at: '2031-03-13T00:00:00Z', installation: 'edge-after', organization: 'city-a', warnings: [] }),
    record({ at: '2031-03-15T02:00:00Z', installation: 'c1', organization: 'city-b', warnings: [] }),
    record({
      at: '2031-04-02T02:00:00Z',
      organization: 'city-a',
      service: 'meet',
      meetingId: 'm1',
      classification: 2,
      warnings: ['recording'],
    }),
  ];
}

const jstDay = (at) => new Date(Date.parse(at) + 9 * 3_600_000).toISOString().slice(0, 10);
const meetingKey = (r) =>
  typeof r.service === 'string' && typeof r.meetingId === 'string' ? `${r.service}:${r.meetingId}` : null;
const distinct = (values) => new Set(values.filter((value) => value !== null)).size;
const sortBy = (rows, key) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

/** The overview's and the monthly report's counts, worked out from the records that count. */
function expected(records, organization) {
  const month = records.filter(
    (r) =>
      jstDay(r.at) >= MARCH.from &&
      jstDay(r.at) <= MARCH.to &&
      (organization === null || r.organization === organization),
  );
  const classed = month.filter((r) => r.event === 'warnings' && r.classification >= 2);
  const perDay = new Map();
  for (const r of classed)
    for (const kind of r.warnings ?? []) {
      const key = `${jstDay(r.at)}|${kind}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
  const grouped = (field) => {
    const groups = new Map();
    for (const r of classed) {
      const name = r[field] ?? '';
      groups.set(name, [...(groups.get(name) ?? []), r]);
    }
    return [...groups].map(([name, rows]) => ({
      [field]: name,
      n: rows.length,
      meetings: distinct(rows.map((r) => r.meetingId ?? null)),
    }));
  };
  const warnings = month.filter((r) => r.event === 'warnings');
  const kinds = {};
  for (const kind of new Set(warnings.flatMap((r) => r.warnings ?? []))) {
    const each = warnings.flatMap((r) => (r.warnings ?? []).filter((k) => k === kind).map(() => r));
    kinds[kind] = {
      n: each.length,
      nClass2: each.filter((r) => r.classification >= 2).length,
      meetings: distinct(each.map(meetingKey)),
      meetingsClass2: distinct(each.filter((r) => r.classification >= 2).map(meetingKey)),
    };
  }
  const scope = records.filter((r) => organization === null || r.organization === organization);
  const versions = new Map();
  for (const r of month) versions.set(r.version, new Set([...(versions.get(r.version) ?? []), r.installation]));
  const since = NOW.getTime() - 7 * 86_400_000;
  return {
    figures: {
      records: month.length,
      warningsClass2: classed.length,
      classifiedMeetings: distinct(month.filter((r) => r.classification >= 2).map(meetingKey)),
      confirmations: month.filter((r) => r.event === 'confirmed').length,
      outsideMeetings: distinct(warnings.filter((r) => r.warnings?.includes('external-meeting')).map(meetingKey)),
      policyProblems: month.filter((r) => r.event === 'policy-problems').length,
      installationsLast7Days: distinct(scope.filter((r) => Date.parse(r.at) >= since).map((r) => r.installation)),
      installationsKnown: distinct(scope.map((r) => r.installation)),
    },
    versions: [...versions]
      .map(([version, installations]) => ({ version, installations: installations.size }))
      .sort((a, b) => b.installations - a.installations || b.version.localeCompare(a.version)),
    warningsPerDay: [...perDay]
      .map(([key, n]) => ({ day: key.split('|')[0], kind: key.split('|')[1], n }))
      .sort((a, b) => `${a.day}|${a.kind}`.localeCompare(`${b.day}|${b.kind}`)),
    byService: sortBy(grouped('service'), 'service'),
    byDepartment: sortBy(grouped('department'), 'department'),
    warnings: kinds,
  };
}

async function assertFigures(store, records, viewer) {
  const want = expected(records, viewer.organization);
  const got = await overview(store, viewer, MARCH, NOW);
  assert.deepEqual(got.figures, want.figures);
  assert.deepEqual(got.versions, want.versions);
  assert.deepEqual(got.warningsPerDay, want.warningsPerDay);
  assert.deepEqual(sortBy(got.byService, 'service'), want.byService);
  assert.deepEqual(sortBy(got.byDepartment, 'department'), want.byDepartment);
  const monthly = await monthlyReport(store, viewer, '2031-03', NOW);
  assert.deepEqual(monthly.warnings, want.warnings);
  assert.deepEqual(monthly.figures, got.figures);
}

/** The roll-up's record count per JST day and event equals a plain count of the records table. */
async function assertDailyTotals(store) {
  const direct = await store.query(
    `SELECT to_char(at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS day, event, count(*)::int AS n
     FROM records GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const rolled = await store.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, event, sum(n)::int AS n FROM records_daily
     WHERE kind IS NULL GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
  );
  assert.deepEqual(rolled.rows, direct.rows);
}

function suite(name, open) {
  describe(`daily roll-up on ${name}`, () => {
    let opened;
    let store;
    const counted = sample();
    const post = (records, extra = {}) =>
      insertRecords(store, { extension: 'meeting-guard', version: '0.2.0', installation: 'a1', records, ...extra });
    before(async () => {
      opened = await open();
      store = await opened.reopen();
      await ensureConsoleSchema(store);
    });
    after(async () => {
      await store?.close();
      await opened?.cleanup();
    });

    it('counts what was inserted, for all organisations and for one', async () => {
      assert.equal(await post(counted), counted.length);
      await assertFigures(store, counted, ADMIN);
      await assertFigures(store, counted, CITY_A);
      await assertDailyTotals(store);
    });

    it('counts a record sent again once, in another batch or twice in one', async () => {
      assert.equal(await post(counted), 0);
      const again = record({
        at: '2031-03-10T01:00:00Z',
        organization: 'city-a',
        service: 'meet',
        meetingId: 'm2',
        classification: 2,
        warnings: ['recording'],
      });
      assert.equal(await post([again, again]), 1);
      counted.push(again);
      await assertFigures(store, counted, ADMIN);
      await assertFigures(store, counted, CITY_A);
      await assertDailyTotals(store);
    });

    it('does not count a conflicting copy of a stored id (it is kept apart)', async () => {
      const copy = { ...counted[0], classification: 3, warnings: ['ai-notes'], department: '別の課' };
      assert.equal(await post([copy]), 0);
      const { rows } = await store.query('SELECT count(*)::int AS n FROM record_copies WHERE id = $1', [copy.id]);
      assert.equal(rows[0].n, 1);
      await assertFigures(store, counted, ADMIN);
      await assertFigures(store, counted, CITY_A);
      await assertDailyTotals(store);
    });

    it('counts the genuine record, not the forged copy it replaces', async () => {
      const signer = makeSigner();
      const genuine = signer.next(
        record({
          at: '2031-03-11T01:00:00Z',
          installation: 'g1',
          organization: 'city-a',
          service: 'meet',
          meetingId: 'm3',
          classification: 2,
          warnings: ['recording'],
        }),
      );
      const { seq: _s, prev: _p, sig: _g, ...plain } = genuine;
      const forged = {
        ...plain,
        organization: 'city-b',
        classification: 1,
        warnings: ['translation', 'external-meeting'],
        meetingId: 'm7',
        version: '9.9.9', // a version no installation runs: gone from "versions in use" once replaced
      };
      assert.equal(await post([forged], { installation: 'g1' }), 1);
      await assertFigures(store, [...counted, forged], ADMIN);
      assert.equal(await post([genuine], { installation: 'g1', publicKey: signer.publicKey }), 1);
      counted.push(genuine);
      await assertFigures(store, counted, ADMIN);
      await assertFigures(store, counted, CITY_A);
      await assertDailyTotals(store);
    });

    it('the migration fills the roll-up from records stored before it existed', async () => {
      const first = MIGRATIONS.length - ROLLUP_MIGRATIONS.length + 1;
      await store.query('DROP TABLE records_daily');
      await store.query('DROP TABLE meetings_daily');
      await store.query('DROP TABLE installations_daily');
      await store.query('DELETE FROM schema_migrations WHERE version >= $1', [first]);
      await store.close();
      store = await opened.reopen();
      await ensureConsoleSchema(store);
      await assertFigures(store, counted, ADMIN);
      await assertFigures(store, counted, CITY_A);
      await assertDailyTotals(store);
    });
  });
}

suite('PGlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-rollup-'));
  return { reopen: () => openStore({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});

suite('PostgreSQL', async () => {
  const postgres = await startPostgres();
  return { reopen: () => openStore({ databaseUrl: postgres.url }), cleanup: () => postgres.stop() };
});
