/**
 * 「判定が違う」 reports (issue 20): what the person says is wrong, and a structural snapshot of the meeting
 * frames (`captureStructure`), previewed and cut by the person before it goes as a `detection-report` record.
 *
 * What a snapshot holds: the element tree (tags; id, class, role, type, aria-* and data-* attributes; title and
 * placeholder) and the text of controls (buttons, switches, menu items, tabs, labels) and notices (alerts,
 * status messages, dialogs, assertive live regions, tooltips). What it never holds: anything inside a region
 * that shows people's words or names — chat, captions, transcripts, participant lists and tiles (role log or
 * feed, or a container named so in its id, class, data-* or aria-label, in English or Japanese): such a region
 * is one node saying what it is, with no children, attributes' text or content; polite live regions give no
 * text (captions are announced that way); form fields give no value; media, images, canvases, scripts, styles
 * and frames' addresses are left out; link targets are left out. Text seen in a private region is masked
 * wherever else it shows (a name in a "… joined" notice). Bounded: MAX_NODES elements and MAX_REPORT_BYTES.
 *
 * Pure: reads the DOM, writes nothing (the injected script content/entries/report.ts calls it).
 */
import { addressPattern } from './records';
import { SIGNAL_NAMES, type SignalName } from './services/service';

export interface StructureNode {
  tag: string;
  attrs?: Record<string, string>;
  /** The element's own text (its text nodes, not its children's), where text may be kept. */
  text?: string;
  /** A region of people's words or names: nothing of it is kept but what it is. */
  private?: string;
  children?: StructureNode[];
  /** Elements left out below this one (limits). */
  omitted?: number;
}

export interface StructureFrame {
  /** The frame's address as a pattern: host and path, ids as `*`, no query (src/records.ts addressPattern). */
  address: string;
  root: StructureNode;
}

export const REPORT_PROBLEMS = ['missed', 'false-warning', 'other'] as const;
export type ReportProblem = (typeof REPORT_PROBLEMS)[number];

/** A table entry the picker proposes (src/picker.ts): ready for policy `selectorOverrides` and for the rules. */
export interface PickerSuggestion {
  service: string;
  signal: SignalName;
  key: string;
  value: string;
  /** How many elements the value matches on the page when proposed. */
  matches: number;
}

export interface DetectionReport {
  service: string;
  signal: SignalName;
  problem: ReportProblem;
  /** The person's own words (optional). */
  note: string;
  frames: StructureFrame[];
  suggestion?: PickerSuggestion;
}

export const MAX_NODES = 3000;
const MAX_DEPTH = 60;
const MAX_TEXT = 200;
const MAX_ATTR = 200;
/** The largest report (as JSON): well inside the 256 KB a delivery batch may carry. */
export const MAX_REPORT_BYTES = 160 * 1024;
export const MAX_FRAMES = 8;

const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'meta',
  'head',
  'img',
  'picture',
  'source',
  'track',
  'video',
  'audio',
  'canvas',
  'object',
  'embed',
  'meeting-guard-banner',
  'meeting-guard-dialog',
  'meeting-guard-picker',
]);
/** Kept as a node, but nothing inside (drawings, frames whose content is another document). */
const LEAF = new Set(['svg', 'math', 'iframe', 'frame']);
const CONTROL_ROLES = new Set([
  'button',
  'switch',
  'checkbox',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'option',
  'radio',
  'link',
]);
const CONTROL_TAGS = new Set(['button', 'label', 'summary', 'legend', 'option']);
const NOTICE_ROLES = new Set(['alert', 'alertdialog', 'status', 'dialog', 'tooltip', 'banner', 'timer', 'marquee']);
const PRIVATE_ROLES = new Set(['log', 'feed']);
/** Regions of people's words or names, by the words their markup names them with. */
const PRIVATE_WORDS =
  /chat|message|caption|subtitle|transcript|participant|roster|attendee|people|member|tile|avatar|チャット|メッセージ|字幕|キャプション|文字起こし|トランスクリプト|参加者|出席者|メンバー/i;
const ATTRIBUTES = new Set(['id', 'class', 'role', 'type', 'title', 'placeholder', 'name', 'slot']);

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function isControl(element: Element): boolean {
  const role = element.getAttribute('role');
  const tag = element.localName;
  // Design systems' custom elements (Webex's mdc-button, Teams' fluent-button) are controls by their name.
  return (
    CONTROL_TAGS.has(tag) ||
    (role !== null && CONTROL_ROLES.has(role)) ||
    (tag.includes('-') && /button|switch|toggle|checkbox|menu-?item|(^|-)tab$/.test(tag))
  );
}

function isNotice(element: Element): boolean {
  const role = element.getAttribute('role');
  return (
    element.localName === 'dialog' ||
    (role !== null && NOTICE_ROLES.has(role)) ||
    element.getAttribute('aria-live') === 'assertive' ||
    element.getAttribute('aria-modal') === 'true'
  );
}

