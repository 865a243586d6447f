import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../_locales/en/messages.json';
import ja from '../../_locales/ja/messages.json';
import { PICKER_LABELS } from '../../background/report-handlers';
import { pickLocale, t } from '../../src/i18n';
import { CHECK_IDS, WARNING_IDS } from '../../src/ids';

const ROOT = join(import.meta.dirname, '..', '..');

describe('locales', () => {
  it('has the same keys in Japanese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const table of [ja, en])
      for (const [key, value] of Object.entries(table)) expect(value.message, key).toBeTruthy();
    // Chromium refuses to load an extension whose message names have anything else.
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('names every warning and checklist item in both languages', () => {
    for (const locale of ['ja', 'en'] as const) {
      for (const id of WARNING_IDS) {
        expect(t(locale, `warning_${id}_title`)).not.toBe(`warning_${id}_title`);
        expect(t(locale, `warning_${id}_advice`)).not.toBe(`warning_${id}_advice`);
      }
      for (const id of CHECK_IDS) {
        expect(t(locale, `check_${id}`)).not.toBe(`check_${id}`);
        expect(t(locale, `clause_${id}`)).not.toBe(`clause_${id}`);
      }
    }
  });

  it('names the guideline and its publisher where the banner and the guard dialog cite a clause', () => {
    expect(t('ja', 'clause')).toContain('総務省');
    expect(t('ja', 'clause')).toContain('6.1 (21)');
    expect(t('en', 'clause')).toContain('6.1 (21)');
  });

  it('has every key the UI code asks for', () => {
    const sources = [
      'popup/App.tsx',
      'popup/Report.tsx',
      'options/Options.tsx',
      'options/Rules.tsx',
      'background/tab-views.ts',
    ].map((file) => readFileSync(join(ROOT, file), 'utf8'));
    const literalKeys = sources.flatMap((source) =>
      [...source.matchAll(/\btr?\((?:locale, )?'([a-zA-Z_]+)'\)/g)].map((m) => m[1]),
    );
    expect(literalKeys.length).toBeGreaterThan(20);
    // The picker's words travel in the message that starts it (background/report-handlers.ts PICKER_LABELS).
    literalKeys.push(...PICKER_LABELS);
    for (const key of literalKeys) expect(ja, key).toHaveProperty(key as string);
  });

  it('speaks Japanese unless told or unless the browser is clearly not Japanese', () => {
    expect(pickLocale('auto', 'ja')).toBe('ja');
    expect(pickLocale('auto', undefined)).toBe('ja');
    expect(pickLocale('auto', 'en-US')).toBe('en');
    expect(pickLocale('ja', 'en-US')).toBe('ja');
    expect(pickLocale('en', 'ja')).toBe('en');
  });
});
