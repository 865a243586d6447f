/**
 * The Jitsi adapter's table against Jitsi's own artefact, by meaning: `@jitsi/react-native-sdk` (pinned in
 * package.json) ships jitsi-meet's web components and its language files. docs/sources.md ("Jitsi table entries and
 * their artefact") names, for every table entry, the language keys and the files that show it; this test holds each
 * entry to that claim. A text entry must EQUAL the English or Japanese string of a named key (a part of one fails);
 * each class, id and attribute value of a selector must be rendered by a named file, a class suffix `-<rule>` by a
 * style rule of that name; the row's state must stand in its first file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Selector } from 'css-what';
import { describe, expect, it } from 'vitest';
import { jitsi } from '../../../src/services/jitsi';
import { isTextKey, type SelectorTable } from '../../../src/services/service';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SDK = join(ROOT, 'node_modules', '@jitsi', 'react-native-sdk');
const SDK_VERSION = '13.2.0';
const FEATURES = join(SDK, 'react', 'features');

type Strings = Record<string, unknown>;
const LANG = {
  en: JSON.parse(readFileSync(join(SDK, 'lang', 'main.json'), 'utf8')) as Strings,
  ja: JSON.parse(readFileSync(join(SDK, 'lang', 'main-ja.json'), 'utf8')) as Strings,
};

/** The string of a dotted key in one language, `$t(other)` references resolved as i18next does; undefined if absent. */
function stringOf(lang: Strings, key: string, depth = 0): string | undefined {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Strings | undefined)?.[part], lang);
  if (typeof value !== 'string' || depth > 3) return undefined;
  return value.replace(/\$t\(([^)]+)\)/g, (_, inner: string) => stringOf(lang, inner, depth + 1) ?? `$t(${inner})`);
}
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Row {
  key: string;
  entry: string;
  keys: string[];
  files: string[];
  older: boolean;
  state: string | null;
}

const cell = (text: string) => text.trim().replace(/^`+ ?| ?`+$/g, '');

/** The rows of docs/sources.md's Jitsi evidence table. */
function rows(): Row[] {
  const docs = readFileSync(join(ROOT, 'docs', 'sources.md'), 'utf8');
  const section = docs.split('### Jitsi table entries and their artefact')[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [key = '', entry = '', artefact = '', state = ''] = line.slice(1, -1).split(' | ');
      const parts = artefact.split(', ').map((part) => part.trim());
      return {
        key: cell(key),
        entry: cell(entry),
        keys: parts.filter((part) => !part.includes('/') && !part.startsWith('older')),
        files: parts.filter((part) => /^[\w/.-]+\.(tsx?|js)$/.test(part)),
        older: artefact.startsWith('older release'),
        state: cell(state) === '—' ? null : cell(state),
      };
    });
}

const source = (file: string) => readFileSync(join(FEATURES, file), 'utf8');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeName = (name: string, text: string) => new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`).test(text);

/** HTML/ARIA semantics, not Jitsi's: their names and values need no artefact. */
const GENERIC = new Set(['role', 'type']);

/** Every way the row's artefact fails to show one entry (empty: the row holds). */
function problems(row: Row): string[] {
  const found: string[] = [];
  const texts = row.files.map(source);
  if (row.state && !texts[0]?.includes(row.state)) found.push(`state not in ${row.files[0]}: ${row.state}`);
  for (const key of row.keys)
    if (stringOf(LANG.en, key) === undefined) found.push(`no language key ${key} in lang/main.json`);
  const strings = row.keys.flatMap((key) =>
    [stringOf(LANG.en, key), stringOf(LANG.ja, key)].filter((s): s is string => s !== undefined).map(normalize),
  );
  const rendered = (name: string) => texts.some((text) => wholeName(name, text));
  const quoted = (value: string) => texts.some((text) => ["'", '"', '`'].some((q) => text.includes(q + value)));

  if (isTextKey(row.key)) {
    // A UI string equals a named key's string; a code literal (no key named) is quoted in a named file.
    if (row.keys.length ? !strings.includes(normalize(row.entry)) : !quoted(row.entry))
      found.push(`text not equal to ${row.keys.join(' / ') || 'a literal of the files'}`);
    return found;
  }
  const walk = (groups: Selector[][]) => {
    for (const part of groups.flat()) {
      if (part.type === 'pseudo' && Array.isArray(part.data)) walk(part.data);
      if (part.type !== 'attribute' || GENERIC.has(part.name)) continue;
      const { name, action, value } = part;
      if (name === 'class' && action === 'element') {
        if (!rendered(value)) found.push(`class ${value} rendered by none of the files`);
      } else if (name === 'id' && action === 'equals') {
        if (!rendered(value)) found.push(`id ${value} rendered by none of the files`);
      } else if (name === 'class') {
        // tss-react: the merged class ends with `-<rule>-<rule>…`; each rule is one the files define or apply.
        for (const rule of value.trim().replace(/^-/, '').split('-'))
          if (
            !texts.some((text) =>
              new RegExp(`(^|\\s)${rule}: \\{|classes\\.${rule}\\b|COLORS\\.${rule}\\b`, 'm').test(text),
            )
          )
            found.push(`style rule ${rule} in none of the files`);
      } else if (name === 'aria-label' && action === 'exists') {
        // any label: the state names who sets it
      } else if (name === 'aria-label') {
        if (!strings.includes(normalize(value))) found.push(`aria-label "${value}" is no named key's string`);
      } else if (name === 'data-testid') {
        const byKey = row.keys.includes(value) && row.state !== null;
        if (!quoted(value) && !byKey) found.push(`data-testid ${value} set by none of the files`);
      } else if (!(action === 'start' ? texts.some((text) => text.includes(value)) : quoted(value))) {
        found.push(`[${name}] ${value} in none of the files`);
      }
    }
  };
  walk(parse(row.entry));
  return found;
}

