import { clauseTitle, formatNumber, type Lang, t } from '../i18n';
import { useApi } from '../load';
import { jstDate, routeHash } from '../route';
import { Shown } from './common';
import type { OverviewData } from './Overview';

interface WarningCount {
  n: number;
  nClass2: number;
  meetings: number;
  meetingsClass2: number;
}

interface MonthlyData {
  month: string;
  organization: string | null;
  figures: OverviewData['figures'];
  versions: OverviewData['versions'];
  policyProblems: OverviewData['policyProblems'];
  byDepartment: OverviewData['byDepartment'];
  warnings: Record<string, WarningCount>;
  confirmations: Record<string, number>;
  guardDecisions: Record<string, number>;
  classificationMarks: Record<string, number>;
  outside: { total: number; withApproval: number; withoutApproval: number };
}

type Text = [ja: string, en: string];
interface Clause {
  id: string;
  shows(data: MonthlyData, n: (value: number) => string): Text;
  cannot: Text;
}

const meetingsWith = (data: MonthlyData, kind: string) => data.warnings[kind]?.meetingsClass2 ?? 0;
const confirmed = (data: MonthlyData, id: string) => data.confirmations[id] ?? 0;

/** Clause by clause of (21): what the month's records show, and what no record can. */
const CLAUSES: Clause[] = [
  {
    id: '21-permitted',
    shows: (d, n) => [
      `許可外のサービスでの会議: ${n(d.warnings['unpermitted-service']?.meetings ?? 0)} 件。`,
      `Meetings on an unpermitted service: ${n(d.warnings['unpermitted-service']?.meetings ?? 0)}.`,
    ],
    cannot: ['拡張機能の入っていない端末やアプリでの会議。', 'Meetings on devices or apps without the extension.'],
  },
  {
    id: '21-4',
    shows: (d, n) => [
      `外部の会議: ${n(d.outside.total)} 件（承認番号あり ${n(d.outside.withApproval)} 件、なし ${n(d.outside.withoutApproval)} 件）。`,
      `Outside meetings: ${n(d.outside.total)} (${n(d.outside.withApproval)} with an approval number, ${n(d.outside.withoutApproval)} without).`,
    ],
    cannot: [
      '承認番号が正しいか、承認が本当に得られたか。',
      'Whether the approval number is right, or the approval was really given.',
    ],
  },
  {
    id: '21-no-e2e-breaking',
    shows: (d, n) => {
      const kinds = ['recording', 'transcription', 'translation', 'ai-notes', 'notetaker-bot'];
      const total = kinds.reduce((sum, kind) => sum + meetingsWith(d, kind), 0);
      const proceeded = d.guardDecisions.proceeded ?? 0;
      return [
        `機密性2以上で録画・文字起こし・翻訳・AI メモ・記録ボットの警告が出た会議: のべ ${n(total)} 件（${kinds.map((k) => `${k} ${n(meetingsWith(d, k))}`).join('、')}）。警告後に続行: ${n(proceeded)} 回。`,
        `Class 2+ meetings warned of recording, transcription, translation, AI notes or a notetaker: ${n(total)} in all (${kinds.map((k) => `${k} ${n(meetingsWith(d, k))}`).join(', ')}). Proceeded after the guard: ${n(proceeded)}.`,
      ];
    },
    cannot: [
      '画面に表示されない録画（OS の画面録画、別の端末での撮影）や、拡張機能が「要確認」としか読めなかった画面。',
      'Recording the page does not show (screen capture, a camera) and pages the extension could only read as unknown.',
    ],
  },
  {
    id: '21-e2ee',
    shows: (d, n) => [
      `機密性2以上で E2E 暗号化なしの会議: ${n(meetingsWith(d, 'no-e2ee'))} 件。`,
      `Class 2+ meetings without E2EE: ${n(meetingsWith(d, 'no-e2ee'))}.`,
    ],
    cannot: ['サービス側の暗号化の実装そのもの。', "The service's encryption itself."],
  },
  {
    id: '21-passcode',
    shows: (d, n) => [
      `パスコードなし: ${n(meetingsWith(d, 'no-passcode'))} 件、リンクにパスコード: ${n(meetingsWith(d, 'passcode-in-link'))} 件（機密性2以上）。`,
      `No passcode: ${n(meetingsWith(d, 'no-passcode'))}; passcode in the link: ${n(meetingsWith(d, 'passcode-in-link'))} (class 2+).`,
    ],
    cannot: ['パスコードの強さ。', "The passcode's strength."],
  },
  {
    id: '21-waiting-room',
    shows: (d, n) => [
      `待機室なし（機密性2以上）: ${n(meetingsWith(d, 'no-waiting-room'))} 件。`,
      `No waiting room (class 2+): ${n(meetingsWith(d, 'no-waiting-room'))}.`,
    ],
    cannot: ['入室させた人が確認済みだったか。', 'Whether the people admitted had been checked.'],
  },
  ...(['21-passcode-notify', '21-remove-suspicious', '21-device', '21-headphones', 'note-18'] as const).map(
    (id): Clause => ({
      id,
      shows: (d, n) => [
        `手動での確認: ${n(confirmed(d, id))} 回。`,
        `Confirmed by hand: ${n(confirmed(d, id))} times.`,
      ],
      cannot: [
        '確認した内容が事実か（本人の申告だけが記録されます）。',
        'Whether what was confirmed is true (only the person\u2019s own word is recorded).',
      ],
    }),
  ),
  {
    id: '21-up-to-date',
    shows: (d) => [
      `使用中の拡張機能のバージョン: ${d.versions.map((v) => `${v.version}（${v.installations} 台）`).join('、') || 'なし'}。`,
      `Extension versions in use: ${d.versions.map((v) => `${v.version} (${v.installations})`).join(', ') || 'none'}.`,
    ],
    cannot: [
      'ブラウザーや会議アプリが最新か（記録には含まれません）。',
      'Whether browsers and meeting apps are up to date (not in the records).',
    ],
  },
  {
    id: '21-2',
    shows: (d, n) => [
      `機密性2以上の会議: ${n(d.figures.classifiedMeetings)} 件。機密性の指定: ${
        Object.entries(d.classificationMarks)
          .map(([c, v]) => `機密性${c || '解除'} ${n(v)}`)
          .join('、') || 'なし'
      }。ポリシーの問題: ${n(d.figures.policyProblems)} 件。`,
      `Meetings at class 2+: ${n(d.figures.classifiedMeetings)}. Class marks: ${
        Object.entries(d.classificationMarks)
          .map(([c, v]) => `class ${c || 'cleared'} ${n(v)}`)
          .join(', ') || 'none'
      }. Policy problems: ${n(d.figures.policyProblems)}.`,
    ],
    cannot: [
      '記録を送っていない端末での利用、記録の送信を止めた端末（ブラウザーのプロファイルを完全に操作できる人は記録を消せます）。',
      'Use on browsers that send no records, or that stopped (a person in full control of a browser profile can remove records).',
    ],
  },
];

