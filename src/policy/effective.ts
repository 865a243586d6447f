/**
 * Precedence: the admin's policy > the person's own settings > built-in defaults. A person may make
 * things stricter, never looser: their value counts only where it is at least as strict as what the
 * admin (or the default) set. The options page shows each value's source.
 */
import { type ParsedPolicy, type Policy, type PolicyKey, parsePolicy } from './policy';

export const USER_SETTING_KEYS = [
  'defaultClassification',
  'e2eBreakingFeatures',
  'requirePasscode',
  'requireWaitingRoom',
  'locale',
] as const satisfies readonly PolicyKey[];
export type UserSettingKey = (typeof USER_SETTING_KEYS)[number];
export type UserSettings = Partial<Pick<Policy, UserSettingKey>>;
export type ValueSource = 'admin' | 'user' | 'default';

const MODE_RANK = { warn: 0, confirm: 1, block: 2 } as const;

/** The stricter of two values of a key; for `locale` (not a matter of strictness) the person's choice. */
function stricter<K extends UserSettingKey>(key: K, base: Policy[K], user: Policy[K]): Policy[K] {
  switch (key) {
    case 'defaultClassification':
      return Math.max(base as number, user as number) as Policy[K];
    case 'e2eBreakingFeatures':
      return (
        MODE_RANK[user as Policy['e2eBreakingFeatures']] > MODE_RANK[base as Policy['e2eBreakingFeatures']]
          ? user
          : base
      ) as Policy[K];
    case 'requirePasscode':
    case 'requireWaitingRoom':
      return ((base as boolean) || (user as boolean)) as Policy[K];
    default:
      return user;
  }
}

/** Reads stored user settings with the same checks as policy; unknown keys and bad values are dropped. */
export function parseUserSettings(raw: unknown): UserSettings {
  if (typeof raw !== 'object' || raw === null) return {};
  const allowed = Object.fromEntries(
    Object.entries(raw).filter(([key]) => (USER_SETTING_KEYS as readonly string[]).includes(key)),
  );
  const { policy, adminKeys } = parsePolicy(allowed);
  return Object.fromEntries(adminKeys.map((key) => [key, policy[key]])) as UserSettings;
}

export interface EffectivePolicy extends ParsedPolicy {
  sources: Record<PolicyKey, ValueSource>;
  userSettings: UserSettings;
}

export function effectivePolicy(admin: ParsedPolicy, userSettings: UserSettings): EffectivePolicy {
  const policy: Policy = { ...admin.policy };
  const sources = Object.fromEntries(
    Object.keys(admin.policy).map((key) => [key, admin.adminKeys.includes(key as PolicyKey) ? 'admin' : 'default']),
  ) as Record<PolicyKey, ValueSource>;
  for (const key of USER_SETTING_KEYS) {
    const user = userSettings[key];
    if (user === undefined) continue;
    const locked = sources[key] === 'admin';
    // The admin's locale is fixed; every other setting may be tightened on top of the admin's.
    if (key === 'locale' && locked) continue;
    const next = stricter(key, policy[key], user as Policy[typeof key]);
    if (next !== policy[key]) {
      (policy as Record<UserSettingKey, unknown>)[key] = next;
      sources[key] = 'user';
    }
  }
  return { ...admin, policy, sources, userSettings };
}