const ROWS = rows();
const entries = (table: SelectorTable) =>
  Object.entries(table).flatMap(([key, list]) => list.map((entry) => ({ key, entry })));

describe('jitsi table against @jitsi/react-native-sdk', () => {
  it(`reads the pinned package, ${SDK_VERSION}, which ships the web components`, () => {
    const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.version).toBe(SDK_VERSION);
    expect(ours.devDependencies['@jitsi/react-native-sdk']).toBe(SDK_VERSION);
    expect(source('recording/components/web/RecordingLabel.tsx')).toContain('class RecordingLabel');
  });

  it('names the artefact of every table entry in docs/sources.md, and of nothing else', () => {
    const named = ROWS.map((row) => `${row.key}: ${row.entry}`);
    const table = entries(jitsi.table).map(({ key, entry }) => `${key}: ${entry}`);
    expect(table.filter((entry) => !named.includes(entry))).toEqual([]);
    expect(named.filter((entry) => !table.includes(entry))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });

  it('holds every entry to its artefact: texts equal a key, selectors rendered by the files named', () => {
    const failing = ROWS.filter((row) => !row.older).flatMap((row) =>
      problems(row).map((problem) => `${row.key}: ${row.entry} — ${problem}`),
    );
    expect(failing).toEqual([]);
  });

  it('keeps older-release entries only while 13.2.0 has really dropped them', () => {
    const older = ROWS.filter((row) => row.older);
    expect(older.map((row) => row.key)).toEqual(['guardTranscription', 'participantsPane']);
    const all = [
      'chat/components/web/ClosedCaptionsTab.tsx',
      'participants-pane/components/web/ParticipantsPane.tsx',
    ].map(source);
    expect(all.some((text) => text.includes('Start Closed Captions') || text.includes('participants_pane'))).toBe(
      false,
    );
  });

  it('ties each header label to the one component that renders it', () => {
    // Only E2EELabel passes the green colour; only RecordingLabel / TranscribingLabel define `record` / `transcribing`.
    const label = (file: string) => source(file);
    expect(label('e2ee/components/E2EELabel.tsx')).toContain('color = { COLORS.green }');
    for (const file of [
      'video-quality/components/VideoQualityLabel.web.tsx',
      'conference/components/web/InsecureRoomNameLabel.tsx',
    ])
      expect(label(file)).not.toContain('COLORS.green');
    expect(label('recording/components/web/RecordingLabel.tsx')).toContain('className = { classes.record }');
    expect(label('recording/components/web/TranscribingLabel.tsx')).toContain('className = { classes.transcribing }');
  });
});

describe('the evidence check itself', () => {
  const row = (key: string, entry: string) => {
    const found = ROWS.find((r) => r.key === key && r.entry === entry);
    if (!found) throw new Error(`no row ${key}: ${entry}`);
    return found;
  };

  it('fails a widened string: a part of a key is no key', () => {
    const stop = row('stopRecordingLabel', 'Stop recording');
    expect(problems(stop)).toEqual([]);
    expect(problems({ ...stop, entry: 'Stop' })).not.toEqual([]);
    const warning = row('e2eeNotEveryoneText', jitsi.table.e2eeNotEveryoneText?.[1] as string);
    expect(problems({ ...warning, entry: 'Not all participants in this meeting' })).not.toEqual([]);
  });

  it('fails a swapped selector: a class or id of another component, or a rule the component has not', () => {
    expect(problems({ ...row('e2eeSwitch', '#e2ee-section-switch'), entry: '#lobby-section-switch' })).not.toEqual([]);
    const recording = row('recordingIndicator', '.details-container [class$="-record"]');
    expect(problems({ ...recording, entry: '.details-container [class$="-transcribing"]' })).not.toEqual([]);
    expect(problems({ ...recording, state: 'if (_status === JitsiRecordingConstants.status.OFF) {' })).not.toEqual([]);
  });
});
