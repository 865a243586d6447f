/**
 * The Zoom adapter's table against Zoom's own artefact: every class name, id and UI string in src/services/zoom.ts
 * must occur in the Meeting SDK for Web (`@zoom/meetingsdk`, pinned in package.json) — its in-meeting and pre-join
 * bundles or its en-US.json / ja-JP.json — or stand in OTHER_SOURCES below with the docs/sources.md id of its
 * source and the reason the SDK cannot show it. A changed selector or string that the SDK does not contain fails.
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
      if (isTextKey(key)) {
        if (!inStrings(entry) && !code.includes(entry)) problems.push(`${key}: ${entry}`);
        continue;
      }
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
      recordingOnText: ['This meeting is being recorded by Zoom'],
      hostControls: ['#securityOptionsMenu'],
      guardRecording: ['#wc-footer button[aria-label="Record now"]'],
      prejoin: ['#input-for-passcode'],
    };
    expect(unsupported(mutated)).toEqual([
      'prejoin: #input-for-passcode (#input-for-passcode)',
      'hostControls: #securityOptionsMenu (#securityOptionsMenu)',
      `recordingIndicator: ${indicator} (.recording-indication__recording-dot)`,
      'guardRecording: #wc-footer button[aria-label="Record now"] ([aria-label=]Record now)',
      'recordingOnText: This meeting is being recorded by Zoom',
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
