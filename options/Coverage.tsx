/**
 * The options page's table of what the guard can stop, per service and feature (click, keyboard, shortcut), and
 * which signals a browser never shows or Meeting Guard does not read yet. Derived by src/guard-coverage.ts from the
 * adapters' tables with the admin's `selectorOverrides`, the same derivation as docs/guard-coverage.md.
 */
import { guardCoverage, wayText } from '../src/guard-coverage';
import type { Translate } from '../src/i18n';
import type { OptionsResponse } from '../src/messages';
import { E2E_BREAKING_RULES } from '../src/rules';

export function Coverage({ data, tr }: { data: OptionsResponse; tr: Translate }) {
  const coverage = guardCoverage(undefined, data.parsedPolicy.policy.selectorOverrides);
  const sep = tr('list_separator');
  return (
    <section class="guard-coverage">
      <h2>{tr('coverage_heading')}</h2>
      <p class="note">{tr('coverage_intro')}</p>
      <table class="coverage">
        <thead>
          <tr>
            <th>{tr('coverage_service')}</th>
            {E2E_BREAKING_RULES.map((rule) => (
              <th key={rule.signal}>{tr(`signal_${rule.signal}`)}</th>
            ))}
            <th>{tr('coverage_neverShown')}</th>
            <th>{tr('coverage_notReadYet')}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.map((service) => (
            <tr key={service.service} data-coverage-service={service.service}>
              <th scope="row">{service.name}</th>
              {service.features.map((feature) => (
                <td
                  key={feature.signal}
                  data-feature={feature.signal}
                  data-ways={feature.ways.join(' ')}
                  class={feature.ways.length ? 'stops' : 'cannot'}
                >
                  {wayText(feature, data.locale)}
                </td>
              ))}
              <td data-never-shown={service.neverShown.map((item) => item.signal).join(' ')}>
                {service.neverShown.map((item) => tr(`signal_${item.signal}`)).join(sep) || '—'}
              </td>
              <td data-not-read-yet={service.notReadYet.join(' ')}>
                {service.notReadYet.map((signal) => tr(`signal_${signal}`)).join(sep) || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
