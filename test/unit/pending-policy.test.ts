/**
 * The strict pending policy (src/policy/pending.ts): what a fresh profile reads and warns with before managed
 * storage first answers. It may never hide a warning the admin's own choices would show.
 */
import { describe, expect, it } from 'vitest';
import { pendingPolicy } from '../../src/policy/pending';
import { type ParsedPolicy, parsePolicy } from '../../src/policy/policy';
import { buildTabView } from '../../src/view';
import { makeSnapshot } from './support';

const view = (parsedPolicy: ParsedPolicy, snapshot = makeSnapshot()) =>
  buildTabView({ tabId: 1, snapshot, memory: {}, parsedPolicy, browser: null, now: 0 });

/** Every choice an admin makes (rather than data only the admin has: lists, names, repairs, endpoints). */
const ADMIN_CHOICES: Record<string, unknown>[] = [
  {},
  { defaultClassification: 1 },
  { defaultClassification: 2 },
  { defaultClassification: 3 },
  { classificationMarkers: { '1': ['公開'] } },
  { classificationMarkers: { '1': ['機密性1'], '2': ['社外秘'], '3': ['極秘'] } },
  { requirePasscode: false, requireWaitingRoom: false },
  { e2eBreakingFeatures: 'warn' },
  { e2eBreakingFeatures: 'confirm' },
  { e2eBreakingFeatures: 'block' },
  { defaultClassification: 3, classificationMarkers: { '1': ['オープン'] }, e2eBreakingFeatures: 'block' },
];

const SNAPSHOTS = [
  makeSnapshot({ signals: { recording: 'on', transcription: 'on', e2ee: 'off', passcode: 'off', waitingRoom: 'off' } }),
  makeSnapshot({ title: '【機密性1】定例', role: 'host', signals: { aiNotes: 'on', passcode: 'off' } }),
  makeSnapshot({ title: '機密性１ 公開 打合せ', signals: { translation: 'on', e2ee: 'off' } }),
  makeSnapshot({ title: '社外秘 極秘 オープン', signals: { recording: 'on', passcodeInLink: 'on' } }),
  makeSnapshot({ unreadable: true, title: '機密性1' }),
  makeSnapshot({ notetakers: ['Otter.ai'], title: '公開' }),
];

describe('pending policy', () => {
  it('is marked pending, has no admin keys and no problems', () => {
    expect(pendingPolicy()).toMatchObject({ pending: true, adminKeys: [], problems: [] });
    expect(parsePolicy({}).pending).toBeUndefined();
  });

  it.each(ADMIN_CHOICES.map((raw) => [JSON.stringify(raw), raw]))(
    'never hides a warning, nor weakens the guard, that the admin policy %s shows',
    (_label, raw) => {
      const admin = parsePolicy(raw);
      for (const snapshot of SNAPSHOTS) {
        const pending = view(pendingPolicy(), snapshot);
        const known = view(admin, snapshot);
        expect(pending.warnings).toEqual(expect.arrayContaining(known.warnings));
        expect(pending.classification?.value ?? 0).toBeGreaterThanOrEqual(
          Math.min(2, known.classification?.value ?? 0),
        );
      }
      // The guard acts (asks) where the admin's could act; an admin's 'block' applies once it is known.
      expect(['confirm', 'block']).toContain(pendingPolicy().policy.e2eBreakingFeatures);
    },
  );

  it('does not let a built-in 「機密性1」 marker lower a meeting before the admin’s markers are known', () => {
    const marked = makeSnapshot({ title: '【機密性1】定例', signals: { recording: 'on' } });
    expect(view(parsePolicy({}), marked).warnings).toEqual([]);
    expect(view(pendingPolicy(), marked)).toMatchObject({
      classification: { value: 2, source: 'policy' },
      warnings: ['recording'],
    });
  });

  it('says 要確認, not OK, for the permitted services until the admin’s list is known', () => {
    const status = (parsedPolicy: ParsedPolicy) =>
      view(parsedPolicy).checklist.find((item) => item.id === '21-permitted')?.status;
    expect(status(parsePolicy({}))).toBe('ok');
    expect(status(pendingPolicy())).toBe('unknown');
  });
});
