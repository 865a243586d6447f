/**
 * The options page: the effective policy with each value's source (admin, locked; or default), the
 * problems found in the admin's policy (key, value, why), and the records of checks with an export.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Translate, translator } from '../src/i18n';
import type { OptionsResponse } from '../src/messages';
import { POLICY_KEYS, type PolicyKey } from '../src/policy/policy';
import schema from '../src/policy/schema.json';

export interface OptionsApi {
  get(): Promise<OptionsResponse>;
  clearRecords(): Promise<unknown>;
}

const titleOf = (key: PolicyKey, locale: 'ja' | 'en') => {
  const [ja, en] = schema.properties[key].title.split(' / ');
  return (locale === 'en' ? en : ja) ?? key;
};

export function Options({ api }: { api: OptionsApi }) {
  const [data, setData] = useState<OptionsResponse | null>(null);
  useEffect(() => {
    api.get().then(setData);
  }, [api]);
  if (!data) return <main aria-busy="true" />;
  const tr = translator(data.locale);
  const { policy, problems, adminKeys } = data.parsedPolicy;

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
      <section>
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
              const admin = adminKeys.includes(key);
              return (
                <tr key={key} data-policy-key={key} data-source={admin ? 'admin' : 'default'}>
                  <th scope="row">
                    {titleOf(key, data.locale)}
                    <code>{key}</code>
                  </th>
                  <td>
                    <pre>{JSON.stringify(policy[key], null, 1)}</pre>
                  </td>
                  <td>{admin ? `🔒 ${tr('source_admin')}` : tr('source_default')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <Problems data={data} tr={tr} />
      <Records data={data} tr={tr} onExport={exportRecords} />
    </main>
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
                  <td>{problem.reason}</td>
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
