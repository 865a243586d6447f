import { describe, expect, it } from 'vitest';
import { WARNING_IDS } from '../../src/ids';
import { defaultPolicy } from '../../src/policy/policy';
import { computeWarnings, E2E_BREAKING_RULES, isPermitted, RULES, WARNING_CLAUSE } from '../../src/rules';
import { makeSnapshot } from './support';

const policy = defaultPolicy();

describe('rules', () => {
  it('warns on each E2E-breaking feature that is on, at class 2 and 3', () => {
    const snapshot = makeSnapshot({
      signals: { recording: 'on', transcription: 'on', translation: 'on', aiNotes: 'on', e2ee: 'off' },
    });
    for (const classification of [2, 3] as const)
      expect(computeWarnings({ snapshot, classification, policy })).toEqual([
        'recording',
        'transcription',
        'translation',
        'ai-notes',
        'no-e2ee',
      ]);
  });

  it('says nothing of those at class 1', () => {
    const snapshot = makeSnapshot({ signals: { recording: 'on', transcription: 'on', e2ee: 'off' } });
    expect(computeWarnings({ snapshot, classification: 1, policy })).toEqual([]);
  });

  it('never warns on unknown, and never treats unknown as off', () => {
    expect(computeWarnings({ snapshot: makeSnapshot(), classification: 3, policy })).toEqual([]);
  });

  it('raises host duties for hosts and unknown roles, not for participants', () => {
    const signals = { passcode: 'off', waitingRoom: 'off', passcodeInLink: 'on' } as const;
    for (const role of ['host', 'unknown'] as const)
      expect(computeWarnings({ snapshot: makeSnapshot({ role, signals }), classification: 1, policy })).toEqual([
        'no-passcode',
        'no-waiting-room',
        'passcode-in-link',
      ]);
    expect(
      computeWarnings({ snapshot: makeSnapshot({ role: 'participant', signals }), classification: 1, policy }),
    ).toEqual([]);
    const relaxed = { ...policy, requirePasscode: false, requireWaitingRoom: false };
    expect(
      computeWarnings({ snapshot: makeSnapshot({ role: 'host', signals }), classification: 1, policy: relaxed }),
    ).toEqual(['passcode-in-link']);
  });

  it('checks permitted services and their class limit', () => {
    const onlyZoom = { ...policy, permittedServices: [{ service: 'zoom', maxClassification: 3 as const }] };
    expect(computeWarnings({ snapshot: makeSnapshot(), classification: 1, policy: onlyZoom })).toEqual([
      'unpermitted-service',
    ]);
    const meetForPublicOnly = { ...policy, permittedServices: [{ service: 'meet', maxClassification: 1 as const }] };
    expect(isPermitted('meet', 1, meetForPublicOnly)).toBe(true);
    expect(isPermitted('meet', 2, meetForPublicOnly)).toBe(false);
  });

  it('raises external-meeting until an approval is recorded', () => {
    const snapshot = makeSnapshot();
    expect(computeWarnings({ snapshot, classification: 1, policy, external: true })).toEqual(['external-meeting']);
    expect(computeWarnings({ snapshot, classification: 1, policy, external: true, approval: 'R8-123' })).toEqual([]);
  });

  it('raises notetaker-bot when one is in the participant list', () => {
    const snapshot = makeSnapshot({ role: 'participant', notetakers: ['Otter.ai Notetaker'] });
    expect(computeWarnings({ snapshot, classification: 1, policy })).toEqual(['notetaker-bot']);
    expect(computeWarnings({ snapshot, classification: 2, policy })).toEqual(['notetaker-bot']);
  });

  it('has one rule per warning id, each with a clause, and a way to be raised', () => {
    expect(RULES.map((rule) => rule.warning).sort()).toEqual([...WARNING_IDS].sort());
    for (const rule of RULES) {
      expect(WARNING_CLAUSE[rule.warning]).toBe(rule.clause);
      expect(Boolean(rule.raised) !== Boolean(rule.signal && rule.raisedWhen), rule.warning).toBe(true);
    }
  });

  it('derives the E2E-breaking features, their guard keys and clause from the one table', () => {
    expect(E2E_BREAKING_RULES.map((rule) => [rule.signal, rule.warning, rule.guardKey])).toEqual([
      ['recording', 'recording', 'guardRecording'],
      ['transcription', 'transcription', 'guardTranscription'],
      ['translation', 'translation', 'guardTranslation'],
      ['aiNotes', 'ai-notes', 'guardAiNotes'],
    ]);
    for (const rule of E2E_BREAKING_RULES) expect(rule.clause).toBe('21-no-e2e-breaking');
  });

  it('host duties follow the policy switches', () => {
    const snapshot = makeSnapshot({ role: 'host', signals: { passcode: 'off', waitingRoom: 'off' } });
    const relaxed = { ...policy, requirePasscode: false, requireWaitingRoom: false };
    expect(computeWarnings({ snapshot, classification: 1, policy: relaxed })).toEqual([]);
  });
});
