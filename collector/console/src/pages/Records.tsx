import { useEffect, useState } from 'preact/hooks';
// The events a record may carry, from the records' contract the extension and the collector share.
import { RECORD_EVENTS } from '../../../../contract/record-contract';
import { exportUrl, get } from '../api';
import { formatTime, type Lang, t, WARNING_IDS, warningName } from '../i18n';
import { useApi } from '../load';
import { routeHash } from '../route';
import { FilterForm, periodOf, Shown } from './common';

export interface RecordRow {
  id: string;
  at: string;
  event: string;
  installation: string;
  version: string;
  service: string | null;
  meetingId: string | null;
  organization: string | null;
  department: string | null;
  classification: number | null;
  title: string | null;
  warnings: string[];
  detail: string | null;
}

interface RecordsPage {
  records: RecordRow[];
  next: string | null;
}

const FILTERS = ['department', 'service', 'event', 'warning', 'classification', 'installation', 'text'] as const;

export function Records({ lang, query }: { lang: Lang; query: Record<string, string> }) {
  const period = periodOf(query);
  const filter = { ...period, ...Object.fromEntries(FILTERS.map((key) => [key, query[key]])) };
  const loaded = useApi<RecordsPage>('/records', { ...filter, after: query.after });
  const [open, setOpen] = useState<string | null>(query.record ?? null);
  useEffect(() => setOpen(query.record ?? null), [query.record]);
  return (
    <section aria-labelledby="records-title">
      <h1 id="records-title">{t(lang, 'records')}</h1>
      <FilterForm lang={lang} page="records" query={query}>
        <label>
          {t(lang, 'department')}
          <input name="department" value={query.department ?? ''} />
        </label>
        <label>
          {t(lang, 'service')}
          <input name="service" value={query.service ?? ''} />
        </label>
        <label>
          {t(lang, 'event')}
          <select name="event" value={query.event ?? ''}>
            <option value="">{t(lang, 'all')}</option>
            {RECORD_EVENTS.map((event) => (
              <option key={event} value={event}>
                {event}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'warning')}
          <select name="warning" value={query.warning ?? ''}>
            <option value="">{t(lang, 'all')}</option>
            {WARNING_IDS.map((id) => (
              <option key={id} value={id}>
                {warningName(lang, id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'classification')}
          <select name="classification" value={query.classification ?? ''}>
            <option value="">{t(lang, 'all')}</option>
            <option value="2+">2+</option>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </label>
        <label>
          {t(lang, 'installation')}
          <input name="installation" value={query.installation ?? ''} />
        </label>
        <label>
          {t(lang, 'titleText')}
          <input name="text" value={query.text ?? ''} />
        </label>
      </FilterForm>
      <p class="exports">
        <a href={exportUrl('csv', filter)} download data-export="csv">
          {t(lang, 'exportCsv')}
        </a>
        <a href={exportUrl('jsonl', filter)} download data-export="jsonl">
          {t(lang, 'exportJsonl')}
        </a>
      </p>
      <Shown lang={lang} loaded={loaded}>
        {(data) => (
          <>
            <RecordTable lang={lang} rows={data.records} onOpen={setOpen} />
            <nav class="pager" aria-label={lang === 'ja' ? 'ページ送り' : 'Pages'}>
              {query.after && (
                <a href={routeHash('records', { ...query, after: undefined, record: undefined })}>{t(lang, 'first')}</a>
              )}
              {data.next && (
                <a href={routeHash('records', { ...query, after: data.next, record: undefined })}>{t(lang, 'next')}</a>
              )}
            </nav>
          </>
        )}
      </Shown>
      {open && <RecordDetail lang={lang} id={open} path="/records" onClose={() => setOpen(null)} />}
    </section>
  );
}

export function RecordTable({ lang, rows, onOpen }: { lang: Lang; rows: RecordRow[]; onOpen(id: string): void }) {
  if (!rows.length) return <p>{t(lang, 'none')}</p>;
  return (
    <table class="records" data-table="records">
      <thead>
        <tr>
          <th scope="col">{t(lang, 'at')}</th>
          <th scope="col">{t(lang, 'event')}</th>
          <th scope="col">{t(lang, 'service')}</th>
          <th scope="col">{t(lang, 'classification')}</th>
          <th scope="col">{t(lang, 'warning')}</th>
          <th scope="col">{t(lang, 'department')}</th>
          <th scope="col">{t(lang, 'titleText')}</th>
          <th scope="col">{t(lang, 'detail')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-record-id={row.id} data-event={row.event}>
            <td>
              <button type="button" class="link" onClick={() => onOpen(row.id)}>
                {formatTime(lang, row.at)}
              </button>
            </td>
            <td>{row.event}</td>
            <td>{row.service ?? ''}</td>
            <td>{row.classification ?? ''}</td>
            <td>{row.warnings.map((id) => warningName(lang, id)).join('、')}</td>
            <td>{row.department ?? ''}</td>
            <td>{row.title ?? ''}</td>
            <td>{row.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Detail {
  record: Record<string, unknown>;
  receivedAt: string;
  stored: Record<string, unknown>;
}

/** One record as the collector stores it: every field, its evidence, and any integrity state the collector keeps. */
export function RecordDetail({
  lang,
  id,
  path,
  onClose,
  children,
}: {
  lang: Lang;
  id: string;
  path: string;
  onClose(): void;
  children?(detail: Detail): preact.ComponentChildren;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setDetail(null);
    get<Detail>(`${path}/${encodeURIComponent(id)}`).then(setDetail, (failure: Error) => setError(failure.message));
  }, [id, path]);
  const { evidence, report, ...fields } = detail?.record ?? {};
  return (
    <section class="detail" aria-labelledby="detail-title" data-detail={id}>
      <h2 id="detail-title">
        {t(lang, 'detail')}: <code>{id}</code>
      </h2>
      <button type="button" onClick={onClose}>
        {t(lang, 'close')}
      </button>
      {error && <p role="alert">{error}</p>}
      {detail && (
        <>
          <dl class="fields">
            {Object.entries(fields).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
          {evidence !== undefined && (
            <>
              <h3>{t(lang, 'evidence')}</h3>
              <Json value={evidence} name="evidence" />
            </>
          )}
          {report !== undefined && (
            <>
              <h3>{t(lang, 'snapshot')}</h3>
              <Json value={report} name="report" />
            </>
          )}
          <h3>{t(lang, 'stored')}</h3>
          {Object.keys(detail.stored).length ? (
            <Json value={detail.stored} name="stored" />
          ) : (
            <p data-stored="none">{t(lang, 'noIntegrity')}</p>
          )}
          {children?.(detail)}
        </>
      )}
    </section>
  );
}

/** A block of JSON that may scroll: it takes focus so a keyboard can scroll it (axe scrollable-region-focusable). */
function Json({ value, name }: { value: unknown; name: string }) {
  const data = { [`data-${name}`]: '' };
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must be focusable to be scrolled by keyboard
    <pre tabIndex={0} {...data}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
