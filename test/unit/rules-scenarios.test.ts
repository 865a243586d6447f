/**
 * The warnings in the situations a surviving mutant showed untested (issue 14).
 */
import { describe, expect, it } from 'vitest';
import type { CheckId, WarningId } from '../../src/ids';
import { defaultPolicy } from '../../src/policy/policy';
import { computeWarnings, WARNING_CLAUSE } from '../../src/rules';
import { makeSnapshot } from './support';

const policy = defaultPolicy();

describe('the clause each warning cites (banner and popup)', () => {
  it('cites the (21) clause it breaks', () => {
    const expected: Record<WarningId, CheckId> = {
      'unpermitted-service': '21-permitted',
      'external-meeting': '21-4',
      recording: '21-no-e2e-breaking',
      transcription: '21-no-e2e-breaking',
      translation: '21-no-e2e-breaking',
      'ai-notes': '21-no-e2e-breaking',
      'no-e2ee': '21-e2ee',
      'notetaker-bot': '21-remove-suspicious',
      'no-passcode': '21-passcode',
      'no-waiting-room': '21-waiting-room',
      'passcode-in-link': '21-passcode-notify',
      'page-unreadable': '21-no-e2e-breaking',
    };
    expect(WARNING_CLAUSE).toEqual(expected);
  });
});

describe('warnings that apply at every class, to everyone', () => {
  it('an unpermitted service, an outside meeting without approval and a notetaker warn a participant at class 1', () => {
    const snapshot = makeSnapshot({ role: 'participant', notetakers: ['Fireflies.ai Notetaker'] });
    const nothingPermitted = { ...policy, permittedServices: [] };
    expect(
      computeWarnings({ snapshot, classification: 1, policy: nothingPermitted, external: true, approval: null }),
    ).toEqual(['unpermitted-service', 'external-meeting', 'notetaker-bot']);
  });

  it('the passcode in the link warns the host whatever the policy switches say', () => {
    const snapshot = makeSnapshot({ role: 'host', signals: { passcodeInLink: 'on' } });
    const relaxed = { ...policy, requirePasscode: false, requireWaitingRoom: false };
    expect(computeWarnings({ snapshot, classification: 1, policy: relaxed })).toEqual(['passcode-in-link']);
    const linkClean = makeSnapshot({ role: 'host', signals: { passcodeInLink: 'off' } });
    expect(computeWarnings({ snapshot: linkClean, classification: 1, policy })).toEqual([]);
  });

  it('E2EE seen on is no warning; only a seen off warns', () => {
    const on = makeSnapshot({ signals: { e2ee: 'on' } });
    expect(computeWarnings({ snapshot: on, classification: 3, policy })).toEqual([]);
  });
});
