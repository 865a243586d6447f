/** Builders shared by the core tests. */
import { type Signals, type Snapshot, unknownSignals } from '../../src/services/service';

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
    signals: { ...unknownSignals(), ...overrides.signals },
  };
}
