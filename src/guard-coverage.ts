/**
 * What the guard (policy `e2eBreakingFeatures` 'confirm' / 'block') can stop, per service and feature, derived from
 * the adapters' tables (`guard*` keys, src/rules.ts) and the services' documented shortcuts (src/guard-shortcuts.ts);
 * and which signals a browser page never shows (adapter `neverShown`) or we cannot read yet (`notReadYet`). The
 * options page, the popup and docs/guard-coverage.md all show this one derivation, so they cannot disagree.
 */
import { comboLabel, guardShortcutsFor, type ServiceShortcuts } from './guard-shortcuts';
import { type Locale, t } from './i18n';
import type { WarningId } from './ids';
import { E2E_BREAKING_RULES } from './rules';
import { services as builtInServices } from './services';
import { type MeetingService, mergeTable, type SignalName } from './services/service';

/** The ways a person starts a feature that the guard can stand in: the same words as the guard's records. */
export type GuardWay = 'pointer' | 'keyboard' | 'shortcut';

export interface FeatureCoverage {
  signal: SignalName;
  warning: WarningId;
  /** Empty when the guard cannot stop this feature on this service at all. */
  ways: GuardWay[];
  /** How many alternatives the table lists for the control (pointer and keyboard activation share them). */
  controls: number;
  /** The documented shortcuts guarded, as written for people ("Alt+R"). */
  shortcuts: string[];
}

export interface ServiceCoverage {
  service: string;
  name: string;
  features: FeatureCoverage[];
  /** Signals this service's browser page never shows, each with its source id (docs/sources.md). */
  neverShown: { signal: SignalName; source: string }[];
  /** Signals the service shows but Meeting Guard cannot read yet. */
  notReadYet: SignalName[];
}

type Overrides = Parameters<typeof mergeTable>[1];

export function serviceCoverage(
  service: MeetingService,
  overrides?: Overrides,
  shortcuts: ServiceShortcuts | undefined = guardShortcutsFor(service.id),
): ServiceCoverage {
  const table = mergeTable(service.table, overrides);
  const features = E2E_BREAKING_RULES.map(({ signal, warning, guardKey }): FeatureCoverage => {
    const controls = [...(table[guardKey] ?? []), ...(table[`${guardKey}Text`] ?? [])].filter(
      (entry) => entry.trim() !== '',
    ).length;
    const keys = (shortcuts?.[signal] ?? []).map((shortcut) => comboLabel(shortcut.combo));
    const ways: GuardWay[] = [];
    if (controls > 0) ways.push('pointer', 'keyboard');
    if (keys.length > 0) ways.push('shortcut');
    return { signal, warning, ways, controls, shortcuts: keys };
  });
  return {
    service: service.id,
    name: service.name,
    features,
    neverShown: Object.entries(service.neverShown ?? {}).map(([signal, source]) => ({
      signal: signal as SignalName,
      source: source as string,
    })),
    notReadYet: [...(service.notReadYet ?? [])],
  };
}

/** Every built-in service, with the admin's table overrides when given (policy `selectorOverrides`). */
export function guardCoverage(
  list: readonly MeetingService[] = builtInServices,
  overrides: Readonly<Record<string, Overrides>> = {},
): ServiceCoverage[] {
  return list.map((service) =>
    serviceCoverage(service, Object.hasOwn(overrides, service.id) ? overrides[service.id] : undefined),
  );
}

/** One feature's cell: the ways, with the shortcut keys; or that it cannot be stopped. */
export function wayText(feature: FeatureCoverage, locale: Locale): string {
  if (!feature.ways.length) return t(locale, 'coverage_none');
  return feature.ways
    .map((way) =>
      way === 'shortcut' ? `${t(locale, 'way_shortcut')} (${feature.shortcuts.join(', ')})` : t(locale, `way_${way}`),
    )
    .join(locale === 'ja' ? '・' : ', ');
}

const signalList = (names: readonly SignalName[], locale: Locale) =>
  names.length ? names.map((name) => t(locale, `signal_${name}`)).join(locale === 'ja' ? '、' : ', ') : '—';

/** The Markdown table of docs/guard-coverage.md (and of the admin guide's link to it). */
export function coverageMarkdown(list: readonly ServiceCoverage[], locale: Locale): string {
  const features = E2E_BREAKING_RULES.map(({ signal }) => t(locale, `signal_${signal}`));
  const header = [
    t(locale, 'coverage_service'),
    ...features,
    t(locale, 'coverage_neverShown'),
    t(locale, 'coverage_notReadYet'),
  ];
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = list.map((service) => [
    service.name,
    ...service.features.map((feature) => wayText(feature, locale)),
    service.neverShown.length
      ? service.neverShown.map(({ signal, source }) => `${t(locale, `signal_${signal}`)} (${source})`).join(', ')
      : '—',
    signalList(service.notReadYet, locale),
  ]);
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}
