/**
 * The options page: the effective policy with each value's source (admin, locked; or default), the
 * problems found in the admin's policy (key, value, why), and the records of checks with an export.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Translate, translator } from '../src/i18n';
import type { OptionsResponse } from '../src/messages';
import type { UserSettings } from '../src/policy/effective';
import { POLICY_KEYS } from '../src/policy/policy';
import { reasonInJapanese } from '../src/policy/reasons';
import { policyTitle } from '../src/policy/titles';
import { Coverage } from './Coverage';

export interface OptionsApi {
  get(): Promise<OptionsResponse>;
  /** Whether the person granted these sites (optional host permissions). */
  granted(origins: string[]): Promise<boolean>;
  /** Asks the browser for the sites; must run inside the click that asked for it. */
  grant(origins: string[]): Promise<boolean>;
  setUserSettings(settings: UserSettings): Promise<OptionsResponse>;
}

const titleOf = policyTitle;

export function Options({ api }: { api: OptionsApi }) {
  const [data, setData] = useState<OptionsResponse | null>(null);
  useEffect(() => {
    api.get().then(setData);
  }, [api]);
  if (!data) return <main aria-busy="true" />;
  const tr = translator(data.locale);
  const { policy, problems, adminKeys, sources } = data.parsedPolicy;
  const saveSettings = (settings: UserSettings) => api.setUserSettings(settings).then(setData);

  const exportRecords = () => {
    const blob = new Blob([JSON.stringify(data.records, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `meeting-guard-records-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <main lang={data.locale}>
      <h1>{tr('options_title')}</h1>
      <Problems data={data} tr={tr} />
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
                    <pre>{JSON.stringify(policy[key], null, 1)}</pre>
                  </td>
                  <td>{source === 'admin' ? `🔒 ${tr('source_admin')}` : tr(`source_${source}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <Coverage data={data} tr={tr} />
      <Records data={data} tr={tr} onExport={exportRecords} />
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

function Records({ data, tr, onExport }: { data: OptionsResponse; tr: Translate; onExport: () => void }) {
  const newestFirst = [...data.records].reverse().slice(0, 200);
  return (
    <section class="records">
      <h2>{tr('options_records')}</h2>
      <button type="button" onClick={onExport} disabled={data.records.length === 0}>
        {tr('options_export')}
      </button>
      {newestFirst.length === 0 ? (
        <p>{tr('options_noRecords')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{tr('options_time')}</th>
              <th>{tr('options_meeting')}</th>
              <th>{tr('options_event')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((record, index) => (
              <tr key={`${record.at}-${index}`} data-record={record.event}>
                <td>{new Date(record.at).toLocaleString(data.locale)}</td>
                <td>
                  {record.service} {record.meetingId} {record.title && `「${record.title}」`}
                </td>
                <td>
                  {record.event}
                  {record.classification && ` · ${tr(`class_${record.classification}`)}`}
                  {record.warnings?.length ? ` · ${record.warnings.join(', ')}` : ''}
                  {record.event !== 'warnings' && record.detail ? ` · ${record.detail}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
