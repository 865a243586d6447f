/**
 * The reading helpers every adapter shares, and the evidence model (INTERNALS.md "Honesty of detection").
 *
 * A `PageReader` answers questions about a page from an adapter's table and remembers *which* table key and which
 * alternative (selector or text) answered, so every signal carries its evidence. Two ways of combining evidence:
 * - `breaking` for the E2E-breaking features (recording, transcription, translation, AI notes): any "on" evidence
 *   means 'on', even when other evidence says off; 'off' only when off was seen and nothing says on.
 * - `safeguard` for passcode, waiting room and E2EE, where 'on' is the safe state: a conflict is 'unknown', never
 *   resolved either way.
 * Pure: reads, never writes the DOM; an unparsable selector (a bad policy override) simply does not match.
 */
import type { Evidence, SelectorTable, Signal, SignalEvidence, SignalName, Signals } from './service';

export type { Evidence };

/** A question's answer: the evidence when it matched, null when it did not. */
export type Hit = Evidence | null;

export interface Reading {
  signal: Signal;
  on: Evidence[];
  off: Evidence[];
}

/** Evidence that is not a page element: a vendor fact, the address, a rule of the adapter. */
export function fact(key: string, match: string): Evidence {
  return { key, match };
}

const found = (hits: readonly Hit[]): Evidence[] => hits.filter((hit): hit is Evidence => hit !== null);

/** E2E-breaking features: any "on" evidence wins; 'off' only when off was seen and nothing says on. */
export function breaking(onHits: readonly Hit[], offHits: readonly Hit[] = []): Reading {
  const on = found(onHits);
  const off = found(offHits);
  return { signal: on.length ? 'on' : off.length ? 'off' : 'unknown', on, off };
}

/** Safeguards (passcode, waiting room, E2EE): 'on' or 'off' only when the evidence agrees; a conflict is unknown. */
export function safeguard(onHits: readonly Hit[], offHits: readonly Hit[] = []): Reading {
  const on = found(onHits);
  const off = found(offHits);
  return { signal: on.length && !off.length ? 'on' : off.length && !on.length ? 'off' : 'unknown', on, off };
}

/** A reading with no evidence either way. */
export const UNREAD: Reading = { signal: 'unknown', on: [], off: [] };

/** The snapshot's signals and their evidence from the adapter's readings; a signal not read is 'unknown'. */
export function signalsFrom(readings: Partial<Record<SignalName, Reading>>): {
  signals: Signals;
  evidence: Partial<Record<SignalName, SignalEvidence>>;
} {
  const signals: Signals = {
    recording: 'unknown',
    transcription: 'unknown',
    translation: 'unknown',
    aiNotes: 'unknown',
    passcode: 'unknown',
    waitingRoom: 'unknown',
    e2ee: 'unknown',
    passcodeInLink: 'unknown',
  };
  const evidence: Partial<Record<SignalName, SignalEvidence>> = {};
  for (const [name, reading] of Object.entries(readings) as [SignalName, Reading][]) {
    signals[name] = reading.signal;
    if (reading.on.length || reading.off.length) evidence[name] = { on: reading.on, off: reading.off };
  }
  return { signals, evidence };
}

/** Collapses white space and lowercases, so table strings match however the page wraps text. */
export function normalizeText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A sentence's final full stop left out: a table string equals the vendor's string exactly ("Recording has started.",
 * 「…開始しました。」), and the page may show it with or without the stop.
 */
function withoutFinalStop(text: string): string {
  return text.replace(/[.。．]$/, '');
}

/** The needles of a text key, normalised; empty strings are dropped so that they can never match everything. */
function needlesOf(list: readonly string[] | undefined): { raw: string; norm: string }[] {
  if (!list) return [];
  const needles: { raw: string; norm: string }[] = [];
  for (const raw of list) {
    const norm = withoutFinalStop(normalizeText(raw));
    if (norm) needles.push({ raw, norm });
  }
  return needles;
}

/** The first selector of the list that matches inside root, with its element. */
function firstMatch(
  root: ParentNode,
  selectors: readonly string[] | undefined,
): { element: Element; selector: string } | null {
  if (!selectors) return null;
  for (const selector of selectors) {
    try {
      const element = root.querySelector(selector);
      if (element) return { element, selector };
    } catch {
      // An invalid selector is reported when the policy is parsed; here it simply does not match.
    }
  }
  return null;
}

/** querySelector over a list of alternatives, in priority order. */
export function query(root: ParentNode, selectors: readonly string[] | undefined): Element | null {
  return firstMatch(root, selectors)?.element ?? null;
}

export function queryAll(root: ParentNode, selectors: readonly string[] | undefined): Element[] {
  if (!selectors) return [];
  const all: Element[] = [];
  for (const selector of selectors) {
    try {
      all.push(...root.querySelectorAll(selector));
    } catch {
      // see firstMatch()
    }
  }
  return all;
}

