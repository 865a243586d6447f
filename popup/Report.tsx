/**
 * 「判定が違う・表示を教える」 (issue 20): the person says what is wrong, looks through exactly what will be
 * sent (the structural snapshot of the meeting frames, src/detection-report.ts), cuts what they do not want
 * to send, and sends it as a `detection-report` record (to the policy's reportEndpoint), or saves it as a
 * file when there is none. 「この表示を教える」 starts the picker on the page (where the policy allows it);
 * its proposal comes back attached to the report the next time the popup opens.
 * DOM contract: data-report="form|sent|off|none", data-action="report|send|save|pick|cut|cancel",
 * data-node-path on each node that can be cut, data-suggestion on the attached entry.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  cutNode,
  type DetectionReport,
  MAX_REPORT_BYTES,
  REPORT_PROBLEMS,
  reportBytes,
  type StructureNode,
} from '../src/detection-report';
import type { Translate } from '../src/i18n';
import type { ReportDraft, ReportSent } from '../src/messages';
import { overridesEntry } from '../src/picker';
import { SIGNAL_NAMES, type SignalName } from '../src/services/service';

export interface ReportApi {
  capture(tabId: number): Promise<ReportDraft>;
  send(tabId: number, report: DetectionReport): Promise<ReportSent>;
  startPicker(tabId: number, signal: SignalName): Promise<{ ok: boolean }>;
}

const REPORTABLE: readonly SignalName[] = SIGNAL_NAMES.filter((name) => name !== 'passcodeInLink');

export function Report({
  tabId,
  api,
  tr,
  onClose,
}: {
  tabId: number;
  api: ReportApi;
  tr: Translate;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<ReportDraft | null>(null);
  const [report, setReport] = useState<DetectionReport | null>(null);
  const [sent, setSent] = useState<ReportSent | null>(null);

  useEffect(() => {
    void api.capture(tabId).then((answer) => {
      setDraft(answer);
      if (answer.ok) setReport(answer.report);
    });
  }, [api, tabId]);

  if (!draft) return <section class="report" aria-busy="true" />;
  if (!draft.ok)
    return (
      <section class="report" data-report={draft.reason === 'reports-off' ? 'off' : 'none'}>
        <p>{tr(`report_${draft.reason.replace(/-/g, '_')}`)}</p>
        <button type="button" data-action="cancel" onClick={onClose}>
          {tr('report_close')}
        </button>
      </section>
    );
  if (sent?.ok)
    return (
      <section class="report" data-report="sent" data-record-id={sent.record.id}>
        <p>{tr(sent.delivery === 'endpoint' ? 'report_sent' : 'report_saved')}</p>
        <button type="button" data-action="cancel" onClick={onClose}>
          {tr('report_close')}
        </button>
      </section>
    );
  if (!report) return null;
  const bytes = reportBytes(report);
  const tooLarge = bytes > MAX_REPORT_BYTES;

  const submit = async () => {
    // A report background refused as a message (it checks it again) answers nothing: say so.
    const answer: ReportSent = (await api.send(tabId, report).catch(() => undefined)) ?? {
      ok: false,
      reason: 'invalid',
    };
    setSent(answer);
    if (answer.ok && answer.delivery === 'file') saveFile(answer.record);
  };

  return (
    <section class="report" data-report="form">
      <h2>{tr('report_heading')}</h2>
      <label>
        {tr('report_signal')}{' '}
        <select
          name="report-signal"
          value={report.signal}
          onChange={(event) => setReport({ ...report, signal: event.currentTarget.value as SignalName })}
        >
          {REPORTABLE.map((name) => (
            <option value={name} key={name}>
              {tr(`signal_${name}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        {REPORT_PROBLEMS.map((problem) => (
          <label key={problem}>
            <input
              type="radio"
              name="report-problem"
              value={problem}
              checked={report.problem === problem}
              onChange={() => setReport({ ...report, problem })}
            />
            {tr(`report_problem_${problem.replace(/-/g, '_')}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {tr('report_note')}
        <textarea
          name="report-note"
          maxLength={500}
          value={report.note}
          onInput={(event) => setReport({ ...report, note: event.currentTarget.value })}
        />
      </label>
      {report.suggestion ? (
        <div class="suggestion" data-suggestion={`${report.suggestion.key}=${report.suggestion.value}`}>
          <strong>{tr('report_suggestion')}</strong>
          <pre>{JSON.stringify({ selectorOverrides: overridesEntry(report.suggestion) }, null, 1)}</pre>
          <button
            type="button"
            data-action="copy"
            onClick={() =>
              report.suggestion &&
              void navigator.clipboard?.writeText(
                JSON.stringify({ selectorOverrides: overridesEntry(report.suggestion) }, null, 1),
              )
            }
          >
            {tr('picker_copy')}
          </button>
        </div>
      ) : (
        draft.picker && (
          <button
            type="button"
            data-action="pick"
            onClick={() =>
              void api.startPicker(tabId, report.signal).then(({ ok }) => {
                // The person now points at the page; the popup would be in the way.
                if (ok) window.close();
              })
            }
          >
            {tr('report_pick')}
          </button>
        )
      )}
      <p class="what">{tr('report_what')}</p>
      <details class="preview" open>
        <summary>
          {tr('report_preview')} ({Math.ceil(bytes / 1024)} KB)
        </summary>
        {report.frames.map((frame, index) => (
          <div class="frame" key={`${index}-${frame.address}`}>
            <button
              type="button"
              data-action="cut"
              data-node-path={String(index)}
              onClick={() => setReport(cutNode(report, [index]))}
            >
              ✂
            </button>
            <code>{frame.address}</code>
            <Tree node={frame.root} path={[index]} onCut={(path) => setReport(cutNode(report, path))} />
          </div>
        ))}
      </details>
      {tooLarge && <p class="too-large">{tr('report_too_large')}</p>}
      <div class="actions">
        <button
          type="button"
          data-action={draft.endpoint ? 'send' : 'save'}
          disabled={tooLarge}
          onClick={() => void submit()}
        >
          {tr(draft.endpoint ? 'report_send' : 'report_save')}
        </button>
        <button type="button" data-action="cancel" onClick={onClose}>
          {tr('report_cancel')}
        </button>
      </div>
      {sent && !sent.ok && <p class="error">{tr('report_failed')}</p>}
    </section>
  );
}

/** One element of the snapshot, as text only (page text is never HTML here). */
function Tree({ node, path, onCut }: { node: StructureNode; path: number[]; onCut: (path: number[]) => void }) {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  return (
    <ul>
      <li>
        {path.length > 1 && (
          <button
            type="button"
            class="cut"
            data-action="cut"
            data-node-path={path.join('.')}
            onClick={() => onCut(path)}
          >
            ✂
          </button>
        )}
        <code>
          &lt;{node.tag}
          {attrs && ` ${attrs}`}&gt;
        </code>
        {node.private && <em class="private"> [{node.private}]</em>}
        {node.text && <span class="text"> {node.text}</span>}
        {node.omitted ? <em> (+{node.omitted})</em> : null}
        {node.children?.map((child, index) => (
          <Tree key={index} node={child} path={[...path, index]} onCut={onCut} />
        ))}
      </li>
    </ul>
  );
}

/** No endpoint: the record goes home as a file the person hands to IT (it also stays in the browser's record). */
function saveFile(record: unknown): void {
  const blob = new Blob([`${JSON.stringify(record, null, 1)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'meeting-guard-detection-report.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
