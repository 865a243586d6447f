import { useState } from 'preact/hooks';
import { post, type Session } from '../api';
import { type Lang, t } from '../i18n';
import { useApi } from '../load';
import { FilterForm, periodOf, Shown } from './common';
import { RecordDetail, type RecordRow, RecordTable } from './Records';

/** The inbox of "判定が違う" reports (detection-report records) and, for admins, publishing one as a rule. */
export function Reports({ lang, query, viewer }: { lang: Lang; query: Record<string, string>; viewer: Session }) {
  const period = periodOf(query);
  const loaded = useApi<{ records: RecordRow[]; publishing: boolean }>('/reports', period);
  const [open, setOpen] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ done: boolean; text: string } | null>(null);
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t(lang, 'reports')}</h1>
      <FilterForm lang={lang} page="reports" query={query} />
      <Shown lang={lang} loaded={loaded}>
        {(data) => (
          <>
            <RecordTable lang={lang} rows={data.records} onOpen={setOpen} />
            {open && (
              <RecordDetail lang={lang} id={open} path="/reports" onClose={() => setOpen(null)}>
                {() =>
                  viewer.role !== 'admin' || viewer.organization !== null ? (
                    <p>{t(lang, 'adminOnly')}</p>
                  ) : !data.publishing ? (
                    <p data-publish="unavailable">{t(lang, 'publishUnavailable')}</p>
                  ) : (
                    <p>
                      <button
                        type="button"
                        onClick={async () => {
                          try {
                            await post(`/reports/${encodeURIComponent(open)}/publish`);
                            setOutcome({ done: true, text: t(lang, 'published') });
                          } catch (error) {
                            setOutcome({ done: false, text: (error as Error).message });
                          }
                        }}
                      >
                        {t(lang, 'publish')}
                      </button>
                      <span role="status" data-publish={outcome ? (outcome.done ? 'done' : 'failed') : undefined}>
                        {outcome?.text}
                      </span>
                    </p>
                  )
                }
              </RecordDetail>
            )}
          </>
        )}
      </Shown>
    </section>
  );
}