/** Why an element is a private region (chat, captions, people), or undefined. Controls and notices never are. */
export function privateRegion(element: Element): string | undefined {
  const role = element.getAttribute('role');
  if (role && PRIVATE_ROLES.has(role)) return `role=${role}`;
  const tag = element.localName;
  if (tag === 'textarea' || element.getAttribute('contenteditable') === 'true') return 'editable';
  if (isControl(element) || isNotice(element) || tag === 'input') return undefined;
  const names = [element.id, element.getAttribute('class') ?? '', element.getAttribute('aria-label') ?? ''];
  for (const attribute of element.attributes) if (attribute.name.startsWith('data-')) names.push(attribute.value);
  const word = PRIVATE_WORDS.exec(names.join(' '))?.[0];
  return word ? word.toLowerCase() : undefined;
}

/** The texts shown in private regions, to be masked wherever else they appear. */
function privateTexts(root: Element): string[] {
  const texts = new Set<string>();
  for (const region of root.querySelectorAll('*')) {
    if (!privateRegion(region)) continue;
    const walker = region.ownerDocument.createTreeWalker(region, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node && texts.size < 2000; node = walker.nextNode()) {
      const text = squash(node.nodeValue ?? '');
      if (text.length >= 3) texts.add(text);
    }
    for (const element of region.querySelectorAll('[aria-label],[title],[alt]'))
      for (const name of ['aria-label', 'title', 'alt']) {
        const text = squash(element.getAttribute(name) ?? '');
        if (text.length >= 3) texts.add(text);
      }
  }
  // Longest first, so "Taro Yamada" is masked whole before "Taro" would split it.
  return [...texts].sort((a, b) => b.length - a.length);
}

export const MASK = '▇▇▇';

function masker(texts: readonly string[]): (text: string) => string {
  return (text) => {
    let masked = text;
    for (const secret of texts) if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
    return masked;
  };
}

