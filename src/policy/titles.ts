/** A policy key's name for people, from the schema's "日本語 / English" title. */
import type { Locale } from '../i18n';
import type { PolicyKey } from './policy';
import schema from './schema.json';

export function policyTitle(key: PolicyKey, locale: Locale): string {
  const [ja, en] = schema.properties[key].title.split(' / ');
  return (locale === 'en' ? en : ja) ?? key;
}
