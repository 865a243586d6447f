/**
 * Checks the admin's `selectorOverrides` against the adapters' tables after parsing (issue: overrides that are
 * safe to use). An override of a service or key the adapter does not have is a typo that would silently do nothing:
 * it is reported and dropped. A key that a feature's "on" evidence rests on (the adapter's `onEvidenceKeys`) can
 * only gain entries: a `replace` there could swap every built-in recording indicator for a selector that matches
 * nothing and silence the warning for good, while the built-in entries the vendor dropped cost nothing by staying.
 * So its entries are added to the built-in ones instead, and that is reported.
 */
import { E2E_BREAKING_RULES } from '../rules';
import { services } from '../services';
import type { MeetingService, SelectorTable } from '../services/service';
import type { Policy, PolicyProblem } from './policy';

/** Keys the content script or the guard reads for every service, whether or not its table lists them. */
const SHARED_KEYS = new Set(['notetakerNameText', ...E2E_BREAKING_RULES.map((rule) => rule.guardKey)]);

/** Keys the generic reader of a custom service without `base` reads (src/services/custom.ts). */
export const GENERIC_KEYS = new Set(['textScopes', 'title', 'inMeeting', 'prejoin', 'hostOnly', 'meetingText']);
const GENERIC_SIGNAL_SUFFIXES = ['On', 'Off', 'OnText', 'OffText'];

function tableFor(
  serviceId: string,
  policy: Policy,
  builtIns: readonly MeetingService[],
): { table: SelectorTable; adapter?: MeetingService } | null {
  const builtIn = builtIns.find((service) => service.id === serviceId);
  if (builtIn) return { table: builtIn.table, adapter: builtIn };
  const custom = policy.customServices.find((service) => service.id === serviceId);
  if (!custom) return null;
  const base = custom.base ? builtIns.find((service) => service.id === custom.base) : undefined;
  return base ? { table: { ...base.table, ...custom.table }, adapter: base } : { table: custom.table };
}

function knownKey(key: string, table: SelectorTable, generic: boolean): boolean {
  if (key in table || SHARED_KEYS.has(key)) return true;
  if (!generic) return false;
  return GENERIC_KEYS.has(key) || GENERIC_SIGNAL_SUFFIXES.some((suffix) => key.endsWith(suffix));
}

export const REASON_ON_EVIDENCE_REPLACE =
  'a key that "on" evidence rests on cannot lose its built-in entries: the entries are added instead of replacing';

/** `builtIns` is the registry; tests pass their own adapters. */
export function checkOverrides(
  policy: Policy,
  problems: PolicyProblem[],
  builtIns: readonly MeetingService[] = services,
): void {
  const report = (path: string, value: unknown, reason: string) =>
    problems.push({ path, value: JSON.stringify(value)?.slice(0, 120) ?? String(value), reason });
  for (const [serviceId, changes] of Object.entries(policy.selectorOverrides)) {
    const found = tableFor(serviceId, policy, builtIns);
    if (!found) {
      report(`selectorOverrides.${serviceId}`, changes, 'unknown service (ignored)');
      delete policy.selectorOverrides[serviceId];
      continue;
    }
    for (const key of Object.keys(changes)) {
      if (knownKey(key, found.table, !found.adapter)) continue;
      report(
        `selectorOverrides.${serviceId}.${key}`,
        changes[key],
        'unknown key for this service (ignored; check the spelling)',
      );
      delete changes[key];
    }
    const onKeys = new Set(Object.values(found.adapter?.onEvidenceKeys ?? {}).flat());
    for (const [key, change] of Object.entries(changes)) {
      if (!onKeys.has(key) || !change.replace) continue;
      report(`selectorOverrides.${serviceId}.${key}.replace`, change.replace, REASON_ON_EVIDENCE_REPLACE);
      const add = [...(change.add ?? []), ...change.replace];
      if (add.length) changes[key] = { add };
      else delete changes[key];
    }
  }
}
