/**
 * "Never shown in a browser" is a vendor fact, so it needs a public source; everything else the page shows but we
 * cannot read is "not read yet" (issue 13). The popup words the two apart, so a wrong entry tells staff something
 * false about the service.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '../../../src/services';
import { SIGNAL_NAMES } from '../../../src/services/service';

const SOURCES = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'sources.md'), 'utf8');

/** The ids of docs/sources.md per section (`## <heading>`): the first cell of each table row, with or without backticks. */
function sourceIds(markdown: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading?.[1]) {
      current = new Set();
      sections.set(heading[1].trim(), current);
      continue;
    }
    const cell = /^\|\s*`?([a-z0-9][a-z0-9.-]*)`?\s*\|/.exec(line);
    if (current && cell?.[1] && cell[1] !== 'id' && cell[1] !== 'grade') current.add(cell[1]);
  }
  return sections;
}

const ids = sourceIds(SOURCES);
/** The section of docs/sources.md that belongs to a service: its heading names the service. */
const sectionOf = (name: string) => [...ids.entries()].find(([heading]) => heading.includes(name))?.[1];

describe('docs/sources.md as the never-shown test reads it', () => {
  it('finds ids in the sections, so an empty reading cannot pass everything', () => {
    expect(sectionOf('Microsoft Teams')?.has('acs-ui-library')).toBe(true);
    expect(sectionOf('Google Meet')?.has('google-meet-help-join')).toBe(true);
    expect(sourceIds('## X\n| id | source |\n|---|---|\n| `a-b` | y |\n| c | z |\n').get('X')).toEqual(
      new Set(['a-b', 'c']),
    );
  });
});

describe.each(services.map((service) => [service.id, service] as const))('%s never-shown facts', (_id, service) => {
  const neverShown = Object.entries(service.neverShown ?? {});

  it('names only signals the snapshot has', () => {
    for (const [signal] of neverShown) expect(SIGNAL_NAMES as readonly string[]).toContain(signal);
  });

  it('cites, for every never-shown signal, a source id listed in its own section of docs/sources.md', () => {
    const section = sectionOf(service.name);
    for (const [signal, source] of neverShown) {
      expect(section, `docs/sources.md has a section for ${service.name}`).toBeDefined();
      expect([...(section ?? [])], `${service.id}.neverShown.${signal} cites "${source}"`).toContain(source);
    }
  });

  it('lists recording or transcription as never shown only with a cited source, and never as not read yet too', () => {
    for (const signal of ['recording', 'transcription'] as const) {
      const source = service.neverShown?.[signal];
      if (source === undefined) continue;
      expect(sectionOf(service.name)?.has(source), `${service.id}.neverShown.${signal}: "${source}"`).toBe(true);
    }
    for (const [signal] of neverShown)
      expect(service.notReadYet ?? [], `${service.id}: ${signal} is either never shown or not read yet`).not.toContain(
        signal,
      );
  });
});
