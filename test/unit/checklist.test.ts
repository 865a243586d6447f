import { describe, expect, it } from 'vitest';
import { type ChecklistInput, evaluateChecklist } from '../../src/checklist';
import { CHECK_IDS, type CheckId } from '../../src/ids';
import { defaultPolicy } from '../../src/policy/policy';
import { makeSnapshot } from './support';

const base: ChecklistInput = {
  snapshot: makeSnapshot(),
  classification: 2,
  policy: defaultPolicy(),
  managed: false,
  browser: { name: 'chrome', major: 156 },
  confirmed: new Set(),
};

const statuses = (input: Partial<ChecklistInput>) =>
  Object.fromEntries(evaluateChecklist({ ...base, ...input }).map((item) => [item.id, item.status]));

describe('checklist', () => {
  it('has every item of docs/contracts.md, once, in a stable order', () => {
    expect(evaluateChecklist(base).map((item) => item.id)).toEqual([...CHECK_IDS]);
    expect(new Set(CHECK_IDS).size).toBe(13);
  });

  it('is never ok for E2E-breaking features unless all four were seen off', () => {
    expect(statuses({})['21-no-e2e-breaking']).toBe('unknown');
    const threeOff = makeSnapshot({ signals: { recording: 'off', transcription: 'off', translation: 'off' } });
    expect(statuses({ snapshot: threeOff })['21-no-e2e-breaking']).toBe('unknown');
    const allOff = makeSnapshot({
      signals: { recording: 'off', transcription: 'off', translation: 'off', aiNotes: 'off' },
    });
    expect(statuses({ snapshot: allOff })['21-no-e2e-breaking']).toBe('ok');
    const oneOn = makeSnapshot({
      signals: { recording: 'off', transcription: 'on', translation: 'off', aiNotes: 'off' },
    });
    expect(statuses({ snapshot: oneOn })['21-no-e2e-breaking']).toBe('ng');
    expect(statuses({ snapshot: oneOn, classification: 1 })['21-no-e2e-breaking']).toBe('na');
  });

  it('reads e2ee, passcode and waiting room as ok / ng / unknown', () => {
    const seen = makeSnapshot({ role: 'host', signals: { e2ee: 'on', passcode: 'off', waitingRoom: 'unknown' } });
    const result = statuses({ snapshot: seen });
    expect([result['21-e2ee'], result['21-passcode'], result['21-waiting-room']]).toEqual(['ok', 'ng', 'unknown']);
    expect(statuses({ snapshot: seen, classification: 1 })['21-e2ee']).toBe('na');
  });

  it('shows host items to hosts and unknown roles, not to participants', () => {
    const hostItems: CheckId[] = ['21-passcode', '21-waiting-room', '21-passcode-notify', '21-remove-suspicious'];
    const participant = statuses({ snapshot: makeSnapshot({ role: 'participant' }) });
    for (const id of hostItems) expect(participant[id]).toBe('na');
    const unknownRole = statuses({ snapshot: makeSnapshot({ role: 'unknown' }) });
    for (const id of hostItems) expect(unknownRole[id]).not.toBe('na');
  });

  it('decides 21-permitted from policy, 21-device from a managed policy, 21-up-to-date from the version', () => {
    const policy = { ...defaultPolicy(), minimumBrowserVersion: { chrome: 150 } };
    expect(statuses({ policy })['21-up-to-date']).toBe('ok');
    expect(statuses({ policy, browser: { name: 'chrome', major: 140 } })['21-up-to-date']).toBe('ng');
    expect(statuses({ policy, browser: { name: 'firefox', major: 128 } })['21-up-to-date']).toBe('manual');
    expect(statuses({})['21-device']).toBe('manual');
    expect(statuses({ managed: true })['21-device']).toBe('ok');
    expect(statuses({ policy: { ...defaultPolicy(), permittedServices: [] } })['21-permitted']).toBe('ng');
  });

  it('lets the person confirm manual and unknown items, never a seen violation', () => {
    const snapshot = makeSnapshot({ role: 'host', signals: { passcode: 'off' } });
    const confirmed = new Set<CheckId>(['21-headphones', '21-e2ee', '21-passcode']);
    const items = evaluateChecklist({ ...base, snapshot, confirmed });
    const byId = Object.fromEntries(items.map((item) => [item.id, item]));
    expect(byId['21-headphones']?.status).toBe('confirmed');
    expect(byId['21-e2ee']?.status).toBe('confirmed');
    expect(byId['21-passcode']).toMatchObject({ status: 'ng', confirmable: false });
    expect(byId['21-permitted']?.confirmable).toBe(false);
  });

  it('flags the passcode in a link and a notetaker for the host', () => {
    const snapshot = makeSnapshot({
      role: 'host',
      signals: { passcodeInLink: 'on' },
      notetakers: ['Fireflies.ai Notetaker'],
    });
    const result = statuses({ snapshot });
    expect(result['21-passcode-notify']).toBe('ng');
    expect(result['21-remove-suspicious']).toBe('ng');
  });
});
