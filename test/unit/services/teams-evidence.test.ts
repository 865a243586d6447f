/**
 * The Teams adapter's notice strings against Microsoft's own artefact, the Azure Communication Services UI library
 * (`@azure/communication-react`, pinned in package.json; docs/sources.md acs-ui-library): every string of
 * `recordingNoticeText` and `transcriptionNoticeText` names, in a comment on its line, either the library's string
 * key (`'…', // notificationStack.recordingStarted.title`) and EQUALS that key's en-US or ja-JP string, or
 * (`// source: <id>`) a Teams source id of docs/sources.md for wording the library does not have. Where a library key
 * has both languages, the table lists both. A widened or changed string fails.
 *
 * The library is Microsoft's wording for ACS calls that join Teams meetings; that the Teams web client shows the same
 * words is not proven (docs/sources.md grades it so). This test proves only that the table quotes the library
 * exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { teams } from '../../../src/services/teams';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ACS = join(ROOT, 'node_modules', '@azure', 'communication-react');
const ACS_VERSION = '1.34.0';

/** The library's string files: the components' (notificationStack.*) and the composites' (call.*). */
const STRING_FILES = {
  components: 'dist/dist-esm/react-components/src/localization/locales',
  composites: 'dist/dist-esm/react-composites/src/composites/localization/locales',
} as const;
const LOCALES = { en: 'en-US', ja: 'ja-JP' } as const;

type Strings = Map<string, string>;

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

/** Every string of the library in one language, by its dotted key (the two files' keys do not overlap). */
function stringsOf(locale: string): Strings {
  return new Map(
    Object.values(STRING_FILES).flatMap((dir) =>
      flatten(JSON.parse(readFileSync(join(ACS, dir, locale, 'strings.json'), 'utf8'))),
    ),
  );
}
const acs = { en: stringsOf(LOCALES.en), ja: stringsOf(LOCALES.ja) };

/** The table keys whose strings are Microsoft's notice wording. */
const NOTICE_KEYS = ['recordingNoticeText', 'transcriptionNoticeText'] as const;

interface NamedString {
  key: string;
  text: string;
  /** The library's key, or null with `source` for wording from elsewhere. */
  acsKey: string | null;
  source: string | null;
}

/** The notice strings as src/services/teams.ts writes them, one per line with its key or source in a comment. */
function namedStrings(source: string): NamedString[] {
  const found: NamedString[] = [];
  let current: string | null = null;
  for (const line of source.split('\n')) {
    const open = /^ {2}(\w+): \[$/.exec(line);
    if (open) current = open[1] as string;
    else if (/^ {2}\],?$/.test(line)) current = null;
    const entry = /^ {4}(['"])(.*)\1,(?:\s*\/\/\s*(?:source: ([a-z0-9-]+)|([\w.]+)))?/.exec(line);
    if (current && (NOTICE_KEYS as readonly string[]).includes(current) && entry)
      found.push({
        key: current,
        text: (entry[2] as string).replace(/\\'/g, "'"),
        source: entry[3] ?? null,
        acsKey: entry[4] ?? null,
      });
  }
  return found;
}

const teamsSourceIds = (): Set<string> => {
  const sources = readFileSync(join(ROOT, 'docs', 'sources.md'), 'utf8');
  const section = sources.split(/^## /m).find((part) => part.startsWith('Microsoft Teams')) ?? '';
  return new Set([...section.matchAll(/^\| `?([a-z0-9-]+)`? \|/gm)].map((match) => match[1] as string));
};

/** Every notice string that names nothing, or does not equal its key's string; a key listed in one language only. */
function stringProblems(strings: readonly NamedString[]): string[] {
  const problems: string[] = [];
  const ids = teamsSourceIds();
  for (const { key, text, acsKey, source } of strings) {
    if (source) {
      if (!ids.has(source))
        problems.push(`${key}: ${text} (source ${source} is not a Teams source of docs/sources.md)`);
    } else if (!acsKey) problems.push(`${key}: ${text} (names no library key or source)`);
    else if (!acs.en.has(acsKey)) problems.push(`${key}: ${text} (${acsKey} is no key of the library)`);
    else if (acs.en.get(acsKey) !== text && acs.ja.get(acsKey) !== text)
      problems.push(`${key}: ${text} (not the whole string of ${acsKey})`);
  }
  for (const { key, acsKey } of strings) {
    if (!acsKey) continue;
    for (const name of ['en', 'ja'] as const) {
      const value = acs[name].get(acsKey);
      if (value !== undefined && !strings.some((other) => other.key === key && other.text === value))
        problems.push(`${key}: ${acsKey} lacks its ${name} string "${value}"`);
    }
  }
  return [...new Set(problems)];
}

const STRINGS = namedStrings(readFileSync(join(ROOT, 'src', 'services', 'teams.ts'), 'utf8'));

describe('teams notices against @azure/communication-react', () => {
  it(`reads the pinned library, ${ACS_VERSION}`, () => {
    const pkg = JSON.parse(readFileSync(join(ACS, 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.version).toBe(ACS_VERSION);
    expect(ours.devDependencies['@azure/communication-react']).toBe(ACS_VERSION);
    expect(acs.en.size).toBeGreaterThan(100);
    expect(acs.ja.size).toBeGreaterThan(100);
  });

  it('finds every notice string of the table on a line of teams.ts, and no other', () => {
    const inTable = NOTICE_KEYS.flatMap((key) => (teams.table[key] ?? []).map((text) => `${key}: ${text}`));
    expect(STRINGS.map(({ key, text }) => `${key}: ${text}`).sort()).toEqual(inTable.sort());
    expect(STRINGS.length).toBeGreaterThan(10);
  });

  it("each string equals its library key's en-US or ja-JP string, or cites a Teams source; both languages listed", () => {
    expect(stringProblems(STRINGS)).toEqual([]);
  });

  it('fails a string widened to a part of its string, changed, given an unknown key, or listed in one language', () => {
    const widen = (from: string, to: string) =>
      stringProblems(STRINGS.map((entry) => (entry.text === from ? { ...entry, text: to } : entry)));
    expect(widen('Recording has started.', 'started')).toEqual([
      'recordingNoticeText: started (not the whole string of notificationStack.recordingStarted.title)',
      'recordingNoticeText: notificationStack.recordingStarted.title lacks its en string "Recording has started."',
      'recordingNoticeText: call.complianceBannerRecordingStarted lacks its en string "Recording has started."',
    ]);
    expect(widen('今はこの会議の録画のみを行っています。', '録画')).toContain(
      'recordingNoticeText: 録画 (not the whole string of notificationStack.transcriptionStoppedStillRecording.message)',
    );
    expect(
      stringProblems([
        { key: 'recordingNoticeText', text: 'Recording has started.', acsKey: 'nope.key', source: null },
      ]),
    ).toContain('recordingNoticeText: Recording has started. (nope.key is no key of the library)');
    expect(
      stringProblems([
        { key: 'recordingNoticeText', text: 'Recording started.', acsKey: null, source: 'private-notes' },
      ]),
    ).toContain(
      'recordingNoticeText: Recording started. (source private-notes is not a Teams source of docs/sources.md)',
    );
    expect(stringProblems(STRINGS.filter((entry) => entry.text !== '文字起こしが開始しました。'))).toEqual([
      'transcriptionNoticeText: notificationStack.transcriptionStarted.title lacks its ja string "文字起こしが開始しました。"',
    ]);
  });
});
