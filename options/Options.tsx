/**
 * The options page: the effective policy with each value's source (admin, locked; or default), the
 * problems found in the admin's policy (key, value, why), and the records of checks with an export.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { replyOrder } from '../popup/latest';
import { type Translate, translator } from '../src/i18n';
import type { OptionsResponse, RecordsPage } from '../src/messages';
import type { UserSettings } from '../src/policy/effective';
import { POLICY_KEYS } from '../src/policy/policy';
import { reasonInJapanese } from '../src/policy/reasons';
import { policyTitle } from '../src/policy/titles';
import { type RecordEntry, recordsToCsv, recordsToJsonLines } from '../src/records';
import type { RulesStatus } from '../src/rules-document';
import { Coverage } from './Coverage';
import { Rules } from './Rules';

export interface OptionsApi {
  get(): Promise<OptionsResponse>;
  /** Whether the person granted these sites (optional host permissions). */
  granted(origins: string[]): Promise<boolean>;
  /** Asks the browser for the sites; must run inside the click that asked for it. */
  grant(origins: string[]): Promise<boolean>;
  setUserSettings(settings: UserSettings): Promise<OptionsResponse>;
  /** A page of the record, newest first. */
  records(offset: number, limit: number): Promise<RecordsPage>;
  /** Every record, oldest first, for the exports. */
  exportRecords(): Promise<RecordEntry[]>;
  /** Calls back when records were added; returns the unsubscribe. */
  onRecordsChanged?(listener: () => void): () => void;
  /** The signed rules (issue 20); absent in tests that do not use them. */
  rules?(): Promise<RulesStatus>;
  refreshRules?(): Promise<RulesStatus>;
}

/** Records shown a page at a time (the log can hold tens of thousands). */
export const PAGE_SIZE = 50;

