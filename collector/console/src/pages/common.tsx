import type { ComponentChildren } from 'preact';
import { type Lang, t } from '../i18n';
import type { Loaded } from '../load';
import { jstDate, type Page, routeHash } from '../route';

/** The period of a page: the query's, or the last 30 days in Japan. */
export function periodOf(query: Record<string, string>, now = new Date()) {
  return { from: query.from || jstDate(now, 29), to: query.to || jstDate(now) };
}

export function Shown<T>({
  lang,
  loaded,
  children,
}: {
  lang: Lang;
  loaded: Loaded<T>;
  children(data: T): ComponentChildren;
}) {
  if (loaded.state === 'loading') return <p aria-busy="true">{t(lang, 'loading')}</p>;
  if (loaded.state === 'failed')
    return (
      <p role="alert" class="error">
        {t(lang, 'failed')}: {loaded.message}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

/** A filter form that writes its fields into the page's address (so the view can be bookmarked). */
export function FilterForm({
  lang,
  page,
  query,
  children,
}: {
  lang: Lang;
  page: Page;
  query: Record<string, string>;
  children?: ComponentChildren;
}) {
  const { from, to } = periodOf(query);
  return (
    <form
      class="filters"
      aria-label={lang === 'ja' ? '絞り込み' : 'Filter'}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const next: Record<string, string> = {};
        for (const [key, value] of data.entries())
          if (typeof value === 'string' && value.trim()) next[key] = value.trim();
        location.hash = routeHash(page, next);
      }}
    >
      <label>
        {t(lang, 'from')}
        <input type="date" name="from" value={from} />
      </label>
      <label>
        {t(lang, 'to')}
        <input type="date" name="to" value={to} />
      </label>
      {children}
      <button type="submit">{t(lang, 'show')}</button>
    </form>
  );
}

export function Figure({ label, value, name }: { label: string; value: string | number; name: string }) {
  return (
    <div class="figure" data-figure={name}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
