/**
 * The policy in force before managed storage first answers, where no admin policy was kept from an earlier
 * start (a fresh profile: Chromium's first answer after install can take seconds). The page is read and
 * warned about meanwhile with the built-in defaults, made strict wherever a default could hide a warning or
 * a guard the admin's policy might show:
 * - class 2 by default, passcode and waiting room required (the defaults already are the strictest);
 * - no title marker lowers a meeting to 機密性1 (the admin may have replaced the built-in 「機密性1」 markers);
 * - the guard asks before an E2E-breaking feature starts at 機密性2以上 ('confirm'); an admin's 'block' applies
 *   once the policy is known;
 * - the checklist says 要確認, not OK, for what only the admin's lists decide (permitted services).
 * What only the admin's data can add (their selector repairs, notetaker names, internal domains, minimum
 * versions, custom services, endpoint) applies when the policy answers: tables pushed, tabs re-evaluated, and
 * the records made meanwhile then go where the policy says (background/recorder.ts).
 */
import { type ParsedPolicy, parsePolicy } from './policy';

export function pendingPolicy(): ParsedPolicy {
  const { policy } = parsePolicy({});
  return {
    policy: {
      ...policy,
      classificationMarkers: { ...policy.classificationMarkers, '1': [] },
      e2eBreakingFeatures: 'confirm',
    },
    problems: [],
    adminKeys: [],
    pending: true,
  };
}
