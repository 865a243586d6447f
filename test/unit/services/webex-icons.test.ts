/**
 * The Webex adapter's icon entries against the public Momentum icon set (`@momentum-design/icons`, pinned in
 * package.json): each icon key names, by prefix, exactly the icons that show the feature running, and no icon of the
 * control that starts it. A widened prefix (`record-` would take the start and paused icons) fails. Grade I as
 * evidence (docs/sources.md `momentum-design-icon`): the names are the artefact's, where Webex shows them is ours.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webex } from '../../../src/services/webex';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ICONS = join(ROOT, 'node_modules', '@momentum-design', 'icons');
const ICONS_VERSION = '0.40.0';
const NAMES = readdirSync(join(ICONS, 'dist', 'svg'))
  .filter((file) => file.endsWith('.svg'))
  .map((file) => file.slice(0, -'.svg'.length));

/** The icon names each table key must match, all of them and nothing else (from the package's dist/svg). */
const EXPECTED: Record<string, string[]> = {
  recordingIcon: [
    'record-active-badge-filled',
    'record-active-bold',
    'record-active-filled',
    'record-active-light',
    'record-active-regular',
  ],
  captionsIcon: [
    'closed-caption-badge-bold',
    'closed-caption-badge-filled',
    'closed-caption-badge-light',
    'closed-caption-badge-regular',
  ],
  transcriptIcon: ['transcript-bold', 'transcript-filled', 'transcript-light', 'transcript-regular'],
  aiSummaryIcon: ['summarize-ai-bold', 'summarize-ai-light', 'summarize-ai-regular'],
};

/** The one name prefix a key's selectors share (`mdc-icon[name^="x"]`, `[prefix-icon^="x"]`, …). */
function prefixOf(key: string): string {
  const prefixes = new Set((webex.table[key] ?? []).map((selector) => /\^="([^"]+)"\]$/.exec(selector)?.[1]));
  expect([...prefixes], key).toHaveLength(1);
  const [prefix] = prefixes;
  if (!prefix) throw new Error(`${key}: no name prefix`);
  return prefix;
}

describe('webex icons against @momentum-design/icons', () => {
  it(`reads the pinned icon set, ${ICONS_VERSION}`, () => {
    const pkg = JSON.parse(readFileSync(join(ICONS, 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.version).toBe(ICONS_VERSION);
    expect(ours.devDependencies['@momentum-design/icons']).toBe(ICONS_VERSION);
    expect(NAMES.length).toBeGreaterThan(1000);
  });

  it.each(Object.entries(EXPECTED))('%s matches exactly the icons of the feature running', (key, expected) => {
    const prefix = prefixOf(key);
    expect(NAMES.filter((name) => name.startsWith(prefix)).sort()).toEqual(expected);
    // Every way a component names an icon is covered: mdc-icon's name, prefix-icon, postfix-icon, icon-name.
    expect(webex.table[key]).toEqual([
      `mdc-icon[name^="${prefix}"]`,
      `[prefix-icon^="${prefix}"]`,
      `[postfix-icon^="${prefix}"]`,
      `[icon-name^="${prefix}"]`,
    ]);
  });

  it('leaves out the start and paused recording icons and the plain captions icon', () => {
    const taken = Object.keys(EXPECTED).flatMap((key) => NAMES.filter((name) => name.startsWith(prefixOf(key))));
    for (const control of ['record-regular', 'record-bold', 'record-paused-bold', 'closed-caption-regular'])
      if (NAMES.includes(control)) expect(taken, control).not.toContain(control);
    expect(NAMES).toContain('record-regular');
  });
});
