// The console's figures, each one SQL statement over indexed columns (collector/src/console/schema.ts):
// PostgreSQL does the counting, Node only shapes the few rows that come back. Days are Japan's days
// (Asia/Tokyo, no daylight saving): a period "2031-03-01..2031-03-31" is 00:00 JST to 24:00 JST.
import type { Queryable, Viewer } from './types.ts';

export const TIME_ZONE = 'Asia/Tokyo';
const JST = '+09:00';
const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;
export const PAGE_SIZE = 50;
/** Warning ids whose being on at 機密性2以上 breaks the meeting's protection (21: no E2E-breaking features). */
export const E2E_BREAKING = ['recording', 'transcription', 'translation', 'ai-notes', 'notetaker-bot'];

export interface RecordFilter {
  from?: string;
  to?: string;
  organization?: string;
  department?: string;
  service?: string;
  event?: string;
  warning?: string;
  /** '1', '2', '3', or '2+' (機密性2以上). */
  classification?: string;
  installation?: string;
  /** Part of the meeting's title. */
  text?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string | undefined): value is string =>
  Boolean(value && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00${JST}`)));

/** The instant a JST day starts, and the one after the last day of the period ends. */
export function periodBounds(from?: string, to?: string): { start?: string; end?: string } {
  return {
    start: isDate(from) ? new Date(`${from}T00:00:00${JST}`).toISOString() : undefined,
    end: isDate(to) ? new Date(Date.parse(`${to}T00:00:00${JST}`) + DAY_MS).toISOString() : undefined,
  };
}

/** A WHERE clause under construction: each value a parameter, never text in the SQL. */
class Where {
  readonly parts: string[] = [];
  constructor(readonly params: unknown[] = []) {}
  add(sql: (placeholder: string) => string, value: unknown): this {
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
    return this;
  }
  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }
  get sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'true';
  }
}

/** An organisation-limited viewer sees only its organisation's rows: in every query, in SQL. */
function scoped(viewer: Viewer, where = new Where()): Where {
  if (viewer.organization !== null) where.add((p) => `organization = ${p}`, viewer.organization);
  return where;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function filterWhere(viewer: Viewer, filter: RecordFilter): Where {
  const where = scoped(viewer);
  const { start, end } = periodBounds(filter.from, filter.to);
  if (start) where.add((p) => `at >= ${p}`, start);
  if (end) where.add((p) => `at < ${p}`, end);
  if (filter.organization) where.add((p) => `organization = ${p}`, filter.organization);
  if (filter.department) where.add((p) => `department = ${p}`, filter.department);
  if (filter.service) where.add((p) => `service = ${p}`, filter.service);
  if (filter.event) where.add((p) => `event = ${p}`, filter.event);
  if (filter.warning) where.add((p) => `record->'warnings' ? ${p}`, filter.warning);
  if (filter.classification === '2+') where.raw('class >= 2');
  else if (['1', '2', '3'].includes(filter.classification ?? ''))
    where.add((p) => `class = ${p}`, Number(filter.classification));
  if (filter.installation) where.add((p) => `installation = ${p}`, filter.installation);
  if (filter.text) where.add((p) => `record->>'title' ILIKE ${p}`, `%${escapeLike(filter.text)}%`);
  return where;
}

/** The overview's filter (period, department, the viewer's organisation) on the daily roll-up's days. */
function rollUpWhere(viewer: Viewer, filter: RecordFilter): Where {
  const where = scoped(viewer);
  if (isDate(filter.from)) where.add((p) => `day >= ${p}::date`, filter.from);
  if (isDate(filter.to)) where.add((p) => `day <= ${p}::date`, filter.to);
  if (filter.department) where.add((p) => `department = ${p}`, filter.department);
  return where;
}

const int = (value: unknown) => Number(value ?? 0);

/** The distinct installations (a skip scan over an index: one probe per installation, not a row scan). */
function installationsCte(viewer: Viewer, params: unknown[]): string {
  if (viewer.organization === null)
    return `WITH RECURSIVE known(installation) AS (
      (SELECT installation FROM records ORDER BY installation LIMIT 1)
      UNION ALL
      SELECT (SELECT r.installation FROM records r WHERE r.installation > k.installation ORDER BY r.installation LIMIT 1)
      FROM known k WHERE k.installation IS NOT NULL)`;
  params.push(viewer.organization);
  const org = `$${params.length}`;
  return `WITH RECURSIVE known(installation) AS (
      (SELECT installation FROM records WHERE organization = ${org} ORDER BY installation LIMIT 1)
      UNION ALL
      SELECT (SELECT r.installation FROM records r WHERE r.organization = ${org} AND r.installation > k.installation
              ORDER BY r.installation LIMIT 1)
      FROM known k WHERE k.installation IS NOT NULL)`;
}

export async function overview(db: Queryable, viewer: Viewer, filter: RecordFilter, now = new Date()) {
  const period = () => filterWhere(viewer, { from: filter.from, to: filter.to, department: filter.department });
  // The counts come from the daily roll-up (collector/src/rollup.ts), not from the month's records.
  const rolled = () => rollUpWhere(viewer, filter);
  const perDay = rolled().raw(`event = 'warnings'`).raw('class >= 2').raw('kind IS NOT NULL');
  const classed = rolled().raw(`event = 'warnings'`).raw('class >= 2').raw('kind IS NULL');
  const totals = rolled().raw('kind IS NULL');
  // A meeting is its service and id (the same id on two services is two meetings).
  const meetings = rolled().raw('service IS NOT NULL').raw('n > 0');
  const versions = rolled().raw('n > 0');
  const problems = period().raw(`event = 'policy-problems'`);
  // Installations seen in the last 7 days: the days after the one the 7 days start in from the roll-up, that
  // first day's tail from the records themselves (a day's records, found by the `at` index).
  const since = new Date(now.getTime() - 7 * DAY_MS);
  const sinceDay = new Date(since.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
  const recentDays = scoped(viewer)
    .add((p) => `day > ${p}::date`, sinceDay)
    .raw('n > 0');
  const recentTail = scoped(viewer, new Where(recentDays.params))
    .add((p) => `at >= ${p}`, since.toISOString())
    .add((p) => `at < ${p}`, periodBounds(sinceDay, sinceDay).end);
  const knownParams: unknown[] = [];
  const knownSql = `${installationsCte(viewer, knownParams)} SELECT count(installation) AS n FROM known`;
  /** Warnings at class 2+ per `column`: the count and the distinct meeting ids. */
  const grouped = (column: string) =>
    db.query(
      `SELECT c.${column}, c.n, coalesce(m.meetings, 0) AS meetings
       FROM (SELECT coalesce(${column}, '') AS ${column}, sum(n) AS n FROM records_daily WHERE ${classed.sql}
             GROUP BY 1) c
       LEFT JOIN (SELECT ${column}, count(*) AS meetings
                  FROM (SELECT DISTINCT coalesce(${column}, '') AS ${column}, meeting_id FROM meetings_daily
                        WHERE ${classed.sql} AND n > 0) d GROUP BY 1) m USING (${column})
       WHERE c.n > 0 ORDER BY c.n DESC`,
      classed.params,
    );

  const [days, services, departments, counts, meetingRow, versionRows, problemRows, recentRow, knownRow] =
    await Promise.all([
      db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, sum(n) AS n FROM records_daily
         WHERE ${perDay.sql} GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`,
        perDay.params,
      ),
      grouped('service'),
      grouped('department'),
      db.query(
        `SELECT coalesce(sum(n), 0) AS records,
           coalesce(sum(n) FILTER (WHERE event = 'warnings' AND class >= 2), 0) AS warnings_class2,
           coalesce(sum(n) FILTER (WHERE event = 'confirmed'), 0) AS confirmations,
           coalesce(sum(n) FILTER (WHERE event = 'policy-problems'), 0) AS policy_problems
         FROM records_daily WHERE ${totals.sql}`,
        totals.params,
      ),
      db.query(
        `SELECT (SELECT count(*) FROM (SELECT DISTINCT service, meeting_id FROM meetings_daily
                  WHERE ${meetings.sql} AND kind IS NULL AND class >= 2) c) AS classified_meetings,
           (SELECT count(*) FROM (SELECT DISTINCT service, meeting_id FROM meetings_daily
                  WHERE ${meetings.sql} AND event = 'warnings' AND kind = 'external-meeting') o) AS outside_meetings`,
        meetings.params,
      ),
      db.query(
        `SELECT version, count(*) AS installations
         FROM (SELECT DISTINCT version, installation FROM installations_daily WHERE ${versions.sql}) v
         GROUP BY version ORDER BY installations DESC, version DESC`,
        versions.params,
      ),
      db.query(
        `SELECT record->>'detail' AS detail, count(*) AS n, count(DISTINCT installation) AS installations
         FROM records WHERE ${problems.sql} GROUP BY 1 ORDER BY n DESC LIMIT 20`,
        problems.params,
      ),
      db.query(
        `SELECT count(*) AS n FROM (SELECT installation FROM installations_daily WHERE ${recentDays.sql}
           UNION SELECT installation FROM records WHERE ${recentTail.sql}) seen`,
        recentDays.params,
      ),
      db.query(knownSql, knownParams),
    ]);
  const total = { ...counts.rows[0], ...meetingRow.rows[0] };
  return {
    period: { from: filter.from ?? null, to: filter.to ?? null, timeZone: TIME_ZONE },
    figures: {
      records: int(total.records),
      warningsClass2: int(total.warnings_class2),
      classifiedMeetings: int(total.classified_meetings),
      confirmations: int(total.confirmations),
      outsideMeetings: int(total.outside_meetings),
      policyProblems: int(total.policy_problems),
      installationsLast7Days: int(recentRow.rows[0]?.n),
      installationsKnown: int(knownRow.rows[0]?.n),
    },
    warningsPerDay: days.rows.map((row) => ({ day: String(row.day), kind: String(row.kind), n: int(row.n) })),
    byService: services.rows.map((row) => ({
      service: String(row.service),
      n: int(row.n),
      meetings: int(row.meetings),
    })),
    byDepartment: departments.rows.map((row) => ({
      department: String(row.department),
      n: int(row.n),
      meetings: int(row.meetings),
    })),
    versions: versionRows.rows.map((row) => ({ version: String(row.version), installations: int(row.installations) })),
    policyProblems: problemRows.rows.map((row) => ({
      detail: String(row.detail ?? ''),
      n: int(row.n),
      installations: int(row.installations),
    })),
  };
}

