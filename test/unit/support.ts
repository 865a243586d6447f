/** Builders shared by the core tests. */
import type { Signals, Snapshot } from '../../src/services/service';

export const allUnknown: Signals = {
  recording: 'unknown',
  transcription: 'unknown',
  translation: 'unknown',
  aiNotes: 'unknown',
  passcode: 'unknown',
  waitingRoom: 'unknown',
  e2ee: 'unknown',
  passcodeInLink: 'unknown',
};

export function makeSnapshot(
  overrides: Partial<Omit<Snapshot, 'signals'>> & { signals?: Partial<Signals> } = {},
): Snapshot {
  return {
    service: 'meet',
    meetingId: 'abc-defg-hij',
    title: null,
    phase: 'meeting',
    role: 'unknown',
    ...overrides,
    signals: { ...allUnknown, ...overrides.signals },
  };
}
