/**
 * The popup: the active tab's meeting, its class, the warnings and the (21) checklist. It takes its
 * API as a prop, so it renders in a unit test without a browser. DOM contract (docs/contracts.md):
 * data-check/data-status per item, data-warning per warning, radios name="classification".
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ChecklistItem } from '../src/checklist';
import { type Locale, type Translate, translator } from '../src/i18n';
import type { CheckStatus, WarningId } from '../src/ids';
import type { PopupTabResponse } from '../src/messages';
import type { Classification } from '../src/policy/policy';
import { policyTitle } from '../src/policy/titles';
import { RULES } from '../src/rules';
import type { SignalEvidence, Snapshot } from '../src/services/service';
import type { TabView } from '../src/view';
import type { PopupApi } from './api';
import { GuardCoverage } from './GuardCoverage';
import { replyOrder } from './latest';
import { Report } from './Report';

interface Props {
  tabId: number | undefined;
  api: PopupApi;
}

export function App({ tabId, api }: Props) {
  const [response, setResponse] = useState<PopupTabResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);

  const order = useMemo(replyOrder, []);
  const settle = useCallback((request: Promise<PopupTabResponse>, mayShow: () => boolean) => {
    request.then(
      (reply) => {
        if (mayShow()) setResponse(reply);
      },
      (reason: unknown) => {
        mayShow();
        setError(String(reason));
      },
    );
  }, []);
  /** A change the person made; its reply shows unless a later change was made meanwhile. */
  const run = useCallback((request: Promise<PopupTabResponse>) => settle(request, order.change()), [settle, order]);

  useEffect(() => {
    if (tabId === undefined) return;
    const read = (request: Promise<PopupTabResponse>) => settle(request, order.read());
    read(api.getTabView(tabId));
    // Background tells open pages when a tab's picture changes (a snapshot arrived, the policy changed).
    return api.onTabChanged((changedTabId) => {
      if (changedTabId === tabId) read(api.peekTabView(tabId));
    });
  }, [tabId, api, settle, order]);

  if (error) return <main class="error">{error}</main>;
  if (tabId === undefined || !response) return <main aria-busy="true" />;
  const tr = translator(response.locale);
  const { view } = response;
  if (reporting && api.report)
    return (
      <main lang={response.locale}>
        <Report tabId={tabId} api={api.report} tr={tr} onClose={() => setReporting(false)} />
      </main>
    );
  return (
    <main lang={response.locale}>
      <Header view={view} tr={tr} />
      {view.snapshot ? (
        <>
          {view.snapshot.unreadable && (
            <p class="page-unreadable" data-page-unreadable="true">
              {tr('pageUnreadable')}
            </p>
          )}
          <ClassPicker
            view={view}
            tr={tr}
            locale={response.locale}
            onChange={(value, always) =>
              run(always ? api.setClassification(tabId, value, true) : api.setClassification(tabId, value))
            }
          />
          <Warnings warnings={view.warnings} evidence={view.snapshot.evidence} tr={tr} />
          <GuardCoverage view={view} tr={tr} />
          {view.external && (
            <Approval view={view} tr={tr} onSave={(approval) => run(api.setApproval(tabId, approval))} />
          )}
          {view.unreadable.length > 0 && (
            <div class="unreadable" data-unreadable={view.unreadable.join(' ')}>
              <strong>{tr('heading_unreadable')}</strong>
              {view.notReadYet.length > 0 && (
                <p class="not-read" data-not-read={view.notReadYet.join(' ')}>
                  {tr('notReadYet_intro')}
                  {view.notReadYet.map((name) => tr(`signal_${name}`)).join('、')}
                </p>
              )}
              {view.neverShown.length > 0 && (
                <p class="never" data-never-shown={view.neverShown.join(' ')}>
                  {tr('neverShown_intro')}
                  {view.neverShown.map((name) => tr(`signal_${name}`)).join('、')}
                </p>
              )}
            </div>
          )}
          <Checklist items={view.checklist} tr={tr} onConfirm={(item, on) => run(api.confirmItem(tabId, item, on))} />
          {api.report && (
            <button type="button" class="report-open" data-action="report" onClick={() => setReporting(true)}>
              {tr('report_open')}
            </button>
          )}
        </>
      ) : (
        <p class="empty">{tr(response.onServiceSite ? 'notReady' : 'notMeeting')}</p>
      )}
      <Footer view={view} tr={tr} locale={response.locale} />
    </main>
  );
}

