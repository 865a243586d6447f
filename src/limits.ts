/**
 * The one place that states each limit the policy parser, background and the content scripts share: the
 * parser cuts or refuses by these numbers (and reports it), so a policy it accepts is never refused whole
 * by a content script's check of the same table (src/messages.ts). Imported by content scripts: keep it tiny.
 */

/** Lists and text the admin's policy hands to a content script (`notetakerNames`, `selectorOverrides`). */
export const SHARED_LIMITS = {
  /** Notetaker names from the policy. */
  notetakerNames: 200,
  /** Characters (UTF-16 units) of one notetaker name. */
  notetakerNameLength: 100,
  /** Entries in one `add` or `replace` list of a selector override or a custom service's table key. */
  tableEntries: 100,
  /** Characters of one selector or text entry. */
  tableEntryLength: 1_000,
} as const;

/** A table key (`recordingOn`, `captionsOffText`): what the content script accepts in a tables message. */
export const TABLE_KEY = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** Page text kept from a content script's report (UTF-16 units, cut at a code point). */
export const PAGE_TEXT_LIMITS = {
  id: 200,
  title: 300,
  name: 100,
  notetakers: 20,
  approval: 100,
  evidence: 12,
  match: 200,
} as const;

/**
 * `text` with every lone surrogate replaced by U+FFFD, cut to at most `max` UTF-16 units without splitting
 * a surrogate pair: a stored or sent string is always well-formed Unicode (PostgreSQL refuses anything else).
 */
export function cutText(text: string, max: number): string {
  const wellFormed = text.replace(/\p{Cs}/gu, '\uFFFD');
  if (wellFormed.length <= max) return wellFormed;
  const code = wellFormed.charCodeAt(max - 1);
  // A high surrogate at the cut would be left without its pair: cut before it.
  return wellFormed.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
