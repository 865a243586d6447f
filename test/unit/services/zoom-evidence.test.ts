/**
 * The Zoom adapter's table against Zoom's own artefact, the Meeting SDK for Web (`@zoom/meetingsdk`, pinned in
 * package.json), for meaning and not only for existence:
 *
 * - every UI string of the table names its language key in a comment on its line (`'…', // apac.key`), and EQUALS
 *   that key's string in en-US.json or ja-JP.json (a part of a string, or a widened one, fails); where a key has both
 *   languages, the table lists both;
 * - every class, id and label of the E2E-breaking keys (recording, archiving, live streaming) names on its line of
 *   zoom.ts the SDK modules that render it (`// render: module 8910 (RECORDING)`), and has a render proof below: the component code in the SDK bundle that renders it and the state it renders under, with the meaning of
 *   that state's predicate read from the core bundle. A class swapped for another class of the same bundle (the
 *   running-recording icon for the host's record button) has no proof under that key, and fails;
 * - every other class name, id and attribute value occurs in the SDK as a whole name, or stands in OTHER_SOURCES
 *   with the docs/sources.md id of its source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Selector } from 'css-what';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/services/read';
import { isTextKey, type SelectorTable } from '../../../src/services/service';
import { zoom } from '../../../src/services/zoom';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SDK = join(ROOT, 'node_modules', '@zoom', 'meetingsdk');
const SDK_VERSION = '6.2.0';

/** The files read, by the source id docs/sources.md gives them. */
const BUNDLES = {
  'zoom-sdk-client': 'dist/ui/zoomus-websdk-main-client.umd.min.js',
  'zoom-sdk-preview': 'dist/ui/zoomus-websdk-preview.umd.min.js',
  'zoom-sdk-core': 'dist/zoomus-websdk.umd.min.js',
} as const;
const LANGS = ['dist/lib/lang/en-US.json', 'dist/lib/lang/ja-JP.json'] as const;

const code = Object.values(BUNDLES)
  .map((file) => readFileSync(join(SDK, file), 'utf8'))
  .join('\n');
const uiStrings = LANGS.flatMap((file) =>
  Object.values(JSON.parse(readFileSync(join(SDK, file), 'utf8')) as Record<string, string>).map(normalizeText),
);

/**
 * Ids the SDK composes at run time: the pre-join's MeetingField gives each field the id `input-for-${name}`, and the
 * passcode field is the one named "pwd" (zoom-sdk-preview). Each needs all its pieces in the bundle.
 */
const TEMPLATE = ['`input-for-', '$', '{n}`'].join(''); // the minified template literal, as text
const COMPOSED: Record<string, readonly string[]> = {
  'input-for-name': [TEMPLATE, '"name"===n'],
  'input-for-pwd': [TEMPLATE, '"pwd"===n'],
};

/** The language files, by name; a UI string of the table equals one key's string in one of them. */
const LANG_FILES = { en: LANGS[0], ja: LANGS[1] } as const;
const lang = Object.fromEntries(
  Object.entries(LANG_FILES).map(([name, file]) => [
    name,
    JSON.parse(readFileSync(join(SDK, file), 'utf8')) as Record<string, string>,
  ]),
) as Record<keyof typeof LANG_FILES, Record<string, string>>;

/** One UI string of the table, with the language key its line names. */
interface NamedString {
  key: string;
  text: string;
  langKey: string | null;
}

/**
 * The table's UI strings as src/services/zoom.ts writes them: each `'…', // apac.key` line inside a `<key>Text: [`
 * list. Read from the source, since the key is a comment; the test below checks this finds every string of
 * zoom.table, so no string escapes it.
 */