const LIST_COLUMNS = `id, at, event, installation, version, service, meeting_id, organization, department, class,
  record->>'title' AS title, record->'warnings' AS warnings, record->>'detail' AS detail`;

/** A page of records, newest first; `after` is the last row of the page before ("at|id": keyset paging). */
export async function recordsPage(db: Queryable, viewer: Viewer, filter: RecordFilter, after?: string) {
  const where = filterWhere(viewer, filter);
  const [at, id] = (after ?? '').split('|');
  if (at && id && !Number.isNaN(Date.parse(at)) && UUID.test(id)) {
    where.params.push(new Date(at).toISOString(), id);
    where.raw(`(at, id) < ($${where.params.length - 1}, $${where.params.length})`);
  }
  where.params.push(PAGE_SIZE + 1);
  const { rows } = await db.query(
    `SELECT ${LIST_COLUMNS} FROM records WHERE ${where.sql} ORDER BY at DESC, id DESC LIMIT $${where.params.length}`,
    where.params,
  );
  const page = rows.slice(0, PAGE_SIZE).map(listRow);
  const last = page.at(-1);
  return { records: page, next: rows.length > PAGE_SIZE && last ? `${last.at}|${last.id}` : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());

function listRow(row: Record<string, unknown>) {
  const warnings = typeof row.warnings === 'string' ? JSON.parse(row.warnings) : row.warnings;
  return {
    id: String(row.id),
    at: iso(row.at),
    event: String(row.event),
    installation: String(row.installation),
    version: String(row.version),
    service: (row.service as string | null) ?? null,
    meetingId: (row.meeting_id as string | null) ?? null,
    organization: (row.organization as string | null) ?? null,
    department: (row.department as string | null) ?? null,
    classification: row.class === null || row.class === undefined ? null : Number(row.class),
    title: (row.title as string | null) ?? null,
    warnings: Array.isArray(warnings) ? warnings.map(String) : [],
    detail: (row.detail as string | null) ?? null,
  };
}

/** Columns every collector has; any other column of the row (an integrity state, say) is shown as stored. */
const KNOWN_COLUMNS = new Set([
  'id',
  'at',
  'event',
  'installation',
  'version',
  'service',
  'meeting_id',
  'record',
  'received_at',
  'organization',
  'department',
  'class',
]);

/** One record as stored: the record itself (with its evidence) and every other column the collector keeps. */
export async function recordDetail(db: Queryable, viewer: Viewer, id: string) {
  if (!UUID.test(id)) return null;
  const where = scoped(viewer).add((p) => `id = ${p}`, id);
  const { rows } = await db.query(`SELECT * FROM records WHERE ${where.sql}`, where.params);
  const row = rows[0];
  if (!row) return null;
  const stored: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row))
    if (!KNOWN_COLUMNS.has(column)) stored[column] = value instanceof Date ? value.toISOString() : value;
  return {
    record: typeof row.record === 'string' ? JSON.parse(row.record) : row.record,
    receivedAt: iso(row.received_at),
    stored,
  };
}

