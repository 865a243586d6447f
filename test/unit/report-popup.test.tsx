/**
 * The popup's report (popup/Report.tsx): the person sees what will be sent, cuts a part, and what is sent is the
 * cut report; without an endpoint it is saved; with reports off it says so.
 */
import { fireEvent, render, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Report, type ReportApi } from '../../popup/Report';
import { captureStructure, type DetectionReport } from '../../src/detection-report';
import { translator } from '../../src/i18n';
import type { RecordEntry } from '../../src/records';

function draftReport(): DetectionReport {
  document.body.innerHTML = `<div class="status-bar"><div role="status" aria-label="Recording">REC</div></div>
    <button aria-label="Leave">Leave</button>`;
  const frame = captureStructure(document);
  document.body.innerHTML = '';
  return { service: 'webex', signal: 'recording', problem: 'missed', note: '', frames: [frame] };
}

const record = { id: 'r-1', at: '', event: 'detection-report', version: '0', installation: 'i' } as RecordEntry;

function fakeApi(draft: Awaited<ReturnType<ReportApi['capture']>>) {
  return {
    capture: vi.fn(async () => draft),
    send: vi.fn(async () => ({ ok: true as const, record, delivery: 'endpoint' as const })),
    startPicker: vi.fn(async () => ({ ok: true })),
  };
}

describe('Report', () => {
  it('shows what goes, sends what is left after a cut', async () => {
    const api = fakeApi({ ok: true, report: draftReport(), endpoint: true, picker: true });
    const view = render(<Report tabId={7} api={api} tr={translator('en')} onClose={() => undefined} />);
    await waitFor(() => expect(view.container.querySelector('[data-report="form"]')).not.toBeNull());
    const preview = () => view.container.querySelector('.preview')?.textContent ?? '';
    expect(preview()).toContain('aria-label="Recording"');
    expect(preview()).toContain('Leave');
    // Cut the status bar (the body's first child).
    const cut = view.container.querySelector('[data-action="cut"][data-node-path="0.0"]');
    if (!cut) throw new Error('no cut button for the status bar');
    fireEvent.click(cut);
    expect(preview()).not.toContain('Recording');
    const send = view.container.querySelector('[data-action="send"]');
    if (!send) throw new Error('no send button');
    fireEvent.click(send);
    await waitFor(() => expect(view.container.querySelector('[data-report="sent"]')).not.toBeNull());
    const sent = (api.send.mock.calls as unknown as [number, DetectionReport][])[0]?.[1];
    expect(JSON.stringify(sent)).not.toContain('Recording');
    expect(JSON.stringify(sent)).toContain('Leave');
  });

  it('says so when the admin turned reports off', async () => {
    const api = fakeApi({ ok: false, reason: 'reports-off' });
    const view = render(<Report tabId={7} api={api} tr={translator('ja')} onClose={() => undefined} />);
    await waitFor(() => expect(view.container.querySelector('[data-report="off"]')).not.toBeNull());
    expect(view.container.textContent).toContain('無効');
  });

  it('offers to save a file when no endpoint is set', async () => {
    const api = fakeApi({ ok: true, report: draftReport(), endpoint: false, picker: false });
    const view = render(<Report tabId={7} api={api} tr={translator('en')} onClose={() => undefined} />);
    await waitFor(() => expect(view.container.querySelector('[data-action="save"]')).not.toBeNull());
    expect(view.container.querySelector('[data-action="pick"]')).toBeNull();
  });
});
