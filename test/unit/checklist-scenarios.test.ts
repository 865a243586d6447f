/**
 * The checklist in the situations where a wrong answer tells staff "safe" (issue 14: each of these was a surviving
 * mutant, a way the code could be broken with every test still green).
 */
import { describe, expect, it } from 'vitest';
import { type ChecklistInput, evaluateChecklist } from '../../src/checklist';
import type { CheckId, CheckStatus } from '../../src/ids';
import { defaultPolicy } from '../../src/policy/policy';
import type { Signals } from '../../src/services/service';
import { makeSnapshot } from './support';

const base: ChecklistInput = {
  snapshot: makeSnapshot({ role: 'host' }),
  classification: 2,
  policy: defaultPolicy(),
  managed: false,
  browser: { name: 'chrome', major: 156 },
  confirmed: new Set(),
};

const items = (input: Partial<ChecklistInput>) =>
  Object.fromEntries(evaluateChecklist({ ...base, ...input }).map((item) => [item.id, item]));
const status = (id: CheckId, input: Partial<ChecklistInput>): CheckStatus | undefined => items(input)[id]?.status;

describe('21-4: an outside organisation’s meeting', () => {
  it('an outside meeting without an approval number is never 21-4 ok, at any class, whoever asks', () => {
    for (const approval of [undefined, null, '']) {
      for (const classification of [1, 2, 3] as const) {
        for (const role of ['host', 'participant', 'unknown'] as const) {
          const snapshot = makeSnapshot({ role });
          expect(status('21-4', { snapshot, classification, external: true, approval })).toBe('ng');
        }
      }
    }
  });

  it('an outside meeting without an approval cannot be ticked away by hand', () => {
    const item = items({ external: true, approval: null, confirmed: new Set<CheckId>(['21-4']) })['21-4'];
    expect(item).toMatchObject({ status: 'ng', confirmable: false });
  });

  it('an outside meeting with an approval number recorded is confirmed (by the person), not ok (seen)', () => {
    expect(items({ external: true, approval: 'R8-123' })['21-4']).toMatchObject({
      status: 'confirmed',
      confirmable: false,
    });
  });

  it("the organisation's own meeting is ok without any approval", () => {
    expect(status('21-4', { external: false })).toBe('ok');
    expect(status('21-4', { external: false, approval: null })).toBe('ok');
  });

  it('when nothing tells whose meeting it is, the person decides (manual, confirmable)', () => {
    expect(items({})['21-4']).toMatchObject({ status: 'manual', confirmable: true });
    expect(items({ confirmed: new Set<CheckId>(['21-4']) })['21-4']?.status).toBe('confirmed');
  });
});

describe('"cannot tell" is never ok', () => {
  const readsSignals: CheckId[] = [
    '21-no-e2e-breaking',
    '21-e2ee',
    '21-passcode',
    '21-waiting-room',
    '21-passcode-notify',
    '21-remove-suspicious',
    '21-4',
  ];

  it('with every signal unknown, no item that rests on the page is ok, at any class and role', () => {
    for (const classification of [1, 2, 3] as const) {
      for (const role of ['host', 'participant', 'unknown'] as const) {
        const result = items({ snapshot: makeSnapshot({ role }), classification });
        for (const id of readsSignals)
          expect(result[id]?.status, `${id} at class ${classification}, ${role}`).not.toBe('ok');
      }
    }
  });

  it('one unknown among E2E-breaking features that are otherwise off keeps 21-no-e2e-breaking unknown', () => {
    const off: Partial<Signals> = { recording: 'off', transcription: 'off', translation: 'off', aiNotes: 'off' };
    for (const name of ['recording', 'transcription', 'translation', 'aiNotes'] as const) {
      const snapshot = makeSnapshot({ signals: { ...off, [name]: 'unknown' } });
      expect(status('21-no-e2e-breaking', { snapshot }), name).toBe('unknown');
      expect(status('21-no-e2e-breaking', { snapshot, classification: 3 }), name).toBe('unknown');
    }
  });

  it('any E2E-breaking feature on is ng even when the others could not be read', () => {
    for (const name of ['recording', 'transcription', 'translation', 'aiNotes'] as const) {
      const snapshot = makeSnapshot({ signals: { [name]: 'on' } });
      expect(status('21-no-e2e-breaking', { snapshot }), name).toBe('ng');
    }
  });

  it('e2ee, passcode and waiting room: off is ng, on is ok, unknown is unknown (never ok)', () => {
    for (const [id, signal] of [
      ['21-e2ee', 'e2ee'],
      ['21-passcode', 'passcode'],
      ['21-waiting-room', 'waitingRoom'],
    ] as const) {
      for (const [value, expected] of [
        ['on', 'ok'],
        ['off', 'ng'],
        ['unknown', 'unknown'],
      ] as const) {
        const snapshot = makeSnapshot({ role: 'host', signals: { [signal]: value } });
        expect(status(id, { snapshot, classification: 3 }), `${id} ${value}`).toBe(expected);
      }
    }
  });

  it('an unknown item the person confirms is confirmed, and stays confirmable', () => {
    const item = items({ confirmed: new Set<CheckId>(['21-waiting-room']) })['21-waiting-room'];
    expect(item).toMatchObject({ status: 'confirmed', confirmable: true });
  });
});

