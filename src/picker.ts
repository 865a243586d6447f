/**
 * The picker's proposal (「この表示を教える」, issue 20): from the element the person points at, a table entry
 * that makes the adapter read the chosen signal 'on' on this page. Candidates, most robust first: the element's
 * (or a close ancestor's) role and accessible name, its stable data-* attributes (data-test, data-testid …), an
 * id that does not look generated; then a text needle for the adapter's label or text keys; class names last,
 * and only those that do not look hashed. Each candidate is tried by reading the page with it added (the
 * adapter's own `read`), so a proposal is never a guess: it is the first that turns the signal 'on' while
 * matching few elements. Pure: reads the DOM, writes nothing.
 */
import type { PickerSuggestion } from './detection-report';
import { isTextKey, type MeetingService, mergeTable, type SelectorTable, type SignalName } from './services/service';

const STABLE_DATA = [
  'data-test',
  'data-testid',
  'data-test-id',
  'data-tid',
  'data-automation-id',
  'data-qa',
  'data-id',
];
/** More matches than this and the selector says little about the element pointed at. */
const MAX_MATCHES = 5;
const ANCESTORS = 4;

/** CSS string literal: quotes and backslashes escaped, line breaks as escapes. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"`;

/** Looks machine-made (hashed class or id): long digit runs, or letter-digit soup, or a css-in-js prefix. */
export function looksGenerated(token: string): boolean {
  return (
    /\d{3,}/.test(token) ||
    /^(css|sc|jss|emotion|styled)-/i.test(token) ||
    (/^_?[a-zA-Z0-9]{5,8}$/.test(token) && /\d/.test(token) && /[a-z]/i.test(token)) ||
    (/[A-Z].*[0-9]|[0-9].*[A-Z]/.test(token) && token.length <= 10) ||
    (/__[a-zA-Z0-9]{4,}$/.test(token) && /\d/.test(token))
  );
}

function selectorCandidates(element: Element): string[] {
  const out: string[] = [];
  const role = element.getAttribute('role');
  const label = element.getAttribute('aria-label')?.trim();
  if (label) out.push(role ? `[role=${quoted(role)}][aria-label=${quoted(label)}]` : `[aria-label=${quoted(label)}]`);
  for (const name of STABLE_DATA) {
    const value = element.getAttribute(name);
    if (value && !looksGenerated(value)) out.push(`[${name}=${quoted(value)}]`);
  }
  for (const attribute of element.attributes)
    if (
      attribute.name.startsWith('data-') &&
      !STABLE_DATA.includes(attribute.name) &&
      attribute.value &&
      attribute.value.length <= 60 &&
      !looksGenerated(attribute.value)
    )
      out.push(`${element.localName}[${attribute.name}=${quoted(attribute.value)}]`);
  if (element.id && !looksGenerated(element.id)) out.push(`#${CSS.escape(element.id)}`);
  const classes = [...element.classList].filter((name) => !looksGenerated(name));
  if (classes.length) out.push(`${element.localName}${classes.map((name) => `.${CSS.escape(name)}`).join('')}`);
  return out;
}

function textCandidates(element: Element, key: string): string[] {
  const label = (element.getAttribute('aria-label') ?? element.getAttribute('title') ?? '').trim();
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  const values = key.endsWith('Label') ? [label] : [text, label];
  return values.filter((value) => value.length >= 2 && value.length <= 120);
}

/** The element and its closest ancestors (the person may point at the dot inside the indicator). */
function lineage(element: Element): Element[] {
  const out: Element[] = [];
  for (let at: Element | null = element; at && out.length <= ANCESTORS; at = at.parentElement) {
    if (at.localName === 'body' || at.localName === 'html') break;
    out.push(at);
  }
  return out;
}

function matchCount(doc: Document, selector: string): number {
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export interface PickerContext {
  doc: Document;
  url: URL;
  service: MeetingService;
  /** The table the frame reads with now (built-in, policy and rules applied). */
  table: SelectorTable;
}

/**
 * Whether `value` under `key` is, alone, evidence that `signal` is on: the page is read with the signal's other
 * "on" keys emptied, so a page that already reads 'on' (or another entry) cannot make any candidate look right.
 */
function turnsOn(context: PickerContext, signal: SignalName, key: string, value: string): boolean {
  const alone: Record<string, { replace: string[] }> = {};
  for (const onKey of context.service.onEvidenceKeys?.[signal] ?? []) alone[onKey] = { replace: [] };
  const table = mergeTable(context.table, { ...alone, [key]: { replace: [value] } });
  try {
    return context.service.read(context.doc, context.url, table)?.signals[signal] === 'on';
  } catch {
    return false;
  }
}

/**
 * The entry to propose for `signal` from the element pointed at, or null when no candidate turns the signal
 * 'on' (the report still carries the snapshot; the admin reads it).
 */
export function proposeEntry(element: Element, signal: SignalName, context: PickerContext): PickerSuggestion | null {
  const keys = context.service.onEvidenceKeys?.[signal] ?? [];
  const selectorKeys = keys.filter((key) => !isTextKey(key));
  const textKeys = keys.filter(isTextKey);
  const tried = new Set<string>();
  const attempt = (key: string, value: string, matches: number): PickerSuggestion | null => {
    const id = `${key}\u0000${value}`;
    if (tried.has(id)) return null;
    tried.add(id);
    return turnsOn(context, signal, key, value) ? { service: context.service.id, signal, key, value, matches } : null;
  };
  const elements = lineage(element);
  // Selectors on the element and its ancestors, before any text; class names only after the text needles.
  const classSelectors: [string, number][] = [];
  for (const candidate of elements)
    for (const selector of selectorCandidates(candidate)) {
      const matches = matchCount(context.doc, selector);
      if (matches < 1 || matches > MAX_MATCHES) continue;
      if (/^[a-z][a-z0-9-]*\./.test(selector)) {
        classSelectors.push([selector, matches]);
        continue;
      }
      for (const key of selectorKeys) {
        const found = attempt(key, selector, matches);
        if (found) return found;
      }
    }
  for (const candidate of elements)
    for (const key of textKeys)
      for (const value of textCandidates(candidate, key)) {
        const found = attempt(key, value, 1);
        if (found) return found;
      }
  for (const [selector, matches] of classSelectors)
    for (const key of selectorKeys) {
      const found = attempt(key, selector, matches);
      if (found) return found;
    }
  return null;
}

/** The proposal as a ready policy `selectorOverrides` value (what the person copies). */
export function overridesEntry(suggestion: PickerSuggestion): Record<string, Record<string, { add: string[] }>> {
  return { [suggestion.service]: { [suggestion.key]: { add: [suggestion.value] } } };
}

/** The elements a proposal matches now (the picker outlines them); text needles match no element by selector. */
export function matchedElements(doc: Document, suggestion: PickerSuggestion): Element[] {
  if (isTextKey(suggestion.key)) return [];
  try {
    return [...doc.querySelectorAll(suggestion.value)];
  } catch {
    return [];
  }
}