/** Every record the filter matches, oldest first, a page at a time (keyset: steady on millions of rows). */
export async function* filteredRecords(db: Queryable, viewer: Viewer, filter: RecordFilter, pageSize = 2000) {
  let after: { at: unknown; id: unknown } | null = null;
  for (;;) {
    const where = filterWhere(viewer, filter);
    if (after) {
      where.params.push(after.at, after.id);
      where.raw(`(at, id) > ($${where.params.length - 1}, $${where.params.length})`);
    }
    where.params.push(pageSize);
    const { rows } = await db.query<{ id: unknown; at: unknown; record: unknown }>(
      `SELECT id, at, record FROM records WHERE ${where.sql} ORDER BY at, id LIMIT $${where.params.length}`,
      where.params,
    );
    for (const row of rows)
      yield (typeof row.record === 'string' ? JSON.parse(row.record) : row.record) as Record<string, unknown>;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { at: last.at, id: last.id };
  }
}

/** Outside meetings (21-4): each one joined in the period, with the approval number recorded for it, if any. */
export async function outsideMeetings(db: Queryable, viewer: Viewer, filter: RecordFilter) {
  const where = filterWhere(viewer, filter).raw(`event = 'warnings'`).raw(`record->'warnings' ? 'external-meeting'`);
  const approvalScope =
    viewer.organization === null ? '' : ` AND a.organization = $${where.params.push(viewer.organization)}`;
  const { rows } = await db.query(
    `WITH outside AS (
       SELECT service, meeting_id, min(at) AS first_at, max(at) AS last_at, max(record->>'title') AS title,
              max(organization) AS organization, max(department) AS department, max(class) AS class,
              count(DISTINCT installation) AS installations
       FROM records WHERE ${where.sql} GROUP BY service, meeting_id)
     SELECT o.*, approval.number FROM outside o
     LEFT JOIN LATERAL (
       SELECT a.record->>'detail' AS number FROM records a
       WHERE a.event = 'approval' AND a.service = o.service AND a.meeting_id = o.meeting_id${approvalScope}
       ORDER BY a.at DESC LIMIT 1) approval ON true
     ORDER BY o.first_at DESC LIMIT 1000`,
    where.params,
  );
  return rows.map((row) => ({
    service: (row.service as string | null) ?? '',
    meetingId: (row.meeting_id as string | null) ?? '',
    title: (row.title as string | null) ?? null,
    organization: (row.organization as string | null) ?? null,
    department: (row.department as string | null) ?? null,
    classification: row.class === null ? null : Number(row.class),
    firstAt: iso(row.first_at),
    lastAt: iso(row.last_at),
    installations: int(row.installations),
    approval: typeof row.number === 'string' && row.number.trim() ? row.number : null,
  }));
}