function previousMonth(now: Date): string {
  return jstDate(new Date(Date.parse(`${jstDate(now).slice(0, 7)}-01T00:00:00+09:00`) - 86_400_000)).slice(0, 7);
}

export function Monthly({ lang, query }: { lang: Lang; query: Record<string, string> }) {
  const month = query.month || previousMonth(new Date());
  const loaded = useApi<MonthlyData>('/monthly', { month });
  const n = (value: number) => formatNumber(lang, value);
  return (
    <section aria-labelledby="monthly-title" class="monthly">
      <h1 id="monthly-title">
        {t(lang, 'monthly')} {month}
      </h1>
      <form
        class="filters no-print"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('month');
          location.hash = routeHash('monthly', { month: typeof value === 'string' ? value : undefined });
        }}
      >
        <label>
          {t(lang, 'month')}
          <input type="month" name="month" value={month} />
        </label>
        <button type="submit">{t(lang, 'show')}</button>
        <button type="button" onClick={() => print()}>
          {t(lang, 'print')}
        </button>
      </form>
      <Shown lang={lang} loaded={loaded}>
        {(data) => (
          <>
            <p>
              {t(lang, 'organization')}: {data.organization ?? t(lang, 'allOrganizations')} · {t(lang, 'records')}:{' '}
              <span data-figure="records">{n(data.figures.records)}</span> · {t(lang, 'warningsClass2')}:{' '}
              <span data-figure="warningsClass2">{n(data.figures.warningsClass2)}</span> ·{' '}
              {t(lang, 'installationsReporting')}: {n(data.figures.installationsLast7Days)} /{' '}
              {n(data.figures.installationsKnown)}
            </p>
            <table class="clauses" data-table="clauses">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'clause')}</th>
                  <th scope="col">{t(lang, 'recordsShow')}</th>
                  <th scope="col">{t(lang, 'recordsCannotShow')}</th>
                </tr>
              </thead>
              <tbody>
                {CLAUSES.map((clause) => {
                  const [ja, en] = clause.shows(data, n);
                  return (
                    <tr key={clause.id} data-clause={clause.id}>
                      <th scope="row">
                        <code>{clause.id}</code> {clauseTitle(lang, clause.id)}
                      </th>
                      <td>{lang === 'ja' ? ja : en}</td>
                      <td>{clause.cannot[lang === 'ja' ? 0 : 1]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </Shown>
    </section>
  );
}
