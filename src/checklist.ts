/**
 * The (21) checklist: every item of docs/contracts.md, evaluated from what was detected. Honesty rule:
 * an item is 'ok' only when every signal it rests on was positively seen in the safe state.
 */
import { CHECK_IDS, type CheckId, type CheckStatus } from './ids';
import type { Classification, Policy } from './policy/policy';
import { E2E_BREAKING_RULES, isPermitted } from './rules';
import type { Signal, Snapshot } from './services/service';

export type Audience = 'everyone' | 'host';

export interface ChecklistItem {
  id: CheckId;
  audience: Audience;
  status: CheckStatus;
  /** True when the person can tick it (manual items, and automatic ones the page did not show). */
  confirmable: boolean;
}

export const CHECK_AUDIENCE: Record<CheckId, Audience> = {
  '21-permitted': 'everyone',
  '21-4': 'everyone',
  '21-no-e2e-breaking': 'everyone',
  '21-e2ee': 'everyone',
  '21-passcode': 'host',
  '21-waiting-room': 'host',
  '21-passcode-notify': 'host',
  '21-remove-suspicious': 'host',
  '21-device': 'everyone',
  '21-up-to-date': 'everyone',
  '21-headphones': 'everyone',
  '21-2': 'everyone',
  'note-18': 'everyone',
};

export interface BrowserInfo {
  name: 'chrome' | 'edge' | 'firefox';
  major: number;
}

export interface ChecklistInput {
  snapshot: Snapshot;
  classification: Classification;
  policy: Policy;
  /** True when the browser carries a managed policy for this extension (an organisation-managed device). */
  managed: boolean;
  browser: BrowserInfo | null;
  /** Items the person confirmed by hand for this meeting. */
  confirmed: ReadonlySet<CheckId>;
  external?: boolean;
  approval?: string | null;
  /** True before the admin's policy is known (src/policy/pending.ts): its lists cannot say OK yet. */
  policyPending?: boolean;
}

/** ok when seen safe, ng when seen unsafe, unknown otherwise. */
const fromSignal = (signal: Signal, safe: Signal): CheckStatus =>
  signal === 'unknown' ? 'unknown' : signal === safe ? 'ok' : 'ng';

function automaticStatus(id: CheckId, input: ChecklistInput): CheckStatus {
  const { snapshot, classification, policy } = input;
  const { signals } = snapshot;
  const sensitive = classification >= 2;
  switch (id) {
    case '21-permitted':
      if (!isPermitted(snapshot.service, classification, policy)) return 'ng';
      return input.policyPending ? 'unknown' : 'ok';
    case '21-4':
      if (input.external === undefined) return 'manual';
      if (!input.external) return 'ok';
      return input.approval ? 'confirmed' : 'ng';
    case '21-no-e2e-breaking': {
      if (!sensitive) return 'na';
      const states = E2E_BREAKING_RULES.map((rule) => signals[rule.signal]);
      if (states.includes('on')) return 'ng';
      return states.every((state) => state === 'off') ? 'ok' : 'unknown';
    }
    case '21-e2ee':
      return sensitive ? fromSignal(signals.e2ee, 'on') : 'na';
    case '21-passcode':
      return fromSignal(signals.passcode, 'on');
    case '21-waiting-room':
      return fromSignal(signals.waitingRoom, 'on');
    case '21-passcode-notify':
      // A link without the passcode is not proof the passcode was sent safely: still the person's call.
      return signals.passcodeInLink === 'on' ? 'ng' : 'manual';
    case '21-remove-suspicious':
      return snapshot.notetakers?.length ? 'ng' : 'manual';
    case '21-device':
      return input.managed ? 'ok' : 'manual';
    case '21-up-to-date': {
      const minimum = input.browser ? policy.minimumBrowserVersion[input.browser.name] : undefined;
      if (!input.browser || minimum === undefined) return 'manual';
      return input.browser.major >= minimum ? 'ok' : 'ng';
    }
    case '21-headphones':
    case '21-2':
    case 'note-18':
      return 'manual';
  }
}

export function evaluateChecklist(input: ChecklistInput): ChecklistItem[] {
  const showHostItems = input.snapshot.role !== 'participant';
  return CHECK_IDS.map((id) => {
    const audience = CHECK_AUDIENCE[id];
    if (audience === 'host' && !showHostItems) return { id, audience, status: 'na', confirmable: false };
    const status = automaticStatus(id, input);
    // What the page could not show, the person may confirm; a seen violation ('ng') cannot be ticked away.
    const confirmable = status === 'manual' || status === 'unknown';
    if (confirmable && input.confirmed.has(id)) return { id, audience, status: 'confirmed', confirmable };
    return { id, audience, status, confirmable };
  });
}
