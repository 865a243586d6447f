import { formatTime, type Lang, t } from '../i18n';
import { useApi } from '../load';
import { Shown } from './common';

interface Installation {
  installation: string;
  lastSeen: string;
  version: string;
  organization: string | null;
  department: string | null;
  browser: string | null;
  policyDigest: string | null;
  values: Record<string, unknown> | null;
  adminKeys: string[];
  droppedKeys: string[];
}

export function Fleet({ lang }: { lang: Lang }) {
  const loaded = useApi<{ installations: Installation[] }>('/fleet', {});
  return (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">{t(lang, 'fleet')}</h1>
      <p class="help">{t(lang, 'droppedHelp')}</p>
      <Shown lang={lang} loaded={loaded}>
        {({ installations }) =>
          installations.length ? (
            <table data-table="fleet">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'installation')}</th>
                  <th scope="col">{t(lang, 'lastSeen')}</th>
                  <th scope="col">{t(lang, 'version')}</th>
                  <th scope="col">{t(lang, 'browser')}</th>
                  <th scope="col">{t(lang, 'organization')}</th>
                  <th scope="col">{t(lang, 'department')}</th>
                  <th scope="col">{t(lang, 'policy')}</th>
                </tr>
              </thead>
              <tbody>
                {installations.map((item) => (
                  <tr key={item.installation} data-installation={item.installation}>
                    <th scope="row">
                      <code>{item.installation}</code>
                    </th>
                    <td>{formatTime(lang, item.lastSeen)}</td>
                    <td>{item.version}</td>
                    <td>{item.browser ?? ''}</td>
                    <td>{item.organization ?? ''}</td>
                    <td>{item.department ?? ''}</td>
                    <td>
                      {item.values ? (
                        <details>
                          <summary>
                            <code>{item.policyDigest ?? ''}</code>
                            {item.droppedKeys.length > 0 && (
                              <strong class="ng" data-dropped={item.droppedKeys.join(' ')}>
                                {' '}
                                {t(lang, 'dropped')}: {item.droppedKeys.join(', ')}
                              </strong>
                            )}
                          </summary>
                          <dl class="fields">
                            {Object.entries(item.values).map(([key, value]) => (
                              <div
                                key={key}
                                data-key={key}
                                data-source={item.adminKeys.includes(key) ? 'admin' : 'default'}
                              >
                                <dt>
                                  {key}
                                  {item.droppedKeys.includes(key) && <strong class="ng"> ⚠</strong>}
                                </dt>
                                <dd>
                                  {JSON.stringify(value)} {item.adminKeys.includes(key) ? '' : '（既定値 / default）'}
                                </dd>
                              </div>
                            ))}
                          </dl>
                        </details>
                      ) : (
                        t(lang, 'noPolicyReport')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t(lang, 'none')}</p>
          )
        }
      </Shown>
    </section>
  );
}