function namedStrings(source: string): NamedString[] {
  const found: NamedString[] = [];
  let current: string | null = null;
  for (const line of source.split('\n')) {
    const open = /^ {2}(\w+): \[$/.exec(line);
    if (open) current = open[1] as string;
    else if (/^ {2}\],?$/.test(line)) current = null;
    const entry = /^ {4}(['"])(.*)\1,(?:\s*\/\/\s*(apac\.[\w.]+))?/.exec(line);
    if (current && isTextKey(current) && entry)
      found.push({ key: current, text: (entry[2] as string).replace(/\\'/g, "'"), langKey: entry[3] ?? null });
  }
  return found;
}

/** Every string that names no key, or does not equal its key's string in en or ja: "key: text (why)". */
function stringProblems(strings: readonly NamedString[]): string[] {
  const problems: string[] = [];
  for (const { key, text, langKey } of strings) {
    if (!langKey) problems.push(`${key}: ${text} (names no language key)`);
    else if (lang.en[langKey] === undefined) problems.push(`${key}: ${text} (${langKey} is no key of en-US.json)`);
    else if (lang.en[langKey] !== text && lang.ja[langKey] !== text)
      problems.push(`${key}: ${text} (not the whole string of ${langKey})`);
  }
  // Both languages: a key named for one table key has its en and (where the ja file has it) ja string listed there.
  for (const { key, langKey } of strings) {
    if (!langKey) continue;
    for (const name of ['en', 'ja'] as const) {
      const value = lang[name][langKey];
      if (value !== undefined && !strings.some((other) => other.key === key && other.text === value))
        problems.push(`${key}: ${langKey} lacks its ${name} string "${value}"`);
    }
  }
  return [...new Set(problems)];
}

/**
 * How a class, id or label of an E2E-breaking key is rendered: the code that renders it (`code`: snippets of the
 * bundle that must all lie in one webpack module, `module` its id where the proof names it) and the state that code
 * renders it under, in words and in the snippets. `predicates` are the SDK's state helpers the snippets call; their
 * meaning is checked against the core bundle (STATE_PREDICATES).
 */
interface RenderProof {
  key: string;
  token: string;
  component: string;
  state: string;
  groups: { file: keyof typeof BUNDLES; module: string; code: string[] }[];
  predicates?: (keyof typeof STATE_PREDICATES)[];
}

/**
 * The recording state helpers of zoom-sdk-core (module 23422, re-exported by 17846 under the names the client calls):
 * each the snippets that define it. The record states are P0.INIT, RECORDING, PAUSE and STOP.
 */
const STATE_PREDICATES = {
  'mC3 = RECORDING': [
    'mC3:function(){return c.mC}',
    'mC:function(){return Ge}',
    'function Ge(e){return e===s.P0.RECORDING}',
  ],
  'Ug$ = PAUSE': ['Ug$:function(){return c.Ug}', 'Ug:function(){return We}', 'function We(e){return e===s.P0.PAUSE}'],
  '$BK = INIT': ['$BK:function(){return c.$B}', '$B:function(){return qe}', 'function qe(e){return e===s.P0.INIT}'],
  'R2p = STOP': ['R2p:function(){return c.io}', 'io:function(){return ze}', 'function ze(e){return e===s.P0.STOP}'],
} as const;

const CLIENT = 'zoom-sdk-client' as const;

const RENDER_PROOFS: readonly RenderProof[] = [
  {
    key: 'recordingIndicator',
    token: '.recording-indication__recording-status',
    component: 'recording-indication (module 8910): the status span, for hosts, co-hosts and assistants in every state',
    state: 'any; it holds the icon only while RECORDING (or a local recording runs)',
    groups: [{ file: CLIENT, module: '8910', code: ['("recording-indication__recording-status",{'] }],
  },
  {
    key: 'recordingIndicator',
    token: '.recording-indication__recording-icon',
    component: 'recording-indication (module 8910): the icon span inside the status span',
    state: 'N: cloud recording RECORDING, or a local recording that is not paused',
    groups: [
      {
        file: CLIENT,
        module: '8910',
        code: [
          '(0,o.jsx)("span",{className:"recording-indication__recording-icon"})',
          'N=(0,c.mC3)(t)||f&&!R',
          'N&&(0,o.jsx)(o.Fragment,{children:(0,o.jsx)(b,{})})',
        ],
      },
    ],
    predicates: ['mC3 = RECORDING'],
  },
  {
    key: 'recordingIndicator',
    token: '.recording-indication__recording-status--paused',
    component: "recording-indication (module 8910): the status span's modifier",
    state: 'R: cloud recording PAUSE',
    groups: [
      { file: CLIENT, module: '8910', code: ['"recording-indication__recording-status--paused":R', 'R=(0,c.Ug$)(t)'] },
    ],
    predicates: ['Ug$ = PAUSE'],
  },
  {
    key: 'recordingControls',
    token: '.recording-indication__stop-btn',
    component: 'recording-indication (module 8910): the stop button beside the indicator',
    state: 'P: host, co-host or assistant while RECORDING or PAUSE',
    groups: [
      {
        file: CLIENT,
        module: '8910',
        code: [
          'recording-indication__rec-icon recording-indication__stop-btn ax-outline-blue',
          'P=(n||y)&&((0,c.mC3)(t)||R)&&!(g&&v)',
          'P&&e]',
        ],
      },
    ],
    predicates: ['mC3 = RECORDING'],
  },
  {
    key: 'recordingControls',
    token: '.footer-button-pause-stop-recording',
    component: "the footer's pause/stop pair (module 54248), chosen by the record item (module 11034)",
    state: 'N: a host or co-host, and the cloud recording neither STOP nor INIT (else the footer shows "Record")',
    groups: [
      { file: CLIENT, module: '54248', code: ['className:"footer-button-pause-stop-recording"'] },
      {
        file: CLIENT,
        module: '11034',
        code: ['p=n(54248)', 'N=!(0,h.R2p)(d)&&!(0,h.$BK)(d)', 'footerButton:N&&e?(0,o.jsx)(p.A,{})'],
      },
    ],
    predicates: ['R2p = STOP', '$BK = INIT'],
  },
  {
    key: 'recordingMarks',
    token: '.sharee-sharing-indicator__record-icon',
    component: 'the sharing bar (module 14942): the cloud recording icon, aria-label "Cloud Recording is in progress"',
    state: 'the cloud recording RECORDING (zoom-sdk-core 23422 mC)',
    groups: [
      {
        file: CLIENT,
        module: '14942',
        code: [
          '(0,C.mC)(z)&&(0,o.jsxs)("span",{className:"sharee-sharing-indicator__record-icon ax-outline"',
          'C=n(23422)',
        ],
      },
    ],
  },
  {
    key: 'recordingMarks',
    token: '.sharee-sharing-indicator__local-record-icon',
    component: 'the sharing bar (module 14942): the local recording icon, aria-label "Local Recording is in progress"',
    state: 'W: someone records locally, no cloud recording',
    groups: [
      {
        file: CLIENT,
        module: '14942',
        code: ['||W&&(0,o.jsx)("i",{className:"sharee-sharing-indicator__local-record-icon ax-outline"'],
      },
    ],
  },
  {
    key: 'recordingMarks',
    token: '.participants-icon__recording-icon',
    component: "the participants list's icons: getRecordIcon",
    state: 'the cloud recorder while RECORDING, or a participant with bLocalRecord',
    groups: [
      {
        file: CLIENT,
        module: '78517',
        code: [
          '"participants-icon__recording-icon"',
          'getRecordIcon:()=>(0,l.mC)(a)&&(0,l.kL)(t)&&(0,o.jsx)(P,{})||t.bLocalRecord&&(0,o.jsx)(P,{})',
        ],
      },
    ],
  },
  {
    key: 'archivingIndicator',
    token: '#archive-pop-panel',
    component: 'the archive indicator (module 35714) in the pop-panel component (module 38841)',
    state: 'archiveInfo has text and status success, or ACR runs (else disabled, and the pop panel renders nothing)',
    groups: [
      {
        file: CLIENT,
        module: '35714',
        code: ['id:"archive-pop-panel",disabled:c,ariaLabel:"Archived Meeting"', 'c=(!t||i!==h.Co.success)&&!r'],
      },
      {
        file: CLIENT,
        module: '38841',
        code: ['if(u)return null', '(0,o.jsxs)("div",{id:T,className:"pop-panel__button-wrap"'],
      },
    ],
  },
  {
    key: 'archivingIndicator',
    token: '[aria-label=]Archived Meeting',
    component: "the archive indicator's button (module 35714 through the pop-panel component 38841)",
    state: 'as #archive-pop-panel',
    groups: [
      {
        file: CLIENT,
        module: '35714',
        code: ['id:"archive-pop-panel",disabled:c,ariaLabel:"Archived Meeting"', 'c=(!t||i!==h.Co.success)&&!r'],
      },
      { file: CLIENT, module: '38841', code: ['if(u)return null', '"aria-label":n,"aria-expanded":H'] },
    ],
  },
  {
    key: 'liveStreamIndicator',
    token: '.live-stream-container',
    component: 'the live stream indicator (module 11615)',
    state: "the meeting's live stream on, or a local live stream on",
    groups: [
      {
        file: CLIENT,
        module: '11615',
        code: [
          '(0,l.Qo)()&&n&&(t||i)?(0,o.jsxs)("div",{className:"live-stream-container",children:[(0,o.jsx)("div",{className:"live-stream-icon-container",children:(0,o.jsx)("div",{className:"live-stream-icon"})})',
          'meetingLiveStreamOn:e.liveStream.isLiveStreamOn',
          'isLocalLiveStreamOn:(0,r.cY)(e)',
        ],
      },
    ],
  },
  {
    key: 'liveStreamIndicator',
    token: '.live-stream-icon',
    component: 'the live stream indicator (module 11615): its icon',
    state: 'as .live-stream-container',
    groups: [
      {
        file: CLIENT,
        module: '11615',
        code: [
          '(0,l.Qo)()&&n&&(t||i)?(0,o.jsxs)("div",{className:"live-stream-container",children:[(0,o.jsx)("div",{className:"live-stream-icon-container",children:(0,o.jsx)("div",{className:"live-stream-icon"})})',
          'meetingLiveStreamOn:e.liveStream.isLiveStreamOn',
        ],
      },
    ],
  },
  {
    key: 'liveStreamIndicator',
    token: '#liveStreamDropdown',
    component: 'the live streams menu (module 2881), inside the live stream indicator (module 11615)',
    state: 'as .live-stream-container',
    groups: [
      { file: CLIENT, module: '2881', code: ['(0,o.jsxs)("div",{id:"liveStreamDropdown"'] },
      {
        file: CLIENT,
        module: '11615',
        code: ['s=n(2881)', '!(0,a.Vp6)()&&(0,o.jsx)(s.A,{})', 'className:"live-stream-container"'],
      },
    ],
  },
];

/** The keys whose every token needs a render proof: the "on" evidence of recording, archiving and live streaming. */
const PROVEN_KEYS = [
  'recordingIndicator',
  'recordingControls',
  'recordingMarks',
  'archivingIndicator',
  'liveStreamIndicator',
] as const;

const bundleText: Record<string, string> = Object.fromEntries(
  Object.entries(BUNDLES).map(([id, file]) => [id, readFileSync(join(SDK, file), 'utf8')]),
);

const MODULE_STARTS = [':(e,t,n)=>{"use strict"', ':function(e,t,n){"use strict"'];

/** The webpack module a position of a bundle lies in: its id and its text (from its start to the next module's). */
function moduleAt(text: string, index: number): { id: string | null; text: string } {
  const start = Math.max(...MODULE_STARTS.map((marker) => text.lastIndexOf(marker, index)));
  const ends = MODULE_STARTS.map((marker) => text.indexOf(marker, index)).filter((at) => at >= 0);
  const end = ends.length ? Math.min(...ends) : text.length;
  const id = start < 0 ? null : (/(\d+)$/.exec(text.slice(Math.max(0, start - 12), start))?.[1] ?? null);
  return { id, text: text.slice(Math.max(0, start), end) };
}

/**
 * What is wrong with a proof: no snippet carries the token, a group's first snippet is not in the bundle exactly
 * once, the group's module is not the one it names, or another snippet is not in that same module.
 */
function proofProblems(proof: RenderProof): string[] {
  const problems: string[] = [];
  const label = `${proof.key} ${proof.token}`;
  const name = proof.token.replace(/^[.#]|^\[[^\]]+\]/, '');
  const carries = (snippet: string) => snippet.includes(`"${name}`) || snippet.includes(` ${name}`);
  if (!proof.groups.some((group) => group.code.some(carries))) problems.push(`${label}: no snippet renders the token`);
  for (const group of proof.groups) {
    const text = bundleText[group.file] as string;
    const [first, ...rest] = group.code;
    const at = first === undefined ? -1 : text.indexOf(first);
    if (at < 0 || text.indexOf(first as string, at + 1) >= 0) {
      problems.push(`${label}: not once in ${group.file}: ${first}`);
      continue;
    }
    const module = moduleAt(text, at);
    if (module.id !== group.module) problems.push(`${label}: in module ${module.id}, not ${group.module}: ${first}`);
    for (const snippet of rest)
      if (!module.text.includes(snippet)) problems.push(`${label}: not in module ${module.id}: ${snippet}`);
  }
  return problems;
}

/** Every token of the proven keys without a render proof under the same key: "key: entry (token)". */
function unproven(table: SelectorTable): string[] {
  const problems: string[] = [];
  for (const key of PROVEN_KEYS)
    for (const entry of table[key] ?? [])
      for (const token of tokensOf(entry))
        if (!RENDER_PROOFS.some((proof) => proof.key === key && proof.token === token))
          problems.push(`${key}: ${entry} (${token})`);
  return problems;
}

/** Table entries whose source is not the SDK: the token, its docs/sources.md id, and why. */
const OTHER_SOURCES: readonly { key: string; token: string; source: string; reason: string }[] = [
  {
    key: 'webclientFrame',
    token: '#webclient',
    source: 'screenapp-zoom',
    reason: 'the outer page of app.zoom.us that frames the web client; not part of the SDK',
  },
  {
    key: 'webclientFrame',
    token: '.pwa-webclient__iframe',
    source: 'meetingbot-zoom',
    reason: 'the same frame, by its class',
  },
  {
    key: 'prejoin',
    token: '#inputname',
    source: 'vexa-zoom',
    reason: "the classic web client's pre-join (/wc/join/<id>), which the SDK does not ship",
  },
  { key: 'prejoin', token: '#joinBtn', source: 'vexa-zoom', reason: "the classic web client's join button" },
  { key: 'portalTopic', token: '#topic', source: 'automate-aa-zoom', reason: 'the web portal is not in the SDK' },
  {
    key: 'portalWaitingRoom',
    token: '#option_waiting_room',
    source: 'automate-aa-zoom',
    reason: "the web portal's schedule form (legacy ids, 2019)",
  },
  {
    key: 'portalAutoRecord',
    token: '#option_autorec',
    source: 'automate-aa-zoom',
    reason: "the web portal's schedule form (legacy ids, 2019)",
  },
];

/** Attributes that are HTML/ARIA semantics, not Zoom's: their names and values need no source. */
const GENERIC_ATTRIBUTES = new Set(['role', 'type', 'aria-selected', 'aria-checked', 'for', 'name']);

/** The Zoom-specific tokens of a selector: `.class`, `#id`, and `[attribute="value"]` values. */
function tokensOf(selector: string): string[] {
  const tokens: string[] = [];
  const walk = (groups: Selector[][]) => {
    for (const part of groups.flat()) {
      if (part.type === 'attribute') {
        if (part.name === 'class' && part.action === 'element') tokens.push(`.${part.value}`);
        else if (part.name === 'id' && part.action === 'equals') tokens.push(`#${part.value}`);
        else if (!GENERIC_ATTRIBUTES.has(part.name) && part.value)
          tokens.push(`[${part.name}${part.action === 'equals' ? '=' : '*'}]${part.value}`);
      } else if (part.type === 'pseudo' && Array.isArray(part.data)) walk(part.data);
    }
  };
  walk(parse(selector));
  return tokens;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const inCode = (name: string) => new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`).test(code);
const inStrings = (text: string) => {
  const needle = normalizeText(text);
  return uiStrings.some((value) => value.includes(needle));
};

/** Whether the SDK contains a token: a class or id as a whole name, an attribute value as a UI string or literal. */
function inSdk(token: string): boolean {
  if (token.startsWith('.')) return inCode(token.slice(1));
  if (token.startsWith('#')) {
    const pieces = COMPOSED[token.slice(1)];
    return pieces ? pieces.every((piece) => code.includes(piece)) : inCode(token.slice(1));
  }
  const exact = token.startsWith('[') && token.includes('=]');
  const value = token.replace(/^\[[^\]]+\]/, '');
  // An exact attribute value is one whole UI string or a quoted literal of the code (hard-coded English labels);
  // a partial one ([class*="prefix__"]) need only occur.
  if (exact) return uiStrings.includes(normalizeText(value)) || code.includes(`"${value}"`);
  return code.includes(value) || inStrings(value);
}

/** Every table entry the SDK does not support and OTHER_SOURCES does not list: "key: entry (token)". */
function unsupported(table: SelectorTable): string[] {
  const problems: string[] = [];
  for (const [key, entries] of Object.entries(table)) {
    for (const entry of entries) {
      // UI strings are checked whole, against their named key (stringProblems).
      if (isTextKey(key)) continue;
      for (const token of tokensOf(entry)) {
        const listed = OTHER_SOURCES.some((other) => other.key === key && other.token === token);
        if (!listed && !inSdk(token)) problems.push(`${key}: ${entry} (${token})`);
      }
    }
  }
  return problems;
}

const zoomSourceIds = (): Set<string> => {
  const sources = readFileSync(join(ROOT, 'docs', 'sources.md'), 'utf8');
  const section = sources.split(/^## /m).find((part) => part.startsWith('Zoom')) ?? '';
  return new Set([...section.matchAll(/^\| `?([a-z0-9-]+)`? \|/gm)].map((match) => match[1] as string));
};

describe('zoom table against @zoom/meetingsdk', () => {
  it(`reads the pinned SDK, ${SDK_VERSION}`, () => {
    const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.version).toBe(SDK_VERSION);
    expect(ours.devDependencies['@zoom/meetingsdk']).toBe(SDK_VERSION);
  });

  it('finds every class name, id and UI string of the table in the SDK, or in OTHER_SOURCES', () => {
    expect(unsupported(zoom.table), 'add the entry to OTHER_SOURCES with its source id, or fix it').toEqual([]);
  });

  it('reports a selector or a string changed to something the SDK does not contain', () => {
    const indicator = '.recording-indication__recording-status .recording-indication__recording-dot';
    const mutated: SelectorTable = {
      ...zoom.table,
      recordingIndicator: [indicator, ...(zoom.table.recordingIndicator ?? []).slice(1)],
      hostControls: ['#securityOptionsMenu'],
      guardRecording: ['#wc-footer button[aria-label="Record now"]'],
      prejoin: ['#input-for-passcode'],
    };
    expect(unsupported(mutated)).toEqual([
      'prejoin: #input-for-passcode (#input-for-passcode)',
      'hostControls: #securityOptionsMenu (#securityOptionsMenu)',
      `recordingIndicator: ${indicator} (.recording-indication__recording-dot)`,
      'guardRecording: #wc-footer button[aria-label="Record now"] ([aria-label=]Record now)',
    ]);
    // A label must be one whole UI string: "Recor" occurs inside many, and is no label of Zoom's.
    expect(unsupported({ guardRecording: ['button[aria-label="Recor"]'] })).toHaveLength(1);
    expect(unsupported({ guardRecording: ['button[aria-label="Record"]'] })).toEqual([]);
  });

  it('lists in OTHER_SOURCES only entries the table has, each with a Zoom source id of docs/sources.md', () => {
    const ids = zoomSourceIds();
    for (const other of OTHER_SOURCES) {
      expect(
        (zoom.table[other.key] ?? []).some((entry) => tokensOf(entry).includes(other.token)),
        `${other.key} ${other.token}`,
      ).toBe(true);
      expect(ids, other.source).toContain(other.source);
      expect(other.reason.length).toBeGreaterThan(10);
    }
    for (const id of Object.keys(BUNDLES)) expect(ids, id).toContain(id);
    expect(ids).toContain('zoom-sdk-lang');
  });
});

const ZOOM_SOURCE = readFileSync(join(ROOT, 'src', 'services', 'zoom.ts'), 'utf8');

/** The proven keys' entries as zoom.ts writes them, each with the modules its `// render: module(s) …` comment names. */
function renderComments(source: string): { key: string; entry: string; modules: string[] | null }[] {
  const found: { key: string; entry: string; modules: string[] | null }[] = [];
  let current: string | null = null;
  for (const line of source.split('\n')) {
    const open = /^ {2}(\w+): \[$/.exec(line);
    if (open) current = open[1] as string;
    else if (/^ {2}\],?$/.test(line)) current = null;
    const entry = /^ {4}(['"])(.*)\1,(?:\s*\/\/ render: modules? ([\d, ]+))?/.exec(line);
    if (current && (PROVEN_KEYS as readonly string[]).includes(current) && entry)
      found.push({ key: current, entry: entry[2] as string, modules: entry[3]?.trim().split(/,\s*/) ?? null });
  }
  return found;
}
const STRINGS = namedStrings(ZOOM_SOURCE);

describe('zoom UI strings: each the whole string of the language key it names', () => {
  it('finds every UI string of the table on a line of zoom.ts, and no other', () => {
    const inTable = Object.entries(zoom.table)
      .filter(([key]) => isTextKey(key))
      .flatMap(([key, entries]) => entries.map((text) => `${key}: ${text}`));
    expect(STRINGS.map(({ key, text }) => `${key}: ${text}`).sort()).toEqual(inTable.sort());
    expect(STRINGS.length).toBeGreaterThan(60);
  });

  it('each string names its key and equals its en-US or ja-JP string; both languages are listed', () => {
    expect(stringProblems(STRINGS)).toEqual([]);
  });

  it("fails a string widened to a part of its key's string, or changed, or naming another key", () => {
    const widen = (from: string, to: string) =>
      stringProblems(STRINGS.map((entry) => (entry.text === from ? { ...entry, text: to } : entry)));
    expect(widen('This meeting is being recorded', 'being recorded')).toEqual([
      'recordingOnText: being recorded (not the whole string of apac.wc_record_reminder_title)',
      'recordingOnText: apac.wc_record_reminder_title lacks its en string "This meeting is being recorded"',
    ]);
    expect(widen('このミーティングはアーカイブされます', 'アーカイブ')).toContain(
      'archivingOnText: アーカイブ (not the whole string of apac.archiving.default_title)',
    );
    const renamed = STRINGS.map((entry) =>
      entry.text === 'The content of this meeting is being sent to a third party'
        ? { ...entry, langKey: 'apac.LS.title' }
        : entry,
    );
    expect(stringProblems(renamed)).toContain(
      'liveStreamOnText: The content of this meeting is being sent to a third party (not the whole string of apac.LS.title)',
    );
    expect(stringProblems([{ key: 'recordingOnText', text: 'Recording is on.', langKey: null }])).toContain(
      'recordingOnText: Recording is on. (names no language key)',
    );
  });

  it('fails a key listed in one language only', () => {
    const withoutJa = STRINGS.filter((entry) => entry.text !== 'このミーティングはライブストリーム中です');
    expect(stringProblems(withoutJa)).toEqual([
      'liveStreamOnText: apac.LS.title lacks its ja string "このミーティングはライブストリーム中です"',
    ]);
  });
});

describe('zoom E2E-breaking classes and ids: each tied to the component and state that render it', () => {
  it('has a render proof, under the same table key, for every token of the recording, archiving and live-stream keys', () => {
    expect(unproven(zoom.table)).toEqual([]);
  });

  it("names, on each proven entry's line of zoom.ts, the SDK modules of its render proofs", () => {
    const comments = renderComments(ZOOM_SOURCE);
    const inTable = PROVEN_KEYS.flatMap((key) => (zoom.table[key] ?? []).map((entry) => `${key}: ${entry}`));
    expect(comments.map(({ key, entry }) => `${key}: ${entry}`).sort()).toEqual(inTable.sort());
    for (const { key, entry, modules } of comments) {
      const proven = RENDER_PROOFS.filter((proof) => proof.key === key && tokensOf(entry).includes(proof.token));
      const expected = [...new Set(proven.flatMap((proof) => proof.groups.map((group) => group.module)))];
      expect(modules?.sort(), `${key}: ${entry}`).toEqual((expected as string[]).sort());
    }
  });

  it.each(RENDER_PROOFS.map((proof) => [`${proof.key} ${proof.token}`, proof] as const))(
    'finds the code that renders %s, in one module, in the pinned SDK',
    (_name, proof) => {
      expect(proofProblems(proof)).toEqual([]);
      expect(proof.component.length).toBeGreaterThan(10);
      expect(proof.state.length).toBeGreaterThan(5);
    },
  );

  it.each(Object.entries(STATE_PREDICATES))(
    'reads the recording state helper %s in zoom-sdk-core',
    (_name, snippets) => {
      const core = bundleText['zoom-sdk-core'] as string;
      for (const snippet of snippets) expect(core, snippet).toContain(snippet);
    },
  );

  it("fails the running-recording icon swapped for the host's record-button class, or a proof moved to another key", () => {
    const swapped: SelectorTable = {
      recordingIndicator: ['.recording-indication__recording-status .footer-record-button'],
      archivingIndicator: ['#aic-pop-panel'],
    };
    expect(unproven(swapped)).toEqual([
      'recordingIndicator: .recording-indication__recording-status .footer-record-button (.footer-record-button)',
      'archivingIndicator: #aic-pop-panel (#aic-pop-panel)',
    ]);
    // Both classes exist in the bundle: existence alone would have passed the swap.
    expect(unsupported(swapped)).toEqual([]);
  });

  it('fails a proof whose code is not in the SDK, or lies in another module than it says', () => {
    const proof = RENDER_PROOFS.find((p) => p.token === '.recording-indication__recording-icon') as RenderProof;
    const elsewhere: RenderProof = {
      ...proof,
      groups: [
        {
          file: CLIENT,
          module: '8910',
          code: [...(proof.groups[0]?.code ?? []), 'footerButton:N&&e?(0,o.jsx)(p.A,{})'],
        },
      ],
    };
    expect(proofProblems(elsewhere)).toEqual([
      'recordingIndicator .recording-indication__recording-icon: not in module 8910: footerButton:N&&e?(0,o.jsx)(p.A,{})',
    ]);
    const missing: RenderProof = { ...proof, groups: [{ file: CLIENT, module: '8910', code: ['N=(0,c.mC3)(t)||f'] }] };
    expect(proofProblems(missing)).toContain(
      'recordingIndicator .recording-indication__recording-icon: no snippet renders the token',
    );
  });
});

describe('zoom citations', () => {
  const files = [
    join(ROOT, 'src', 'services', 'zoom.ts'),
    ...readdirFixtures().map((file) => join(ROOT, 'test', 'fixtures', 'zoom', file)),
  ];

  it('never point outside the repository or at private notes', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\.\.\/shared|dom-indicators|anchors\.md|§|unattributed|\bS\d{1,2}\b/);
    }
  });

  it('quote only language keys the SDK has', () => {
    const keys = new Set(Object.keys(JSON.parse(readFileSync(join(SDK, LANGS[0]), 'utf8')) as object));
    for (const file of files)
      for (const match of readFileSync(file, 'utf8').matchAll(/\bapac[\w.]*\w/g))
        expect(keys, file).toContain(match[0]);
  });

  it('cite only source ids listed in the Zoom section of docs/sources.md', () => {
    const ids = zoomSourceIds();
    const cited = new Set<string>();
    for (const file of files)
      for (const match of readFileSync(file, 'utf8').matchAll(
        /\b(zoom-sdk-[a-z]+|[a-z]+(?:-[a-z]+)*-zoom|transcriptonic(?:-rules)?)\b/g,
      ))
        cited.add(match[1] as string);
    expect(cited.size).toBeGreaterThan(3);
    for (const id of cited) expect(ids, id).toContain(id);
  });
});

function readdirFixtures(): string[] {
  return readdirSync(join(ROOT, 'test', 'fixtures', 'zoom')).filter((file) => file.endsWith('.html'));
}
