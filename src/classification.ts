/** The meeting's class: the person's mark, else a marker in the title, else the policy default. */
import type { Classification, Policy } from './policy/policy';

export type ClassificationSource = 'user' | 'title' | 'policy';

export interface ResolvedClassification {
  value: Classification;
  source: ClassificationSource;
  /** For the person's mark: when it was made (ISO), and whether it holds "always for this meeting". */
  since?: string;
  always?: boolean;
}

/** NFKC folds full-width digits and brackets, so 「機密性２」 and 「機密性2」 are one marker. */
// Stryker disable next-line MethodExpression: both sides are folded alike, so upper case would compare the same.
const fold = (text: string) => text.normalize('NFKC').replace(/\s/g, '').toLowerCase();

/** The highest class whose marker occurs in the title (a title marked both 2 and 3 is a 3), or null. */
export function classificationFromTitle(
  title: string | null | undefined,
  markers: Policy['classificationMarkers'],
): Classification | null {
  if (!title) return null;
  const folded = fold(title);
  for (const level of [3, 2, 1] as const) {
    // A marker that folds to nothing (only spaces) would be found in every title: it marks nothing.
    if (markers[level].some((marker) => fold(marker) !== '' && folded.includes(fold(marker)))) return level;
  }
  return null;
}

/**
 * The person's mark, but never below a class marker in the title (an old 機密性1 mark must not
 * silence a 「機密性3」 meeting); else the title's marker; else the policy default.
 */
export function resolveClassification(
  userMark: Classification | null | undefined,
  title: string | null | undefined,
  policy: Pick<Policy, 'classificationMarkers' | 'defaultClassification'>,
): ResolvedClassification {
  const fromTitle = classificationFromTitle(title, policy.classificationMarkers);
  if (userMark && (!fromTitle || userMark >= fromTitle)) return { value: userMark, source: 'user' };
  if (fromTitle) return { value: fromTitle, source: 'title' };
  return { value: policy.defaultClassification, source: 'policy' };
}