/**
 * Each installation: its latest record (last seen, version, department) and the policy in effect as it
 * last reported it (a `policy` record: the values, which keys the admin's policy set, its digest).
 */
export async function fleet(db: Queryable, viewer: Viewer) {
  const params: unknown[] = [];
  const cte = installationsCte(viewer, params);
  const { rows } = await db.query(
    `${cte}
     SELECT k.installation, last.at, last.version, last.organization, last.department,
            policy.record->'evidence' AS policy, policy.record->>'policyDigest' AS digest, policy.at AS policy_at
     FROM known k
     CROSS JOIN LATERAL (SELECT at, version, organization, department FROM records r
                         WHERE r.installation = k.installation ORDER BY at DESC LIMIT 1) last
     LEFT JOIN LATERAL (SELECT record, at FROM records p WHERE p.installation = k.installation AND p.event = 'policy'
                        ORDER BY at DESC LIMIT 1) policy ON true
     WHERE k.installation IS NOT NULL
     ORDER BY last.at DESC`,
    params,
  );
  const installations = rows.map((row) => {
    const policy = (typeof row.policy === 'string' ? JSON.parse(row.policy) : row.policy) as PolicyReport | null;
    return {
      installation: String(row.installation),
      lastSeen: iso(row.at),
      version: String(row.version),
      organization: (row.organization as string | null) ?? null,
      department: (row.department as string | null) ?? null,
      browser: policy?.browser ?? null,
      policyDigest: (row.digest as string | null) ?? null,
      policyReportedAt: row.policy_at ? iso(row.policy_at) : null,
      values: policy?.values ?? null,
      adminKeys: Array.isArray(policy?.adminKeys) ? policy.adminKeys.map(String) : [],
      droppedKeys: [] as string[],
    };
  });
  // A key the organisation's policy sets on other installations but this one runs on its default: the
  // browser most likely dropped the value (a wrong type is "Not set" in chrome://policy).
  const setIn = new Map<string, Set<string>>();
  for (const item of installations) {
    const org = item.organization ?? '';
    const keys = setIn.get(org) ?? new Set<string>();
    for (const key of item.adminKeys) keys.add(key);
    setIn.set(org, keys);
  }
  for (const item of installations)
    if (item.values)
      item.droppedKeys = [...(setIn.get(item.organization ?? '') ?? [])]
        .filter((key) => !item.adminKeys.includes(key))
        .sort();
  return installations;
}

