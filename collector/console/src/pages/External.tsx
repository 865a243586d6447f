import { formatTime, type Lang, t } from '../i18n';
import { useApi } from '../load';
import { Figure, FilterForm, periodOf, Shown } from './common';

interface OutsideMeeting {
  service: string;
  meetingId: string;
  title: string | null;
  organization: string | null;
  department: string | null;
  classification: number | null;
  firstAt: string;
  installations: number;
  approval: string | null;
}

/** Outside meetings joined (21-4): with and without the approval number the person recorded. */
export function External({ lang, query }: { lang: Lang; query: Record<string, string> }) {
  const period = periodOf(query);
  const loaded = useApi<{ meetings: OutsideMeeting[] }>('/external', { ...period, department: query.department });
  return (
    <section aria-labelledby="external-title">
      <h1 id="external-title">{t(lang, 'external')} (21-4)</h1>
      <FilterForm lang={lang} page="external" query={query}>
        <label>
          {t(lang, 'department')}
          <input name="department" value={query.department ?? ''} />
        </label>
      </FilterForm>
      <Shown lang={lang} loaded={loaded}>
        {({ meetings }) => {
          const without = meetings.filter((meeting) => !meeting.approval);
          return (
            <>
              <dl class="figures">
                <Figure name="outside" label={t(lang, 'outsideMeetings')} value={meetings.length} />
                <Figure name="withApproval" label={t(lang, 'withApproval')} value={meetings.length - without.length} />
                <Figure name="withoutApproval" label={t(lang, 'noApproval')} value={without.length} />
              </dl>
              {meetings.length ? (
                <table data-table="external">
                  <thead>
                    <tr>
                      <th scope="col">{t(lang, 'at')}</th>
                      <th scope="col">{t(lang, 'service')}</th>
                      <th scope="col">{t(lang, 'titleText')}</th>
                      <th scope="col">{t(lang, 'department')}</th>
                      <th scope="col">{t(lang, 'classification')}</th>
                      <th scope="col">{t(lang, 'approval')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {meetings.map((meeting) => (
                      <tr
                        key={`${meeting.service}:${meeting.meetingId}`}
                        data-approval={meeting.approval ? 'yes' : 'no'}
                      >
                        <td>{formatTime(lang, meeting.firstAt)}</td>
                        <td>{meeting.service}</td>
                        <td>{meeting.title ?? meeting.meetingId}</td>
                        <td>{meeting.department ?? ''}</td>
                        <td>{meeting.classification ?? ''}</td>
                        <td>{meeting.approval ?? <strong class="ng">{t(lang, 'noApproval')}</strong>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>{t(lang, 'none')}</p>
              )}
            </>
          );
        }}
      </Shown>
    </section>
  );
}