/** Saves text as a file through a temporary link (the page has no other way to hand a file over). */
function download(text: string, type: string, name: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

const titleOf = policyTitle;

export function Options({ api }: { api: OptionsApi }) {
  const [data, setData] = useState<OptionsResponse | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  /** Why the last save failed; cleared by the next save that succeeds. */
  const [saveFailure, setSaveFailure] = useState<string | null>(null);
  // A read that started before a save must not answer after it with the old settings (popup/latest.ts).
  const order = useMemo(replyOrder, []);
  useEffect(() => {
    const read = () => {
      const mayShow = order.read();
      api.get().then(
        (reply) => mayShow() && setData(reply),
        (reason: unknown) => mayShow() && setLoadFailure(String(reason)),
      );
    };
    read();
    // New records change the delivery status and the first page: follow them while the page is open.
    return api.onRecordsChanged?.(read);
  }, [api, order]);
  if (!data) return loadFailure ? <main class="error">{loadFailure}</main> : <main aria-busy="true" />;
  const tr = translator(data.locale);
  const { policy, problems, adminKeys, sources } = data.parsedPolicy;
  const saveSettings = (settings: UserSettings) => {
    const mayShow = order.change();
    api.setUserSettings(settings).then(
      (reply) => {
        if (!mayShow()) return;
        setData(reply);
        setSaveFailure(null);
      },
      (reason: unknown) => {
        mayShow();
        // The page keeps showing what background holds; the person is told the change did not take.
        setSaveFailure(String(reason));
        setData((current) => current && { ...current });
      },
    );
  };

  const exportRecords = async (format: 'csv' | 'jsonl') => {
    const records = await api.exportRecords();
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'csv')
      download(recordsToCsv(records), 'text/csv;charset=utf-8', `meeting-guard-records-${date}.csv`);
    else download(recordsToJsonLines(records), 'application/x-ndjson', `meeting-guard-records-${date}.jsonl`);
  };

  return (
    <main lang={data.locale}>
      <h1>{tr('options_title')}</h1>
      <Problems data={data} tr={tr} />
      {saveFailure && (
        <p class="save-failed" role="alert">
          {tr('options_saveFailed')} ({saveFailure})
        </p>
      )}
      <MySettings data={data} tr={tr} onSave={saveSettings} />
      <CustomServices data={data} tr={tr} api={api} />
      <section class="policy">
        <h2>{tr('options_policy')}</h2>
        {adminKeys.length === 0 && problems.length === 0 && <p class="note">{tr('options_managed_none')}</p>}
        <table class="policy">
          <thead>
            <tr>
              <th>{tr('options_key')}</th>
              <th>{tr('options_value')}</th>
              <th>{tr('options_source')}</th>
            </tr>
          </thead>
          <tbody>
            {POLICY_KEYS.map((key) => {
              const source = sources[key];
              return (
                <tr key={key} data-policy-key={key} data-source={source}>
                  <th scope="row">
                    {titleOf(key, data.locale)}
                    <code>{key}</code>
                  </th>
                  <td>
                    {/* Shown masked: the token is readable in the browser's policy page anyway, but not needed here. */}
                    <pre>
                      {key === 'reportToken' && policy[key] ? '••••••••' : JSON.stringify(policy[key], null, 1)}
                    </pre>
                  </td>
                  <td>{source === 'admin' ? `🔒 ${tr('source_admin')}` : tr(`source_${source}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <Coverage data={data} tr={tr} />
      <Delivery data={data} tr={tr} />
      {api.rules && api.refreshRules && (
        <Rules api={{ rules: api.rules, refreshRules: api.refreshRules }} tr={tr} locale={data.locale} />
      )}
      <Records data={data} tr={tr} api={api} onExport={exportRecords} />
    </main>
  );
}

const CHOICES = {
  defaultClassification: ['1', '2', '3'],
  e2eBreakingFeatures: ['warn', 'confirm', 'block'],
  locale: ['auto', 'ja', 'en'],
} as const;

/** The person's own settings: they apply only where stricter than the admin's or the default (locale aside). */
function MySettings({ data, tr, onSave }: { data: OptionsResponse; tr: Translate; onSave: (s: UserSettings) => void }) {
  const { policy, sources, userSettings } = data.parsedPolicy;
  const change = (key: keyof UserSettings, value: unknown) => onSave({ ...userSettings, [key]: value });
  return (
    <section class="my-settings">
      <h2>{tr('options_mySettings')}</h2>
      <p class="note">{tr('options_mySettingsIntro')}</p>
      {(['defaultClassification', 'e2eBreakingFeatures', 'locale'] as const).map((key) => (
        <label key={key} data-setting={key} data-source={sources[key]}>
          <span>{titleOf(key, data.locale)}</span>
          <select
            value={String(policy[key])}
            disabled={key === 'locale' && sources[key] === 'admin'}
            onChange={(event) => {
              const raw = (event.currentTarget as HTMLSelectElement).value;
              change(key, key === 'defaultClassification' ? Number(raw) : raw);
            }}
          >
            {CHOICES[key].map((choice) => (
              <option key={choice} value={choice}>
                {tr(`choice_${key}_${choice}`)}
              </option>
            ))}
          </select>
          {sources[key] === 'admin' && <span class="lock">🔒 {tr('source_admin')}</span>}
        </label>
      ))}
      {(['requirePasscode', 'requireWaitingRoom'] as const).map((key) => (
        <label key={key} data-setting={key} data-source={sources[key]}>
          <input
            type="checkbox"
            checked={policy[key]}
            onChange={(event) => change(key, (event.currentTarget as HTMLInputElement).checked)}
          />
          <span>{titleOf(key, data.locale)}</span>
          {sources[key] === 'admin' && <span class="lock">🔒 {tr('source_admin')}</span>}
        </label>
      ))}
    </section>
  );
}

function CustomServices({ data, tr, api }: { data: OptionsResponse; tr: Translate; api: OptionsApi }) {
  const definitions = data.parsedPolicy.policy.customServices;
  const [granted, setGranted] = useState<Record<string, boolean>>({});
  useEffect(() => {
    Promise.all(definitions.map(async (service) => [service.id, await api.granted(service.matches)] as const)).then(
      (entries) => setGranted(Object.fromEntries(entries)),
    );
  }, [definitions, api]);
  if (!definitions.length) return null;
  return (
    <section class="custom-services">
      <h2>{tr('options_customServices')}</h2>
      <p class="note">{tr('options_customIntro')}</p>
      <ul>
        {definitions.map((service) => (
          <li key={service.id} data-custom-service={service.id} data-granted={String(granted[service.id] ?? false)}>
            <strong>{service.name}</strong> <code>{service.matches.join(', ')}</code>{' '}
            {granted[service.id] ? (
              <span>✓ {tr('options_granted')}</span>
            ) : (
              <button
                type="button"
                onClick={() =>
                  api.grant(service.matches).then((ok) => setGranted((current) => ({ ...current, [service.id]: ok })))
                }
              >
                {tr('options_grant')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Problems({ data, tr }: { data: OptionsResponse; tr: Translate }) {
  const { problems } = data.parsedPolicy;
  return (
    <section class="problems" data-problem-count={problems.length}>
      <h2>{tr('options_problems')}</h2>
      {problems.length === 0 ? (
        <p>{tr('options_noProblems')}</p>
      ) : (
        <>
          <p class="note">{tr('options_problemsIntro')}</p>
          <table>
            <thead>
              <tr>
                <th>{tr('options_path')}</th>
                <th>{tr('options_value')}</th>
                <th>{tr('options_reason')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem) => (
                <tr key={problem.path} data-problem={problem.path}>
                  <td>
                    <code>{problem.path}</code>
                  </td>
                  <td>
                    <code>{problem.value}</code>
                  </td>
                  <td>{data.locale === 'ja' ? reasonInJapanese(problem.reason) : problem.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Delivery({ data, tr }: { data: OptionsResponse; tr: Translate }) {
  const { delivery, locale } = data;
  const time = (iso?: string) => (iso ? new Date(iso).toLocaleString(locale) : tr('options_never'));
  return (
    <section class="delivery" data-waiting={delivery.waiting} data-endpoint={delivery.endpoint}>
      <h2>{tr('options_delivery')}</h2>
      {delivery.endpoint ? (
        <dl>
          <dt>{tr('options_deliveryEndpoint')}</dt>
          <dd>
            <code>{delivery.endpoint}</code>
          </dd>
          <dt>{tr('options_deliveryWaiting')}</dt>
          <dd class="waiting">{delivery.waiting}</dd>
          <dt>{tr('options_deliveryLastSuccess')}</dt>
          <dd class="last-success">{time(delivery.lastSuccessAt)}</dd>
          {delivery.lastError && (
            <>
              <dt>{tr('options_deliveryLastError')}</dt>
              <dd class="last-error" data-status={delivery.lastError.status ?? ''}>
                {time(delivery.lastError.at)} ·{' '}
                {delivery.lastError.status ? `HTTP ${delivery.lastError.status} · ` : ''}
                {delivery.lastError.message}
              </dd>
            </>
          )}
          {delivery.nextTryAt && (
            <>
              <dt>{tr('options_deliveryNextTry')}</dt>
              <dd>{time(delivery.nextTryAt)}</dd>
            </>
          )}
        </dl>
      ) : (
        <p class="note">{tr('options_deliveryNone')}</p>
      )}
      <p class="note">
        {tr('options_installation')}: <code class="installation">{data.installation}</code>
      </p>
    </section>
  );
}

function Records({
  data,
  tr,
  api,
  onExport,
}: {
  data: OptionsResponse;
  tr: Translate;
  api: OptionsApi;
  onExport: (format: 'csv' | 'jsonl') => void;
}) {
  const [page, setPage] = useState<RecordsPage>(data.records);
  // A fresh first page from background (a new record) replaces the one shown when it is the first.
  useEffect(() => setPage((current) => (current.offset === 0 ? data.records : current)), [data.records]);
  const go = (offset: number) => api.records(offset, PAGE_SIZE).then(setPage);
  const last = Math.min(page.offset + page.records.length, page.total);
  return (
    <section class="records" data-total={page.total} data-offset={page.offset}>
      <h2>{tr('options_records')}</h2>
      <p>
        <button type="button" class="export-csv" onClick={() => onExport('csv')} disabled={page.total === 0}>
          {tr('options_exportCsv')}
        </button>{' '}
        <button type="button" class="export-jsonl" onClick={() => onExport('jsonl')} disabled={page.total === 0}>
          {tr('options_exportJsonl')}
        </button>
      </p>
      {page.total === 0 ? (
        <p>{tr('options_noRecords')}</p>
      ) : (
        <>
          <nav class="pages">
            <button
              type="button"
              class="newer"
              disabled={page.offset === 0}
              onClick={() => go(Math.max(0, page.offset - PAGE_SIZE))}
            >
              {tr('options_newer')}
            </button>{' '}
            <span>
              {page.offset + 1}–{last} / {page.total}
            </span>{' '}
            <button
              type="button"
              class="older"
              disabled={last >= page.total}
              onClick={() => go(page.offset + PAGE_SIZE)}
            >
              {tr('options_older')}
            </button>
          </nav>
          <table>
            <thead>
              <tr>
                <th>{tr('options_time')}</th>
                <th>{tr('options_meeting')}</th>
                <th>{tr('options_event')}</th>
                <th>{tr('options_deliveryState')}</th>
              </tr>
            </thead>
            <tbody>
              {page.records.map(({ record, delivery }) => (
                <tr key={record.id} data-record={record.event} data-record-id={record.id} data-delivery={delivery}>
                  <td>
                    {new Date(record.at).toLocaleString(data.locale)}
                    {record.count && record.count > 1
                      ? ` (×${record.count}, ${new Date(record.lastSeen ?? record.at).toLocaleString(data.locale)})`
                      : ''}
                  </td>
                  <td>
                    {record.service} {record.meetingId} {record.title && `「${record.title}」`}
                  </td>
                  <td>
                    {record.event}
                    {record.classification && ` · ${tr(`class_${record.classification}`)}`}
                    {record.warnings?.length ? ` · ${record.warnings.join(', ')}` : ''}
                    {record.event !== 'warnings' && record.detail ? ` · ${record.detail}` : ''}
                  </td>
                  <td>{tr(`options_delivery_${delivery === 'set-aside' ? 'setAside' : delivery}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
