import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, type Lang, t, WARNING_IDS, warningName } from '../i18n';
import { useApi } from '../load';
import { Figure, FilterForm, periodOf, Shown } from './common';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface OverviewData {
  figures: Record<
    | 'records'
    | 'warningsClass2'
    | 'classifiedMeetings'
    | 'confirmations'
    | 'outsideMeetings'
    | 'policyProblems'
    | 'installationsLast7Days'
    | 'installationsKnown',
    number
  >;
  warningsPerDay: { day: string; kind: string; n: number }[];
  byService: { service: string; n: number; meetings: number }[];
  byDepartment: { department: string; n: number; meetings: number }[];
  versions: { version: string; installations: number }[];
  policyProblems: { detail: string; n: number; installations: number }[];
}

/** Colours for the warning kinds, told apart without red/green alone (the table below the chart says it in words too). */
const COLOURS = [
  '#0b5cad',
  '#d9480f',
  '#5f3dc4',
  '#2b8a3e',
  '#c2255c',
  '#1098ad',
  '#e67700',
  '#495057',
  '#364fc7',
  '#a61e4d',
  '#087f5b',
  '#862e9c',
];

function PerDayChart({ lang, rows }: { lang: Lang; rows: OverviewData['warningsPerDay'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const days = [...new Set(rows.map((row) => row.day))].sort();
  const kinds = WARNING_IDS.filter((kind) => rows.some((row) => row.kind === kind));
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: days,
        datasets: kinds.map((kind, index) => ({
          label: warningName(lang, kind),
          data: days.map((day) => rows.find((row) => row.day === day && row.kind === kind)?.n ?? 0),
          backgroundColor: COLOURS[index % COLOURS.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  });
  if (!rows.length) return <p>{t(lang, 'none')}</p>;
  return (
    <>
      <div class="chart">
        <canvas ref={canvas} role="img" aria-label={t(lang, 'perDay')} />
      </div>
      <details>
        <summary>{t(lang, 'chartTable')}</summary>
        <table class="per-day">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'day')}</th>
              {kinds.map((kind) => (
                <th scope="col" key={kind}>
                  {warningName(lang, kind)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {kinds.map((kind) => (
                  <td key={kind} data-day={day} data-kind={kind}>
                    {rows.find((row) => row.day === day && row.kind === kind)?.n ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

export function Overview({ lang, query }: { lang: Lang; query: Record<string, string> }) {
  const period = periodOf(query);
  const loaded = useApi<OverviewData>('/overview', { ...period, department: query.department });
  const n = (value: number) => formatNumber(lang, value);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{t(lang, 'overview')}</h1>
      <FilterForm lang={lang} page="overview" query={query}>
        <label>
          {t(lang, 'department')}
          <input name="department" value={query.department ?? ''} />
        </label>
      </FilterForm>
      <Shown lang={lang} loaded={loaded}>
        {(data) => (
          <>
            <dl class="figures" data-period={`${period.from}..${period.to}`}>
              <Figure name="warningsClass2" label={t(lang, 'warningsClass2')} value={n(data.figures.warningsClass2)} />
              <Figure
                name="classifiedMeetings"
                label={t(lang, 'classifiedMeetings')}
                value={n(data.figures.classifiedMeetings)}
              />
              <Figure name="confirmations" label={t(lang, 'confirmations')} value={n(data.figures.confirmations)} />
              <Figure
                name="outsideMeetings"
                label={t(lang, 'outsideMeetings')}
                value={n(data.figures.outsideMeetings)}
              />
              <Figure
                name="installations"
                label={t(lang, 'installationsReporting')}
                value={`${n(data.figures.installationsLast7Days)} / ${n(data.figures.installationsKnown)}`}
              />
              <Figure name="policyProblems" label={t(lang, 'policyProblems')} value={n(data.figures.policyProblems)} />
            </dl>
            <h2>{t(lang, 'perDay')}</h2>
            <PerDayChart lang={lang} rows={data.warningsPerDay} />
            <div class="columns">
              <CountTable
                lang={lang}
                title={t(lang, 'byService')}
                name="service"
                rows={data.byService.map((row) => [row.service, row.n, row.meetings])}
              />
              <CountTable
                lang={lang}
                title={t(lang, 'byDepartment')}
                name="department"
                rows={data.byDepartment.map((row) => [
                  row.department || t(lang, 'unknownDepartment'),
                  row.n,
                  row.meetings,
                ])}
              />
            </div>
            <div class="columns">
              <section>
                <h2>{t(lang, 'versions')}</h2>
                <table data-table="versions">
                  <thead>
                    <tr>
                      <th scope="col">{t(lang, 'version')}</th>
                      <th scope="col">{t(lang, 'installation')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.versions.map((row) => (
                      <tr key={row.version}>
                        <td>{row.version}</td>
                        <td>{n(row.installations)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section>
                <h2>{t(lang, 'policyProblems')}</h2>
                {data.policyProblems.length ? (
                  <ul class="problems">
                    {data.policyProblems.map((row) => (
                      <li key={row.detail}>
                        <code>{row.detail}</code> — {n(row.n)} ({n(row.installations)} {t(lang, 'installation')})
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>{t(lang, 'none')}</p>
                )}
              </section>
            </div>
          </>
        )}
      </Shown>
    </section>
  );
}

function CountTable({
  lang,
  title,
  name,
  rows,
}: {
  lang: Lang;
  title: string;
  name: string;
  rows: [string, number, number][];
}) {
  return (
    <section>
      <h2>{title}</h2>
      {rows.length ? (
        <table data-table={name}>
          <thead>
            <tr>
              <th scope="col">{t(lang, name === 'service' ? 'service' : 'department')}</th>
              <th scope="col">{t(lang, 'warningsClass2')}</th>
              <th scope="col">{t(lang, 'meetings')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, count, meetings]) => (
              <tr key={label} data-row={label}>
                <th scope="row">{label}</th>
                <td>{formatNumber(lang, count)}</td>
                <td>{formatNumber(lang, meetings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t(lang, 'none')}</p>
      )}
    </section>
  );
}
