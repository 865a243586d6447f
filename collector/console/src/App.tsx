import { useEffect, useState } from 'preact/hooks';
import { session as currentSession, type Session, signIn, signOut } from './api';
import { type Lang, t } from './i18n';
import { External } from './pages/External';
import { Fleet } from './pages/Fleet';
import { Monthly } from './pages/Monthly';
import { Overview } from './pages/Overview';
import { Records } from './pages/Records';
import { Reports } from './pages/Reports';
import { PAGES, routeHash, useRoute } from './route';

const initialLang = (): Lang => (localStorage.getItem('console-lang') === 'en' ? 'en' : 'ja');

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [viewer, setViewer] = useState<Session | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    currentSession().then(setViewer, () => setViewer(null));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
    localStorage.setItem('console-lang', lang);
  }, [lang]);

  const toggle = (
    <button type="button" class="lang" onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}>
      {t(lang, 'language')}
    </button>
  );
  if (viewer === undefined) return <main aria-busy="true">{t(lang, 'loading')}</main>;
  if (viewer === null) return <SignIn lang={lang} toggle={toggle} onSignedIn={setViewer} />;

  const page = route.page;
  return (
    <>
      <header class="top">
        <p class="brand">{t(lang, 'title')}</p>
        <nav aria-label={lang === 'ja' ? 'ページ' : 'Pages'}>
          <ul>
            {PAGES.map((name) => (
              <li key={name}>
                <a href={routeHash(name)} aria-current={name === page ? 'page' : undefined}>
                  {t(lang, name)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who" data-role={viewer.role} data-organization={viewer.organization ?? ''}>
          {t(lang, viewer.role)} · {viewer.organization ?? t(lang, 'allOrganizations')}
        </p>
        {toggle}
        <button
          type="button"
          onClick={async () => {
            await signOut();
            setViewer(null);
          }}
        >
          {t(lang, 'signOut')}
        </button>
      </header>
      <main id="main">
        {page === 'overview' && <Overview lang={lang} query={route.query} />}
        {page === 'records' && <Records lang={lang} query={route.query} />}
        {page === 'external' && <External lang={lang} query={route.query} />}
        {page === 'fleet' && <Fleet lang={lang} />}
        {page === 'reports' && <Reports lang={lang} query={route.query} viewer={viewer} />}
        {page === 'monthly' && <Monthly lang={lang} query={route.query} />}
      </main>
    </>
  );
}

function SignIn({
  lang,
  toggle,
  onSignedIn,
}: {
  lang: Lang;
  toggle: preact.JSX.Element;
  onSignedIn(s: Session): void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  return (
    <main class="sign-in">
      <h1>{t(lang, 'title')}</h1>
      {toggle}
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setError('');
          try {
            onSignedIn(await signIn(token));
          } catch {
            setError(t(lang, 'wrongToken'));
          }
        }}
      >
        <label for="token">{t(lang, 'token')}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          required
        />
        <button type="submit">{t(lang, 'signIn')}</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
