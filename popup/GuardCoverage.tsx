/**
 * What the guard can and cannot stop on this meeting's service, shown when the policy asks for 'confirm' or
 * 'block' at 機密性2以上: so nobody takes "the guard is on" for "nothing can start". From the tab view's
 * guardCoverage (src/guard-coverage.ts), the same derivation as the options page and docs/guard-coverage.md.
 */
import type { Translate } from '../src/i18n';
import type { TabView } from '../src/view';

export function GuardCoverage({ view, tr }: { view: TabView; tr: Translate }) {
  const coverage = view.guardCoverage;
  if (!coverage || view.e2eBreakingFeatures === 'warn' || (view.classification?.value ?? 0) < 2) return null;
  const stops = coverage.features.filter((feature) => feature.ways.length > 0);
  const cannot = coverage.features.filter((feature) => feature.ways.length === 0);
  const sep = tr('list_separator');
  return (
    <section class="guard-coverage" data-guard-mode={view.e2eBreakingFeatures}>
      <h2>{tr('guardCoverage_heading')}</h2>
      {stops.length > 0 && (
        <p class="guard-line" data-guard-stops={stops.map((feature) => feature.signal).join(' ')}>
          {tr('guardCoverage_stops')}
          {stops
            .map((feature) => {
              const ways = feature.ways
                .map((way) =>
                  way === 'shortcut' ? `${tr('way_shortcut')} ${feature.shortcuts.join(' / ')}` : tr(`way_${way}`),
                )
                .join(sep);
              return `${tr(`signal_${feature.signal}`)} (${ways})`;
            })
            .join(sep)}
        </p>
      )}
      {cannot.length > 0 && (
        <p class="guard-line guard-cannot" data-guard-cannot={cannot.map((feature) => feature.signal).join(' ')}>
          {tr('guardCoverage_cannot')}
          {cannot.map((feature) => tr(`signal_${feature.signal}`)).join(sep)}
        </p>
      )}
    </section>
  );
}