describe('21-passcode-notify on its own', () => {
  it('a passcode in the meeting link is ng with no notetaker in the meeting', () => {
    const snapshot = makeSnapshot({ role: 'host', signals: { passcodeInLink: 'on' } });
    const result = items({ snapshot });
    expect(result['21-passcode-notify']).toMatchObject({ status: 'ng', confirmable: false });
    expect(result['21-remove-suspicious']?.status).toBe('manual');
  });

  it('a link without the passcode, or one not read, is still for the person to confirm, never ok', () => {
    for (const passcodeInLink of ['off', 'unknown'] as const) {
      const snapshot = makeSnapshot({ role: 'host', signals: { passcodeInLink } });
      expect(items({ snapshot })['21-passcode-notify'], passcodeInLink).toMatchObject({
        status: 'manual',
        confirmable: true,
      });
    }
  });

  it('a notetaker in the meeting is ng for 21-remove-suspicious on its own, and an empty list is not one', () => {
    const withBot = makeSnapshot({ role: 'host', notetakers: ['Otter.ai'] });
    expect(status('21-remove-suspicious', { snapshot: withBot })).toBe('ng');
    expect(status('21-passcode-notify', { snapshot: withBot })).toBe('manual');
    expect(status('21-remove-suspicious', { snapshot: makeSnapshot({ role: 'host', notetakers: [] }) })).toBe('manual');
  });
});

describe('items that do not read the page', () => {
  it('21-up-to-date: exactly the minimum version is up to date; no browser info is manual', () => {
    const policy = { ...defaultPolicy(), minimumBrowserVersion: { chrome: 150 } };
    expect(status('21-up-to-date', { policy, browser: { name: 'chrome', major: 150 } })).toBe('ok');
    expect(status('21-up-to-date', { policy, browser: { name: 'chrome', major: 149 } })).toBe('ng');
    expect(status('21-up-to-date', { policy, browser: null })).toBe('manual');
  });

  it('21-permitted follows the class limit of the permitted service', () => {
    const policy = { ...defaultPolicy(), permittedServices: [{ service: 'meet', maxClassification: 2 as const }] };
    expect(status('21-permitted', { policy, classification: 2 })).toBe('ok');
    expect(status('21-permitted', { policy, classification: 3 })).toBe('ng');
  });

  it('manual items are confirmable, decided items are not', () => {
    const result = items({ managed: true });
    for (const id of ['21-headphones', '21-2', 'note-18'] as const) {
      expect(result[id], id).toMatchObject({ status: 'manual', confirmable: true });
    }
    expect(result['21-device']).toMatchObject({ status: 'ok', confirmable: false });
  });

  it('each item says whom it is for: the four host duties for the host, the rest for everyone', () => {
    const hostDuties = ['21-passcode', '21-waiting-room', '21-passcode-notify', '21-remove-suspicious'];
    for (const item of evaluateChecklist(base)) {
      expect(item.audience, item.id).toBe(hostDuties.includes(item.id) ? 'host' : 'everyone');
    }
  });

  it('a participant sees host duties as not applicable and cannot tick them', () => {
    const result = items({ snapshot: makeSnapshot({ role: 'participant', signals: { passcode: 'off' } }) });
    expect(result['21-passcode']).toEqual({ id: '21-passcode', audience: 'host', status: 'na', confirmable: false });
    expect(result['21-e2ee']?.audience).toBe('everyone');
  });
});
