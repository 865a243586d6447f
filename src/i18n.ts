/**
 * The UI's strings, from _locales (ja is the default locale). The extension's own pages read them
 * here rather than through browser.i18n, because the admin's policy `locale` may choose a language
 * other than the browser's.
 */
import en from '../_locales/en/messages.json';
import ja from '../_locales/ja/messages.json';
import type { LocaleSetting } from './policy/policy';

export type Locale = 'ja' | 'en';

const tables: Record<Locale, Record<string, { message: string }>> = { ja, en };

/** policy `locale`, else the browser's UI language; Japanese unless the browser is clearly not. */
export function pickLocale(setting: LocaleSetting, uiLanguage: string | undefined): Locale {
  if (setting !== 'auto') return setting;
  return uiLanguage && !uiLanguage.toLowerCase().startsWith('ja') ? 'en' : 'ja';
}

/** Keys may be written with the ids' hyphens; _locales keys cannot hold them. */
export function t(locale: Locale, key: string): string {
  const safeKey = key.replace(/-/g, '_');
  return tables[locale][safeKey]?.message ?? tables.ja[safeKey]?.message ?? key;
}

export type Translate = (key: string) => string;
export const translator =
  (locale: Locale): Translate =>
  (key) =>
    t(locale, key);
