/**
 * The signed detection rules in force (issue 20): their source, version, issued and expiry dates, when they
 * were fetched, the last check and why it brought nothing new (the last good rules stay), the entries dropped
 * at validation, and 「今すぐ取得」 to fetch them now. DOM contract: section.rules with data-version,
 * data-source, data-action="refresh-rules", .last-error.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../src/i18n';
import type { RulesStatus } from '../src/rules-document';

export interface RulesApi {
  rules(): Promise<RulesStatus>;
  refreshRules(): Promise<RulesStatus>;
}

export function Rules({ api, tr, locale }: { api: RulesApi; tr: Translate; locale: string }) {
  const [status, setStatus] = useState<RulesStatus | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.rules().then(setStatus, () => undefined);
  }, [api]);
  if (!status) return null;
  const time = (iso?: string) => (iso ? new Date(iso).toLocaleString(locale) : tr('options_never'));
  const rules = status.inForce;
  const inForce = rules && rules.source === status.url;
  const count = inForce
    ? Object.values(rules.payload.services).reduce(
        (sum, keys) => sum + Object.values(keys).reduce((n, { add }) => n + add.length, 0),
        0,
      ) + rules.payload.notetakerNames.length
    : 0;
  return (
    <section
      class="rules"
      data-source={inForce ? rules.source : ''}
      data-version={inForce ? String(rules.payload.version) : ''}
    >
      <h2>{tr('options_rules')}</h2>
      {!status.url ? (
        <p class="note">{tr('options_rulesNone')}</p>
      ) : (
        <>
          <dl>
            <dt>{tr('options_rulesSource')}</dt>
            <dd>
              <code>{status.url}</code>
            </dd>
            {inForce ? (
              <>
                <dt>{tr('options_rulesVersion')}</dt>
                <dd class="version">{rules.payload.version}</dd>
                <dt>{tr('options_rulesIssued')}</dt>
                <dd>
                  {time(rules.payload.issued)} – {time(rules.payload.expires)}
                </dd>
                <dt>{tr('options_rulesEntries')}</dt>
                <dd class="entries">{count}</dd>
                <dt>{tr('options_rulesFetched')}</dt>
                <dd>{time(rules.fetchedAt)}</dd>
              </>
            ) : (
              <>
                <dt>{tr('options_rulesVersion')}</dt>
                <dd class="version">{tr('options_rulesBuiltIn')}</dd>
              </>
            )}
            <dt>{tr('options_rulesLastCheck')}</dt>
            <dd>{time(status.lastCheckAt)}</dd>
            {status.lastError && (
              <>
                <dt>{tr('options_rulesLastError')}</dt>
                <dd class="last-error">{status.lastError}</dd>
              </>
            )}
          </dl>
          {inForce && rules.dropped.length > 0 && (
            <ul class="dropped">
              {rules.dropped.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <button
            type="button"
            data-action="refresh-rules"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void api
                .refreshRules()
                .then(setStatus, () => undefined)
                .finally(() => setBusy(false));
            }}
          >
            {tr('options_rulesRefresh')}
          </button>
        </>
      )}
    </section>
  );
}