/** The structural snapshot of one frame's document (see the head of this file). */
export function captureStructure(doc: Document, maxNodes = MAX_NODES): StructureFrame {
  const body = doc.body ?? doc.documentElement;
  const mask = masker(privateTexts(body));
  let budget = maxNodes;

  const visit = (element: Element, depth: number, textAllowed: boolean): StructureNode | null => {
    const tag = element.localName;
    if (SKIPPED.has(tag)) return null;
    budget -= 1;
    const region = privateRegion(element);
    if (region) return { tag, private: region };
    const node: StructureNode = { tag };
    const attrs: Record<string, string> = {};
    for (const attribute of element.attributes) {
      const name = attribute.name;
      if (!ATTRIBUTES.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) continue;
      attrs[name] = clip(mask(squash(attribute.value)), MAX_ATTR);
    }
    if (Object.keys(attrs).length) node.attrs = attrs;
    const polite = element.getAttribute('aria-live') === 'polite' && !isNotice(element);
    const keepText = !polite && (textAllowed || isControl(element) || isNotice(element));
    if (keepText && tag !== 'input') {
      const own = squash(
        [...element.childNodes]
          .filter((child) => child.nodeType === 3)
          .map((child) => child.nodeValue ?? '')
          .join(' '),
      );
      if (own) node.text = clip(mask(own), MAX_TEXT);
    }
    if (LEAF.has(tag)) return node;
    const children: StructureNode[] = [];
    let omitted = 0;
    const childTextAllowed = keepText && !polite;
    for (const child of element.children) {
      if (budget <= 0 || depth >= MAX_DEPTH) {
        omitted += 1 + child.querySelectorAll('*').length;
        continue;
      }
      const captured = visit(child, depth + 1, childTextAllowed);
      if (captured) children.push(captured);
    }
    // A shadow root the page left open is part of what the person sees.
    const shadow = (element as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
    if (shadow)
      for (const child of shadow.children) {
        if (budget <= 0) break;
        const captured = visit(child, depth + 1, childTextAllowed);
        if (captured) children.push(captured);
      }
    if (children.length) node.children = children;
    if (omitted) node.omitted = omitted;
    return node;
  };

  // A personal room's address names its host (Webex /meet/<user>): that part is left out like an id.
  const address = addressPattern(doc.URL).replace(/\/meet\/[^/]+/, '/meet/*');
  return { address, root: visit(body, 0, false) ?? { tag: body.localName } };
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const cleanString = (value: unknown, max: number): string | null =>
  typeof value === 'string' ? clip(value.replace(/\p{Cc}/gu, ' '), max) : null;

/** A structure node as received (an injected script's answer, or the popup's cut copy): rebuilt field by field. */
function validateNode(value: unknown, depth: number, count: { nodes: number }): StructureNode | null {
  if (!isObject(value) || depth > MAX_DEPTH + 1 || ++count.nodes > MAX_NODES * MAX_FRAMES) return null;
  const tag = cleanString(value.tag, 64);
  if (!tag || !/^[a-z][a-z0-9-]*$/.test(tag)) return null;
  const node: StructureNode = { tag };
  if (value.attrs !== undefined) {
    if (!isObject(value.attrs)) return null;
    const attrs: Record<string, string> = {};
    for (const [name, text] of Object.entries(value.attrs)) {
      const clean = cleanString(text, MAX_ATTR);
      if (clean === null || !/^[a-z][a-z0-9_.:-]{0,63}$/.test(name)) return null;
      if (!ATTRIBUTES.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) return null;
      attrs[name] = clean;
    }
    if (Object.keys(attrs).length) node.attrs = attrs;
  }
  if (value.text !== undefined) {
    const text = cleanString(value.text, MAX_TEXT);
    if (text === null) return null;
    node.text = text;
  }
  if (value.private !== undefined) {
    const region = cleanString(value.private, 40);
    if (region === null) return null;
    // A private region carries nothing else, whatever was sent.
    return { tag, private: region };
  }
  if (value.omitted !== undefined) {
    if (!Number.isInteger(value.omitted) || (value.omitted as number) < 0) return null;
    node.omitted = value.omitted as number;
  }
  if (value.children !== undefined) {
    if (!Array.isArray(value.children)) return null;
    const children: StructureNode[] = [];
    for (const child of value.children) {
      const checked = validateNode(child, depth + 1, count);
      if (!checked) return null;
      children.push(checked);
    }
    if (children.length) node.children = children;
  }
  return node;
}

export function validateFrames(value: unknown): StructureFrame[] | null {
  if (!Array.isArray(value) || value.length > MAX_FRAMES) return null;
  const count = { nodes: 0 };
  const frames: StructureFrame[] = [];
  for (const frame of value) {
    if (!isObject(frame)) return null;
    const address = cleanString(frame.address, 300);
    const root = validateNode(frame.root, 0, count);
    if (address === null || !root) return null;
    frames.push({ address, root });
  }
  return frames;
}

const SERVICE_ID = /^[a-z][a-z0-9-]{0,31}$/;
const TABLE_KEY = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export function validateSuggestion(value: unknown): PickerSuggestion | null {
  if (!isObject(value)) return null;
  const { service, signal, key, value: text, matches } = value;
  if (typeof service !== 'string' || !SERVICE_ID.test(service)) return null;
  if (typeof signal !== 'string' || !(SIGNAL_NAMES as readonly string[]).includes(signal)) return null;
  if (typeof key !== 'string' || !TABLE_KEY.test(key)) return null;
  if (typeof text !== 'string' || !text.trim() || text.length > 1000) return null;
  if (!Number.isInteger(matches) || (matches as number) < 0) return null;
  return { service, signal: signal as SignalName, key, value: text, matches: matches as number };
}

/**
 * A whole report as the popup sends it, rebuilt from its parts; null when anything is off or it is larger
 * than MAX_REPORT_BYTES (the popup says so: the person cuts more).
 */
export function validateDetectionReport(value: unknown): DetectionReport | null {
  if (!isObject(value)) return null;
  const { service, signal, problem } = value;
  if (typeof service !== 'string' || !SERVICE_ID.test(service)) return null;
  if (typeof signal !== 'string' || !(SIGNAL_NAMES as readonly string[]).includes(signal)) return null;
  if (typeof problem !== 'string' || !(REPORT_PROBLEMS as readonly string[]).includes(problem)) return null;
  const note = cleanString(value.note ?? '', 500);
  const frames = validateFrames(value.frames);
  if (note === null || !frames) return null;
  const report: DetectionReport = {
    service,
    signal: signal as SignalName,
    problem: problem as ReportProblem,
    note: note.trim(),
    frames,
  };
  if (value.suggestion !== undefined) {
    const suggestion = validateSuggestion(value.suggestion);
    if (!suggestion) return null;
    report.suggestion = suggestion;
  }
  return reportBytes(report) <= MAX_REPORT_BYTES ? report : null;
}

export const reportBytes = (report: DetectionReport): number => utf8Length(JSON.stringify(report));

/** The report without the node at `path` (child indexes from a frame's root; [frame] cuts the whole frame). */
export function cutNode(report: DetectionReport, path: readonly number[]): DetectionReport {
  const [frameIndex, ...rest] = path;
  if (frameIndex === undefined) return report;
  if (!rest.length) return { ...report, frames: report.frames.filter((_, index) => index !== frameIndex) };
  const cut = (node: StructureNode, steps: readonly number[]): StructureNode => {
    const [step, ...more] = steps;
    if (step === undefined || !node.children) return node;
    const children = more.length
      ? node.children.map((child, index) => (index === step ? cut(child, more) : child))
      : node.children.filter((_, index) => index !== step);
    return { ...node, children, omitted: (node.omitted ?? 0) + (more.length ? 0 : 1) };
  };
  return {
    ...report,
    frames: report.frames.map((frame, index) =>
      index === frameIndex ? { ...frame, root: cut(frame.root, rest) } : frame,
    ),
  };
}

/** Every text and attribute value a report carries (what a test, or a reviewer, searches for leaks). */
export function reportStrings(report: DetectionReport): string[] {
  const out: string[] = [report.note];
  const walk = (node: StructureNode) => {
    if (node.text) out.push(node.text);
    for (const value of Object.values(node.attrs ?? {})) out.push(value);
    for (const child of node.children ?? []) walk(child);
  };
  for (const frame of report.frames) walk(frame.root);
  return out;
}