interface PolicyReport {
  browser?: string;
  values?: Record<string, unknown>;
  adminKeys?: unknown[];
}

/** Detection reports (issue 20): records of event `detection-report`, newest first. */
export async function detectionReports(db: Queryable, viewer: Viewer, filter: RecordFilter) {
  return recordsPage(db, viewer, { ...filter, event: 'detection-report' });
}

/** Clause by clause of (21) for one month (YYYY-MM, JST): what the records show. */
export async function monthlyReport(db: Queryable, viewer: Viewer, month: string, now = new Date()) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const filter = { from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
  const byKind = rollUpWhere(viewer, filter).raw(`event = 'warnings'`).raw('kind IS NOT NULL');
  const confirmed = filterWhere(viewer, filter).raw(`event = 'confirmed'`);
  const guard = filterWhere(viewer, filter).raw(`event = 'guard'`);
  const marks = filterWhere(viewer, filter).raw(`event = 'classification'`);
  const [summary, kinds, confirmations, guards, markRows, outside] = await Promise.all([
    overview(db, viewer, filter, now),
    db.query(
      `SELECT c.kind, c.n, c.n_class2, coalesce(m.meetings, 0) AS meetings, coalesce(m.meetings_class2, 0) AS meetings_class2
       FROM (SELECT kind, sum(n) AS n, coalesce(sum(n) FILTER (WHERE class >= 2), 0) AS n_class2 FROM records_daily
             WHERE ${byKind.sql} GROUP BY kind) c
       LEFT JOIN (SELECT kind, count(*) AS meetings, count(*) FILTER (WHERE class2) AS meetings_class2
                  FROM (SELECT kind, service, meeting_id, bool_or(class >= 2) AS class2 FROM meetings_daily
                        WHERE ${byKind.sql} AND service IS NOT NULL AND n > 0 GROUP BY kind, service, meeting_id) d
                  GROUP BY kind) m USING (kind)
       WHERE c.n > 0`,
      byKind.params,
    ),
    db.query(
      `SELECT split_part(record->>'detail', '=', 1) AS item, count(*) AS n FROM records
       WHERE ${confirmed.sql} AND record->>'detail' LIKE '%=true' GROUP BY 1`,
      confirmed.params,
    ),
    db.query(
      `SELECT split_part(record->>'detail', ' ', 1) AS decision, count(*) AS n FROM records WHERE ${guard.sql} GROUP BY 1`,
      guard.params,
    ),
    db.query(
      `SELECT coalesce(class::text, '') AS class, count(*) AS n FROM records WHERE ${marks.sql} GROUP BY 1`,
      marks.params,
    ),
    outsideMeetings(db, viewer, filter),
  ]);
  const warnings = Object.fromEntries(
    kinds.rows.map((row) => [
      String(row.kind),
      {
        n: int(row.n),
        nClass2: int(row.n_class2),
        meetings: int(row.meetings),
        meetingsClass2: int(row.meetings_class2),
      },
    ]),
  );
  return {
    month,
    period: filter,
    organization: viewer.organization,
    figures: summary.figures,
    versions: summary.versions,
    policyProblems: summary.policyProblems,
    byDepartment: summary.byDepartment,
    warnings,
    confirmations: Object.fromEntries(confirmations.rows.map((row) => [String(row.item), int(row.n)])),
    guardDecisions: Object.fromEntries(guards.rows.map((row) => [String(row.decision), int(row.n)])),
    classificationMarks: Object.fromEntries(markRows.rows.map((row) => [String(row.class), int(row.n)])),
    outside: {
      total: outside.length,
      withApproval: outside.filter((meeting) => meeting.approval).length,
      withoutApproval: outside.filter((meeting) => !meeting.approval).length,
    },
  };
}
