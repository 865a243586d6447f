/** The content script's page reading: batched, change-only, safe when an adapter fails, aware of SPA moves. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeMeeting, READ_INTERVAL_MS } from '../../content/observe';
import type { MeetingService, Snapshot } from '../../src/services/service';
import { makeSnapshot } from './support';

const flushMutations = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeService(read: () => Snapshot | null): MeetingService {
  return { id: 'meet', name: 'Meet', matches: [], table: {}, read: vi.fn(read) };
}

describe('observeMeeting', () => {
  let controller: AbortController;
  beforeEach(() => {
    controller = new AbortController();
    document.body.replaceChildren();
    history.replaceState({}, '', '/abc-defg-hij');
  });
  afterEach(() => controller.abort());

  it('reads at once, then at most once per interval, and reports only changes', async () => {
    let recording: 'on' | 'unknown' = 'unknown';
    const service = fakeService(() => makeSnapshot({ signals: { recording } }));
    const onChange = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal);
    expect(onChange).toHaveBeenCalledTimes(1);

    for (let i = 0; i < 20; i++) document.body.append(document.createElement('div'));
    await flushMutations();
    await new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS + 50));
    expect(service.read).toHaveBeenCalledTimes(2); // twenty mutations, one read
    expect(onChange).toHaveBeenCalledTimes(1); // nothing changed: nothing sent

    recording = 'on';
    document.body.append(document.createElement('div'));
    await flushMutations();
    await new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS + 50));
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0].signals.recording).toBe('on');
  });

  it('keeps the last report when the adapter throws (a null snapshot would clear the warnings)', async () => {
    let fail = false;
    const service = fakeService(() => {
      if (fail) throw new Error('redesign');
      return makeSnapshot({ signals: { recording: 'on' } });
    });
    const onChange = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal);
    fail = true;
    document.body.append(document.createElement('div'));
    await flushMutations();
    await new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS + 50));
    expect(service.read).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('hands over when a single-page app moves to another address, and stops with its signal', async () => {
    const service = fakeService(() => null);
    const onNavigate = vi.fn();
    observeMeeting(service, {}, vi.fn(), onNavigate, controller.signal);
    history.pushState({}, '', '/landing');
    document.body.append(document.createElement('main'));
    await flushMutations();
    expect(onNavigate).toHaveBeenCalledTimes(1);

    controller.abort();
    document.body.append(document.createElement('div'));
    await flushMutations();
    await new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS + 50));
    expect(onNavigate).toHaveBeenCalledTimes(1);
    expect(service.read).toHaveBeenCalledTimes(1);
  });
});
