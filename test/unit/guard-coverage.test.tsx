/**
 * Guard coverage: derived from the adapters' guard keys and the documented shortcuts, and shown the same in the
 * options page, the popup and docs/guard-coverage.md; the shortcut data and its sources; the recorded trigger.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Coverage } from '../../options/Coverage';
import { GuardCoverage } from '../../popup/GuardCoverage';
import { coverageDocument } from '../../scripts/guard-coverage';
import { guardCoverage, serviceCoverage } from '../../src/guard-coverage';
import { comboLabel, comboMatches, GUARD_SHORTCUTS, guardShortcutsFor } from '../../src/guard-shortcuts';
import { translator } from '../../src/i18n';
import { validateContentMessage } from '../../src/messages';
import { effectivePolicy } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';
import { E2E_BREAKING_RULES } from '../../src/rules';
import { services } from '../../src/services';
import { buildTabView } from '../../src/view';
import { makeSnapshot } from './support';

const ROOT = join(import.meta.dirname, '..', '..');

describe('guard coverage', () => {
  it("follows every adapter's guard keys and the shortcut table, feature by feature", () => {
    const coverage = guardCoverage();
    expect(coverage.map((service) => service.service)).toEqual(services.map((service) => service.id));
    for (const service of services) {
      const row = coverage.find((entry) => entry.service === service.id);
      for (const rule of E2E_BREAKING_RULES) {
        const feature = row?.features.find((entry) => entry.signal === rule.signal);
        const hasControl =
          (service.table[rule.guardKey] ?? []).length + (service.table[`${rule.guardKey}Text`] ?? []).length > 0;
        const keys = guardShortcutsFor(service.id)?.[rule.signal] ?? [];
        expect(feature?.ways, `${service.id} ${rule.signal}`).toEqual([
          ...(hasControl ? ['pointer', 'keyboard'] : []),
          ...(keys.length ? ['shortcut'] : []),
        ]);
        expect(feature?.shortcuts).toEqual(keys.map((shortcut) => comboLabel(shortcut.combo)));
      }
      expect(row?.neverShown.map((item) => item.signal)).toEqual(Object.keys(service.neverShown ?? {}));
      expect(row?.notReadYet).toEqual(service.notReadYet ?? []);
    }
  });

  it('Meet captions and Zoom recording can be stopped by click, keyboard and shortcut', () => {
    const [meet, zoom] = ['meet', 'zoom'].map((id) => guardCoverage().find((service) => service.service === id));
    expect(meet?.features.find((feature) => feature.signal === 'transcription')).toMatchObject({
      ways: ['pointer', 'keyboard', 'shortcut'],
      shortcuts: ['C'],
    });
    expect(zoom?.features.find((feature) => feature.signal === 'recording')).toMatchObject({
      ways: ['pointer', 'keyboard', 'shortcut'],
      shortcuts: ['Alt+R', 'Alt+C'],
    });
    // Recording: only by the Japanese panel's 「録画を開始」 (guardRecordingText); translation: nothing, and it says so.
    expect(meet?.features.find((feature) => feature.signal === 'recording')).toMatchObject({
      ways: ['pointer', 'keyboard'],
      controls: 1,
    });
    expect(meet?.features.find((feature) => feature.signal === 'translation')?.ways).toEqual([]);
  });

  it("counts the admin's selectorOverrides: a guard selector added by policy makes the feature stoppable", () => {
    const zoom = services.find((service) => service.id === 'zoom');
    if (!zoom) throw new Error('no zoom adapter');
    const before = serviceCoverage(zoom).features.find((feature) => feature.signal === 'translation');
    const after = serviceCoverage(zoom, { guardTranslation: { add: ['button.interpretation'] } }).features.find(
      (feature) => feature.signal === 'translation',
    );
    expect(before?.ways).toEqual([]);
    expect(after?.ways).toEqual(['pointer', 'keyboard']);
    const emptied = serviceCoverage(zoom, { guardRecording: { replace: [] } });
    expect(emptied.features.find((feature) => feature.signal === 'recording')?.ways).toEqual(['shortcut']);
  });

  it('docs/guard-coverage.md is what the derivation writes (run `npm run guard:coverage` after a table change)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'guard-coverage.md'), 'utf8')).toBe(coverageDocument());
    expect(readFileSync(join(ROOT, 'docs', 'admin-guide.md'), 'utf8')).toContain('](guard-coverage.md)');
  });

  it('the options page shows the same table, cell by cell', () => {
    const data = {
      parsedPolicy: effectivePolicy(parsePolicy({}), {}),
      records: { records: [], total: 0, offset: 0 },
      locale: 'ja' as const,
      installation: 'test-installation',
      delivery: { endpoint: '', waiting: 0 },
    };
    render(<Coverage data={data} tr={translator('ja')} />);
    for (const service of guardCoverage()) {
      const row = document.querySelector(`[data-coverage-service="${service.service}"]`);
      expect(row, service.service).not.toBeNull();
      for (const feature of service.features)
        expect(row?.querySelector(`[data-feature="${feature.signal}"]`)?.getAttribute('data-ways')).toBe(
          feature.ways.join(' '),
        );
      expect(row?.querySelector('[data-not-read-yet]')?.getAttribute('data-not-read-yet')).toBe(
        service.notReadYet.join(' '),
      );
    }
    expect(document.querySelector('.guard-coverage h2')?.textContent).toBe(
      'ガードが止められる操作（機密性2以上で「確認」「禁止」のとき）',
    );
    expect(document.querySelector('[data-coverage-service="meet"] [data-feature="transcription"]')?.textContent).toBe(
      'クリック・キー操作（Enter・スペース）・ショートカット (C)',
    );
  });
});

describe('popup: what the guard can stop in this meeting', () => {
  const meet = services.find((service) => service.id === 'meet');
  const view = (mode: 'warn' | 'confirm' | 'block', classification: 1 | 2 | 3) =>
    buildTabView({
      tabId: 1,
      snapshot: makeSnapshot(),
      memory: { classification },
      parsedPolicy: parsePolicy({ e2eBreakingFeatures: mode }),
      browser: null,
      guardCoverage: meet && serviceCoverage(meet),
    });

  it("at class 2 with 'confirm' or 'block': what it stops, with its keys, and what it cannot", () => {
    for (const mode of ['confirm', 'block'] as const) {
      const { unmount } = render(<GuardCoverage view={view(mode, 2)} tr={translator('ja')} />);
      const stops = document.querySelector('[data-guard-stops]');
      expect(stops?.getAttribute('data-guard-stops')).toBe('recording transcription aiNotes');
      expect(stops?.textContent).toContain('ショートカット C');
      expect(document.querySelector('[data-guard-cannot]')?.getAttribute('data-guard-cannot')).toBe('translation');
      expect(document.querySelector('.guard-coverage h2')?.textContent).toBe('この会議でガードが止められる操作');
      unmount();
    }
  });

  it("says nothing when the guard is off ('warn') or the meeting is class 1", () => {
    render(<GuardCoverage view={view('warn', 2)} tr={translator('ja')} />);
    render(<GuardCoverage view={view('block', 1)} tr={translator('ja')} />);
    expect(document.querySelector('.guard-coverage')).toBeNull();
  });
});

describe('shortcut data', () => {
  const press = (
    init: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>> & { key: string; code?: string },
  ) => ({
    code: '',
    altKey: false,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    ...init,
  });

  it('needs exactly the listed modifiers, and takes the key or the physical key', () => {
    const altR = { key: 'r', code: 'KeyR', alt: true };
    expect(comboMatches(altR, press({ key: 'r', altKey: true }))).toBe(true);
    expect(comboMatches(altR, press({ key: '®', code: 'KeyR', altKey: true }))).toBe(true);
    expect(comboMatches(altR, press({ key: 'r' }))).toBe(false);
    expect(comboMatches(altR, press({ key: 'r', altKey: true, ctrlKey: true }))).toBe(false);
  });

  it('cites a source listed under "Keyboard shortcuts" in docs/sources.md for every key', () => {
    const sources = readFileSync(join(ROOT, 'docs', 'sources.md'), 'utf8');
    const section = sources.slice(sources.indexOf('## Keyboard shortcuts'));
    expect(section.startsWith('## Keyboard shortcuts')).toBe(true);
    const ids = Object.values(GUARD_SHORTCUTS).flatMap((byFeature) =>
      Object.values(byFeature).flatMap((list) => list?.map((shortcut) => shortcut.source) ?? []),
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(section, id).toContain(`| ${id} |`);
  });

  it('knows no shortcut for a service it has none for, nor for inherited names', () => {
    expect(guardShortcutsFor('webex')).toBeUndefined();
    expect(guardShortcutsFor('jitsi')).toBeUndefined();
    expect(guardShortcutsFor('toString')).toBeUndefined();
  });
});

describe('guard-decision message', () => {
  const base = { type: 'guard-decision', warning: 'recording', decision: 'blocked' };
  it('keeps a valid trigger, accepts none, and refuses an unknown one', () => {
    expect(validateContentMessage({ ...base, trigger: 'shortcut' })).toEqual({ ...base, trigger: 'shortcut' });
    expect(validateContentMessage(base)).toEqual(base);
    expect(validateContentMessage({ ...base, trigger: 'telepathy' })).toBeNull();
  });
});
