/** Loads a saved meeting page from test/fixtures/<service>/ with its provenance header. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

export interface FixtureHeader {
  service: string;
  state: string;
  locale: string;
  phase: string;
  role: string;
  url: string;
  source: string;
}

const HEADER = /^<!-- meeting-guard fixture\n([\s\S]*?)-->/;

export function parseHeader(html: string): FixtureHeader | null {
  const body = HEADER.exec(html)?.[1];
  if (!body) return null;
  const field = (name: string) =>
    new RegExp(`\\b${name}:\\s*(\\S[^\\n]*?)(?=\\s{2,}\\w+:|\\n|$)`).exec(body)?.[1]?.trim();
  const source = /source:\s*([\s\S]*)$/.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
  const header = {
    service: field('service'),
    state: field('state'),
    locale: field('locale'),
    phase: field('phase'),
    role: field('role'),
    url: field('url'),
    source,
  };
  return Object.values(header).every(Boolean) ? (header as FixtureHeader) : null;
}

export function fixtureFiles(service: string): string[] {
  return readdirSync(join(FIXTURES_DIR, service)).filter((file) => file.endsWith('.html'));
}

export function loadFixture(service: string, file: string): { doc: Document; url: URL; header: FixtureHeader } {
  const html = readFileSync(join(FIXTURES_DIR, service, file), 'utf8');
  const header = parseHeader(html);
  if (!header) throw new Error(`${service}/${file}: missing or incomplete provenance header`);
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return { doc, url: new URL(header.url), header };
}

/** Every fixture file a test reads is recorded, so the structure test can check none is left unasserted. */
export const assertedFixtures = new Set<string>();
