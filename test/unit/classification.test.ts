import { describe, expect, it } from 'vitest';
import { classificationFromTitle, resolveClassification } from '../../src/classification';
import { defaultPolicy } from '../../src/policy/policy';

const policy = defaultPolicy();

describe('classification', () => {
  it.each([
    ['【機密性2】予算会議', 2],
    ['【機密性２】予算会議', 2],
    ['機密性３ 個人情報を扱う会議', 3],
    ['(機密性1) 公開資料の説明会', 1],
    ['機密性 2 の会議', 2], // spaces are folded
    ['機密性2以上: 機密性3 を含む', 3], // the strictest marker wins
    ['週次定例', null],
    ['', null],
  ])('reads %j from the title as %s', (title, expected) => {
    expect(classificationFromTitle(title, policy.classificationMarkers)).toBe(expected);
  });

  it("uses the person's mark first, then the title, then the policy default, and says which", () => {
    expect(resolveClassification(3, '【機密性2】', policy)).toEqual({ value: 3, source: 'user' });
    expect(resolveClassification(1, '週次定例', policy)).toEqual({ value: 1, source: 'user' });
    expect(resolveClassification(null, '【機密性3】', policy)).toEqual({ value: 3, source: 'title' });
    expect(resolveClassification(undefined, '週次定例', policy)).toEqual({ value: 2, source: 'policy' });
    expect(resolveClassification(undefined, null, { ...policy, defaultClassification: 1 })).toEqual({
      value: 1,
      source: 'policy',
    });
  });

  it('never lets a mark go below the class marker in the title (the title is a floor)', () => {
    expect(resolveClassification(1, '【機密性3】', policy)).toEqual({ value: 3, source: 'title' });
    expect(resolveClassification(2, '【機密性3】', policy)).toEqual({ value: 3, source: 'title' });
  });

  it('uses the markers the admin configured', () => {
    const markers = { '1': ['公開'], '2': ['庁内限り'], '3': ['取扱注意'] };
    expect(classificationFromTitle('【取扱注意】人事', markers)).toBe(3);
    expect(classificationFromTitle('【機密性3】人事', markers)).toBeNull();
  });
});
