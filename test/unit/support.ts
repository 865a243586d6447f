/** Builders shared by the core tests. */
import { vi } from 'vitest';
import type { BackgroundToContent } from '../../src/messages';
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

/** A banner message from background with empty words: tests set only what they look at. */
export function makeBannerMessage(
  overrides: Partial<Omit<BackgroundToContent, 'guardLabels'>> & {
    guardLabels?: Partial<BackgroundToContent['guardLabels']>;
  } = {},
): BackgroundToContent {
  return {
    type: 'warnings',
    locale: 'ja',
    warnings: [],
    dismissed: [],
    labels: { heading: '', dismiss: '', procedure: '', clause: '', minimize: '' },
    procedureUrl: '',
    guard: { mode: 'warn', sensitive: true },
    featureNames: {},
    ...overrides,
    guardLabels: {
      confirmTitle: '',
      blockTitle: '',
      confirmBody: '',
      blockBody: '',
      proceed: '',
      cancel: '',
      close: '',
      clause: '',
      clauseText: '',
      ...overrides.guardLabels,
    },
  };
}

/**
 * The in-page UI keeps its shadow roots closed: call in beforeEach; the list it returns fills with every root
 * attachShadow makes from then on (vitest's restoreAllMocks or the next call undoes the spy).
 */
export function captureShadowRoots(): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  return roots;
}