function Header({ view, tr }: { view: TabView; tr: Translate }) {
  const { snapshot } = view;
  return (
    <header>
      <h1>
        {tr('brand')}
        {view.organizationName && <span class="org"> — {view.organizationName}</span>}
      </h1>
      {snapshot && (
        <p class="meeting" data-service={snapshot.service} data-phase={snapshot.phase} data-role={snapshot.role}>
          <strong>{view.serviceName}</strong>
          {snapshot.title && <span class="title">「{snapshot.title}」</span>}
          {snapshot.meetingId && <span class="id">{snapshot.meetingId}</span>}
          {/* A page that could not be read has no phase or role to tell. */}
          {!snapshot.unreadable && <span class="tag">{tr(`phase_${snapshot.phase}`)}</span>}
          {!snapshot.unreadable && <span class="tag">{tr(`role_${snapshot.role}`)}</span>}
        </p>
      )}
    </header>
  );
}

function ClassPicker({
  view,
  tr,
  locale,
  onChange,
}: {
  view: TabView;
  tr: Translate;
  locale: Locale;
  onChange: (value: Classification | null, always?: boolean) => void;
}) {
  const resolved = view.classification;
  if (!resolved) return null;
  const since = resolved.since ? new Date(resolved.since) : null;
  return (
    <fieldset class="classification" data-source={resolved.source}>
      <legend>{tr('heading_class')}</legend>
      {([1, 2, 3] as const).map((level) => (
        <label key={level} class={level >= 2 ? 'sensitive' : ''}>
          <input
            type="radio"
            name="classification"
            value={String(level)}
            checked={resolved.value === level}
            onChange={() => (resolved.always ? onChange(level, true) : onChange(level))}
          />
          <span>{tr(`class_${level}`)}</span>
          <small>{tr(`class_hint_${level}`)}</small>
        </label>
      ))}
      <p class="source">
        {tr(`classSource_${resolved.source}`)}
        {since && !Number.isNaN(since.getTime()) && (
          <span class="since" data-since={resolved.since}>
            {' '}
            {tr('classSince')} {since.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB')}
          </span>
        )}
        {resolved.source === 'user' && (
          <button type="button" class="link" onClick={() => onChange(null)}>
            {tr('classReset')}
          </button>
        )}
      </p>
      {resolved.source === 'user' && (
        <label class="always">
          <input
            type="checkbox"
            name="classification-always"
            checked={resolved.always ?? false}
            onChange={(event) => onChange(resolved.value, (event.target as HTMLInputElement).checked)}
          />
          <span>{tr(resolved.always ? 'classAlwaysOn' : 'classAlways')}</span>
        </label>
      )}
    </fieldset>
  );
}

function Warnings({
  warnings,
  evidence,
  tr,
}: {
  warnings: WarningId[];
  evidence: Snapshot['evidence'];
  tr: Translate;
}) {
  return (
    <section class="warnings" aria-labelledby="warnings-heading">
      <h2 id="warnings-heading">
        {tr('heading_warnings')} <span class="count">{warnings.length}</span>
      </h2>
      {warnings.length === 0 ? (
        <p class="none">{tr('noWarnings')}</p>
      ) : (
        <ul>
          {warnings.map((id) => {
            const signal = RULES.find((rule) => rule.warning === id)?.signal;
            return (
              // The alert inside the item: a list item may not itself take role="alert" (axe aria-allowed-role, list).
              <li key={id} data-warning={id}>
                <div role="alert">
                  <strong>{tr(`warning_${id}_title`)}</strong>
                  <p>{tr(`warning_${id}_advice`)}</p>
                  {signal && evidence?.[signal] && <EvidenceDetails evidence={evidence[signal]} tr={tr} />}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Which table entry the reading rests on, on request: so a wrong answer can be traced and patched by policy. */
function EvidenceDetails({ evidence, tr }: { evidence: SignalEvidence; tr: Translate }) {
  const list = (items: SignalEvidence['on']) =>
    items.map((item) => (
      <li key={`${item.key}|${item.match}`}>
        <code>{item.match}</code> <small>({item.key})</small>
      </li>
    ));
  return (
    <details class="evidence" data-evidence-on={evidence.on.map((item) => item.key).join(' ')}>
      <summary>{tr('evidence_summary')}</summary>
      {evidence.on.length > 0 && evidence.off.length > 0 && <p class="conflict">{tr('evidence_conflict')}</p>}
      {evidence.on.length > 0 && (
        <>
          <p>{tr('evidence_on')}</p>
          <ul>{list(evidence.on)}</ul>
        </>
      )}
      {evidence.off.length > 0 && (
        <>
          <p>{tr('evidence_off')}</p>
          <ul>{list(evidence.off)}</ul>
        </>
      )}
    </details>
  );
}

const STATUS_ICON: Record<CheckStatus, string> = {
  ok: '✓',
  ng: '✗',
  unknown: '?',
  manual: '…',
  confirmed: '✓',
  na: '–',
};

function Checklist({
  items,
  tr,
  onConfirm,
}: {
  items: ChecklistItem[];
  tr: Translate;
  onConfirm: (item: ChecklistItem['id'], on: boolean) => void;
}) {
  return (
    <section class="checklist" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">{tr('heading_checklist')}</h2>
      <ul>
        {items.map((item) => (
          <li
            key={item.id}
            data-check={item.id}
            data-status={item.status}
            class={`status-${item.status}`}
            hidden={item.status === 'na' && item.audience === 'host'}
          >
            <span class="status" title={tr(`status_${item.status}`)}>
              <span aria-hidden="true">{STATUS_ICON[item.status]}</span> {tr(`status_${item.status}`)}
            </span>
            <div class="body">
              <span class="text">{tr(`check_${item.id}`)}</span>
              <details>
                <summary>
                  {tr('clauseShort')}: {item.id}
                </summary>
                <q lang="ja">{tr(`clause_${item.id}`)}</q>
              </details>
            </div>
            {item.confirmable && (
              <label class="confirm">
                <input
                  type="checkbox"
                  checked={item.status === 'confirmed'}
                  onChange={(event) => onConfirm(item.id, (event.currentTarget as HTMLInputElement).checked)}
                />
                {tr('confirm')}
              </label>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Approval({ view, tr, onSave }: { view: TabView; tr: Translate; onSave: (approval: string) => void }) {
  const [draft, setDraft] = useState(view.approval ?? '');
  return (
    <section class="approval" data-approval={view.approval ? 'recorded' : 'missing'}>
      <h2>{tr('heading_external')}</h2>
      <p>{tr('external_intro')}</p>
      {view.applicationUrl && (
        <p>
          <a href={view.applicationUrl} target="_blank" rel="noopener noreferrer">
            {tr('applicationLink')}
          </a>
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave(draft.trim());
        }}
      >
        <label>
          {view.approval ? tr('approval_recorded') : tr('approval_label')}
          <input
            name="approval"
            value={draft}
            maxLength={100}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
        </label>
        <button type="submit">{tr('approval_save')}</button>
      </form>
    </section>
  );
}

function Footer({ view, tr, locale }: { view: TabView; tr: Translate; locale: Locale }) {
  return (
    <footer>
      {view.lockedKeys.length > 0 && (
        <p class="locked" data-locked={view.lockedKeys.join(' ')}>
          🔒 {tr('locked_note')}: {view.lockedKeys.map((key) => policyTitle(key, locale)).join('、')}
        </p>
      )}
      {view.procedureUrl && (
        <a href={view.procedureUrl} target="_blank" rel="noopener noreferrer">
          {tr('procedureLink')}
        </a>
      )}
      <a href="../options/index.html" target="_blank" rel="noopener">
        {tr('options_title')}
      </a>
    </footer>
  );
}
