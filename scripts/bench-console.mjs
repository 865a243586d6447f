// The console's queries on a large store: the overview and a filtered records page for one month, and the
// CSV export rate, on PostgreSQL and on embedded PGlite. Rows are made by the database itself
// (generate_series), not by HTTP posts. Run by scripts/bench.mjs (section h); alone:
//   node scripts/bench-console.mjs [--quick] [--rows N] [--pglite-rows N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { startPostgres } from '../collector/test/postgres.js';

const ROOT = new URL('..', import.meta.url);
const load = (path) => tsImport(new URL(path, ROOT).href, import.meta.url);

const ORGANIZATIONS = 20;
const DEPARTMENTS = 30;
const INSTALLATIONS = 5000;
const CHUNK = 100_000;
/** The records span one year before this instant; the month measured is the last full month of it. */
const END = new Date('2031-04-01T00:00:00+09:00');
const MONTH = { from: '2031-03-01', to: '2031-03-31' };

/**
 * One generated row: spread over a year, 20 organisations, 30 departments, 5,000 installations, the events
 * in the proportions a city sees (mostly warnings), classes 1-3, a warning or two from the contract's ids.
 */
const INSERT = `
INSERT INTO records (id, at, event, installation, version, service, meeting_id, record)
SELECT id, at, event, installation, '0.2.0', service, meeting_id,
  jsonb_build_object('id', id, 'at', at, 'event', event, 'installation', installation, 'version', '0.2.0',
    'service', service, 'meetingId', meeting_id, 'classification', class, 'title', 'meeting ' || (n % 997),
    'organization', 'org-' || (n % ${ORGANIZATIONS}), 'department', 'dept-' || (n % ${DEPARTMENTS}),
    'warnings', CASE WHEN event = 'warnings' THEN
      jsonb_build_array((ARRAY['recording','transcription','translation','ai-notes','no-e2ee','external-meeting',
        'no-passcode','no-waiting-room'])[1 + n % 8]) ELSE NULL END,
    'detail', CASE WHEN event = 'confirmed' THEN '21-headphones=true' WHEN event = 'approval' THEN 'AP-' || n END)
FROM (
  SELECT n, gen_random_uuid() AS id,
    $1::timestamptz - make_interval(secs => (n::bigint * 7919 % 31536000)::double precision) AS at,
    (ARRAY['warnings','warnings','warnings','warnings','warnings','warnings','classification','confirmed',
      'approval','guard'])[1 + n % 10] AS event,
    'inst-' || (n % ${INSTALLATIONS}) AS installation,
    (ARRAY['meet','zoom','teams','webex','jitsi'])[1 + n % 5] AS service,
    'm-' || (n % 200000) AS meeting_id,
    1 + (n / 7) % 3 AS class
  FROM generate_series($2::int, $3::int) AS n) AS generated`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work, repeats) {
  const times = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

async function measureStore(name, store, rows, { quick, log }) {
  const { ensureConsoleSchema } = await load('collector/src/console/schema.ts');
  const queries = await load('collector/src/console/queries.ts');
  const { csvHeader, csvLine } = await load('collector/src/csv.ts');
  const { rebuildRollUp } = await load('collector/src/rollup.ts');
  await ensureConsoleSchema(store);
  const fillStarted = performance.now();
  for (let start = 1; start <= rows; start += CHUNK) {
    const end = Math.min(rows, start + CHUNK - 1);
    await store.query(INSERT, [END.toISOString(), start, end]);
    if (!quick) log(`${name}: ${end.toLocaleString('en')} rows`);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  // The rows came from generate_series, not through insertRecords: the daily roll-up is filled the way
  // the migration fills it for records stored before it existed.
  const rollUpStarted = performance.now();
  await rebuildRollUp(store);
  const rollUpSeconds = (performance.now() - rollUpStarted) / 1000;
  await store.query('ANALYZE records');
  await store.query('ANALYZE records_daily');
  await store.query('ANALYZE meetings_daily');
  await store.query('ANALYZE installations_daily');
  const { rows: rolled } = await store.query(
    `SELECT (SELECT count(*) FROM records_daily) AS daily, (SELECT count(*) FROM meetings_daily) AS meetings,
       (SELECT count(*) FROM installations_daily) AS installations`,
  );
  const admin = { role: 'admin', organization: null };
  const limited = { role: 'auditor', organization: 'org-3' };
  const repeats = quick ? 1 : 5;
  const now = () => new Date(END.getTime() - 86_400_000);
  // One untimed run each, so both stores are measured warm (as a console is after its first page).
  await queries.overview(store, admin, MONTH, now());
  const overview = await timed(() => queries.overview(store, admin, MONTH, now()), repeats);
  const overviewLimited = await timed(() => queries.overview(store, limited, MONTH, now()), repeats);
  // dept-12 holds warnings of kind `recording` (n = 72 mod 120 in INSERT): the page is full, not empty.
  const filter = { ...MONTH, department: 'dept-12', warning: 'recording', classification: '2+' };
  const page = await timed(() => queries.recordsPage(store, admin, filter), repeats);
  if (page.result.records.length === 0) throw new Error('the filtered records page is empty: it measures nothing');
  const text = await timed(() => queries.recordsPage(store, admin, { ...MONTH, text: 'meeting 42' }), repeats);
  const fleet = await timed(() => queries.fleet(store, limited), repeats);
  const monthly = await timed(() => queries.monthlyReport(store, admin, '2031-03', now()), repeats);
  // The CSV export of the month, written nowhere (the rate of query + formatting).
  const exportStarted = performance.now();
  let exported = 0;
  let bytes = csvHeader().length;
  for await (const record of queries.filteredRecords(store, admin, MONTH)) {
    bytes += csvLine(record).length;
    exported += 1;
  }
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  return {
    name,
    rows,
    fillSeconds,
    rollUpSeconds,
    rollUpRows: Number(rolled[0].daily),
    meetingRows: Number(rolled[0].meetings),
    installationRows: Number(rolled[0].installations),
    overviewMs: overview.ms,
    monthRecords: overview.result.figures.records,
    overviewLimitedMs: overviewLimited.ms,
    pageMs: page.ms,
    pageRows: page.result.records.length,
    textMs: text.ms,
    fleetMs: fleet.ms,
    monthlyMs: monthly.ms,
    exported,
    exportRate: exported / exportSeconds,
    exportMB: bytes / 1e6,
  };
}

export async function benchConsole({ quick = false, rows, pgliteRows, log = () => undefined } = {}) {
  const { openStore } = await load('collector/src/db.ts');
  const total = rows ?? (quick ? 20_000 : 2_000_000);
  const results = [];
  const postgres = await startPostgres();
  try {
    const store = await openStore({ databaseUrl: postgres.url });
    try {
      log(`g. console queries on PostgreSQL (${total.toLocaleString('en')} rows)`);
      results.push(await measureStore('PostgreSQL', store, total, { quick, log }));
    } finally {
      await store.close();
    }
  } finally {
    postgres.stop();
  }
  const dir = mkdtempSync(join(tmpdir(), 'mg-bench-pglite-'));
  try {
    const store = await openStore({ dataDir: dir });
    try {
      const count = pgliteRows ?? total;
      log(`g. console queries on PGlite (${count.toLocaleString('en')} rows)`);
      results.push(await measureStore('PGlite', store, count, { quick, log }));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function consoleReport(results) {
  const lines = [
    '## h. Collector console (SQL aggregations)',
    '',
    "The console's queries (collector/src/console/queries.ts) called directly on a store filled by `generate_series`: " +
      'records over one year, 20 organisations, 30 departments, 5,000 installations, six in ten of them warnings. ' +
      'The month is March 2031 (JST). Median of 5 runs after one untimed run; milliseconds. Goal on PostgreSQL: ' +
      'the overview and a filtered records page each under 1 s.',
    '',
    "| store | records | fill s | roll-up fill s (rows) | month's records | overview ms | overview, one organisation ms | filtered page ms (rows) | title search ms | fleet (one org) ms | monthly report ms | CSV export records/s |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results)
    lines.push(
      `| ${r.name} | ${r.rows.toLocaleString('en')} | ${fixed(r.fillSeconds)} | ` +
        `${fixed(r.rollUpSeconds)} (${[r.rollUpRows, r.meetingRows, r.installationRows].map((n) => n.toLocaleString('en')).join(' + ')}) | ${r.monthRecords.toLocaleString('en')} | ` +
        `${fixed(r.overviewMs)} | ${fixed(r.overviewLimitedMs)} | ${fixed(r.pageMs)} (${r.pageRows}) | ${fixed(r.textMs)} | ` +
        `${fixed(r.fleetMs)} | ${fixed(r.monthlyMs)} | ${Math.round(r.exportRate).toLocaleString('en')} (${r.exported.toLocaleString('en')} records, ${fixed(r.exportMB, 1)} MB) |`,
    );
  lines.push(
    '',
    'Filtered page: department, warning `recording` and class 2+ in the month, the first 50 rows (keyset paging, ' +
      'newest first). Title search: `ILIKE` on the title, no index (a scan of the month). CSV export: the ' +
      "month through the same filter and csv.ts's formatting, not written to disk.",
  );
  const postgres = results.find((r) => r.name === 'PostgreSQL');
  if (postgres) {
    const verdict = (ms) => (ms < 1000 ? 'within the 1 s goal' : 'above the 1 s goal');
    lines.push(
      '',
      `On PostgreSQL the overview of every organisation's month took ${fixed(postgres.overviewMs)} ms ` +
        `(${verdict(postgres.overviewMs)}), one organisation's ${fixed(postgres.overviewLimitedMs)} ms ` +
        `(${verdict(postgres.overviewLimitedMs)}), and the filtered records page ${fixed(postgres.pageMs)} ms ` +
        `(${verdict(postgres.pageMs)}). The overview and the monthly report read their counts from the daily ` +
        'roll-up (collector/src/rollup.ts: per JST day, organisation, department, service, event, class and warning ' +
        'kind; the same per meeting id for the distinct-meeting figures; per installation and version for the ' +
        'versions in use and the installations seen in the last 7 days), kept by insertRecords in the ' +
        "transaction that stores the records; the bench's generated rows bypass insertRecords, so the roll-up is " +
        'filled afterwards the way the migration fills it for existing records (the "roll-up fill" column). ' +
        'Before the roll-up (2,000,000 records, measured 2026-12-07): overview 4,588 ms on PostgreSQL and 4,625 ms ' +
        'on PGlite, one organisation 903 / 398 ms, monthly report 4,826 / 6,244 ms. Before the installations ' +
        "roll-up, the versions in use were counted from the month's records (263 of the overview's 516 ms on an idle " +
        'machine, 2026-12-07), which the generated rows scatter over the whole table.',
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (flag) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
  const results = await benchConsole({
    quick: args.includes('--quick'),
    rows: value('--rows'),
    pgliteRows: value('--pglite-rows'),
    log: (line) => process.stderr.write(`[bench-console] ${line}\n`),
  });
  console.log(consoleReport(results));
}
