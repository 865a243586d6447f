/**
 * The meeting's class from its title, in the cases a surviving mutant showed untested (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { classificationFromTitle, resolveClassification } from '../../src/classification';
import { defaultPolicy } from '../../src/policy/policy';

const markers = (one: string[], two: string[], three: string[]) => ({ '1': one, '2': two, '3': three });

describe('several markers for one class', () => {
  it('any one of a class’s markers marks the meeting, not only a title carrying all of them', () => {
    const admin = markers(['公開'], ['庁内限り', '関係者限り', '機密性2'], ['取扱注意', '機密性3']);
    expect(classificationFromTitle('【関係者限り】打合せ', admin)).toBe(2);
    expect(classificationFromTitle('【庁内限り】打合せ', admin)).toBe(2);
    expect(classificationFromTitle('機密性3 人事', admin)).toBe(3);
  });

  it('the default markers: half-width and full-width digits each mark alone', () => {
    const { classificationMarkers } = defaultPolicy();
    expect(classificationFromTitle('機密性2', classificationMarkers)).toBe(2);
    expect(classificationFromTitle('機密性２', classificationMarkers)).toBe(2);
  });
});

describe('folding', () => {
  it('ignores spaces of any kind and number inside the marker and the title', () => {
    const admin = markers([], ['庁内 限り'], []);
    expect(classificationFromTitle('庁内限り', admin)).toBe(2);
    expect(classificationFromTitle('庁内\u3000\u3000限り の会議', admin)).toBe(2);
    expect(classificationFromTitle('庁内\n\t限り', admin)).toBe(2);
  });

  it('ignores case and full-width letters', () => {
    const admin = markers([], [], ['CONFIDENTIAL']);
    expect(classificationFromTitle('Budget (confidential)', admin)).toBe(3);
    expect(classificationFromTitle('ＣＯＮＦＩＤＥＮＴＩＡＬ 予算', admin)).toBe(3);
  });

  it('a title without any marker is not marked', () => {
    expect(classificationFromTitle('庁内の定例', markers([], ['庁内限り'], []))).toBeNull();
  });
});

describe('a marker that is blank never marks every meeting', () => {
  it('an empty or blank class 1 marker does not lower every meeting to class 1', () => {
    for (const blank of ['', ' ', '\u3000', ' \t ']) {
      const admin = markers([blank], ['機密性2'], ['機密性3']);
      expect(classificationFromTitle('週次定例', admin), JSON.stringify(blank)).toBeNull();
      const policy = { classificationMarkers: admin, defaultClassification: 2 as const };
      expect(resolveClassification(null, '週次定例', policy)).toEqual({ value: 2, source: 'policy' });
    }
  });

  it('a blank marker beside a real one leaves the real one working', () => {
    expect(classificationFromTitle('【機密性2】', markers([''], ['', '機密性2'], [' ']))).toBe(2);
  });
});

describe('the strictest evidence wins', () => {
  it('a title marked 1 and 2 is a 2', () => {
    expect(classificationFromTitle('機密性1 と 機密性2 の資料', defaultPolicy().classificationMarkers)).toBe(2);
  });

  it('no title (a page that shows none) falls back to the policy default', () => {
    const policy = defaultPolicy();
    expect(classificationFromTitle(null, policy.classificationMarkers)).toBeNull();
    expect(classificationFromTitle(undefined, policy.classificationMarkers)).toBeNull();
    expect(resolveClassification(null, '', { ...policy, defaultClassification: 3 })).toEqual({
      value: 3,
      source: 'policy',
    });
  });
});