/** Element.matches over a list of alternatives; an unparsable selector does not match. */
export function is(element: Element, selectors: readonly string[] | undefined): boolean {
  if (!selectors) return false;
  for (const selector of selectors) {
    try {
      if (element.matches(selector)) return true;
    } catch {
      // see firstMatch()
    }
  }
  return false;
}

/** The controls a guard text key (`guard…Text`) can name: buttons, menu items, switches and checkboxes, their labels. */
const NAMED_CONTROLS =
  'button,[role="button"],[role="menuitem"],[role="menuitemcheckbox"],[role="checkbox"],[role="switch"],label,input[type="checkbox"]';

/**
 * Whether an element is a control named exactly by one of `names` (case and spacing aside): its aria-label, its own
 * text or the whole text of one of its parts (an icon's ligature beside the words is left out that way), or for a
 * checkbox the text of its label. Exact, never a part: the guard must not stop a container that merely holds the words.
 */
export function isNamedControl(element: Element, names: readonly string[] | undefined): boolean {
  const wanted = needlesOf(names).map((needle) => needle.norm);
  if (!wanted.length || !is(element, [NAMED_CONTROLS])) return false;
  const texts = [element.getAttribute('aria-label'), element.textContent];
  for (const part of element.querySelectorAll('*')) texts.push(part.textContent);
  // Stryker disable next-line ArrayDeclaration: equivalent; an element without labels adds no text, and a made-up entry adds undefined, which names nothing.
  for (const label of (element as HTMLInputElement).labels ?? []) texts.push(label.textContent);
  return texts.some((text) => wanted.includes(withoutFinalStop(normalizeText(text))));
}

/** An element's accessible label as the page gives it: aria-label, else title. */
export function labelOf(element: Element): string {
  return normalizeText(element.getAttribute('aria-label') ?? element.getAttribute('title'));
}

/** aria-pressed / aria-checked / a native checkbox: true or false when the control shows its state, else null. */
export function controlState(element: Element): boolean | null {
  if (element.tagName === 'INPUT') {
    const type = element.getAttribute('type')?.toLowerCase();
    if (type === 'checkbox' || type === 'radio') return (element as HTMLInputElement).checked;
  }
  const state = element.getAttribute('aria-pressed') ?? element.getAttribute('aria-checked');
  return state === 'true' ? true : state === 'false' ? false : null;
}

/** decodeURIComponent that returns the raw text for a malformed escape instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Reads one document with one table, remembering what answered. Text scopes are read once per reader: several
 * signals look for their notices in the same dialogs and toasts.
 */
export class PageReader {
  readonly #texts = new Map<string, string[]>();

  constructor(
    readonly root: ParentNode,
    readonly table: SelectorTable,
  ) {}

  /** The first element a selector key matches. */
  element(key: string): Element | null {
    return query(this.root, this.table[key]);
  }

  all(key: string): Element[] {
    return queryAll(this.root, this.table[key]);
  }

  /** Evidence when the selector key matches an element. */
  has(key: string): Hit {
    const match = firstMatch(this.root, this.table[key]);
    return match ? { key, match: match.selector } : null;
  }

  /** Evidence when a needle of `textKey` occurs in the text of an element matched by `scopesKey`. */
  text(scopesKey: string, textKey: string): Hit {
    const needles = needlesOf(this.table[textKey]);
    // Stryker disable next-line ConditionalExpression: equivalent; a shortcut, with no needles the loop finds nothing either.
    if (!needles.length) return null;
    for (const haystack of this.#textsOf(scopesKey)) {
      const needle = needles.find(({ norm }) => haystack.includes(norm));
      if (needle) return { key: textKey, match: needle.raw };
    }
    return null;
  }

  /** Evidence when an element matched by `scopesKey` carries a needle of `labelKey` in its aria-label or title. */
  label(scopesKey: string, labelKey: string): Hit {
    const hit = this.labelled(scopesKey, labelKey)[0];
    return hit ? hit.hit : null;
  }

  /** Every element matched by `scopesKey` whose label contains a needle of `labelKey`, with the needle. */
  labelled(scopesKey: string, labelKey: string): { element: Element; hit: Evidence }[] {
    const needles = needlesOf(this.table[labelKey]);
    // Stryker disable next-line ConditionalExpression: equivalent; a shortcut, with no needles the loop finds nothing either.
    if (!needles.length) return [];
    const result: { element: Element; hit: Evidence }[] = [];
    for (const element of this.all(scopesKey)) {
      const label = labelOf(element);
      const needle = label && needles.find(({ norm }) => label.includes(norm));
      if (needle) result.push({ element, hit: { key: labelKey, match: needle.raw } });
    }
    return result;
  }

  #textsOf(scopesKey: string): string[] {
    let texts = this.#texts.get(scopesKey);
    // Stryker disable next-line ConditionalExpression: equivalent; reading the text again gives the same text (this is a cache).
    if (!texts) {
      texts = this.all(scopesKey).map((element) => normalizeText(element.textContent));
      this.#texts.set(scopesKey, texts);
    }
    return texts;
  }
}
