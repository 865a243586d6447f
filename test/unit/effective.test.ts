import { describe, expect, it } from 'vitest';
import { effectivePolicy, parseUserSettings } from '../../src/policy/effective';
import { parsePolicy } from '../../src/policy/policy';

describe('precedence: admin > user > default, and users only tighten', () => {
  it("applies a stricter user value over the default and marks it as the user's", () => {
    const result = effectivePolicy(parsePolicy({}), { defaultClassification: 3, e2eBreakingFeatures: 'confirm' });
    expect(result.policy.defaultClassification).toBe(3);
    expect(result.policy.e2eBreakingFeatures).toBe('confirm');
    expect(result.sources.defaultClassification).toBe('user');
    expect(result.sources.requirePasscode).toBe('default');
  });

  it('ignores a looser user value, whether the admin set the key or not', () => {
    const admin = parsePolicy({ defaultClassification: 2, e2eBreakingFeatures: 'block', requirePasscode: true });
    const result = effectivePolicy(admin, {
      defaultClassification: 1,
      e2eBreakingFeatures: 'warn',
      requirePasscode: false,
    });
    expect(result.policy).toMatchObject({
      defaultClassification: 2,
      e2eBreakingFeatures: 'block',
      requirePasscode: true,
    });
    expect(result.sources).toMatchObject({ defaultClassification: 'admin', e2eBreakingFeatures: 'admin' });
    const defaults = effectivePolicy(parsePolicy({}), { defaultClassification: 1, requireWaitingRoom: false });
    expect(defaults.policy).toMatchObject({ defaultClassification: 2, requireWaitingRoom: true });
  });

  it('lets a user tighten an admin value, and choose a language unless the admin fixed one', () => {
    const admin = parsePolicy({ defaultClassification: 1, requireWaitingRoom: false });
    const result = effectivePolicy(admin, { defaultClassification: 2, requireWaitingRoom: true, locale: 'en' });
    expect(result.policy).toMatchObject({ defaultClassification: 2, requireWaitingRoom: true, locale: 'en' });
    expect(effectivePolicy(parsePolicy({ locale: 'ja' }), { locale: 'en' }).policy.locale).toBe('ja');
  });

  it('reads stored settings safely', () => {
    expect(parseUserSettings({ defaultClassification: 3, organizationName: 'x', locale: 'fr' })).toEqual({
      defaultClassification: 3,
    });
    expect(parseUserSettings('garbage')).toEqual({});
    expect(parseUserSettings(null)).toEqual({});
  });
});
