import { describe, expect, it } from 'vitest';
import { validateContentMessage, validatePopupMessage, validateSnapshot } from '../../src/messages';
import { makeSnapshot } from './support';

describe('messages from content scripts', () => {
  it('accepts a well-formed snapshot and a null one', () => {
    const snapshot = makeSnapshot({ title: '週次定例', notetakers: ['Otter.ai'] });
    expect(validateContentMessage({ type: 'snapshot', snapshot })).toEqual({ type: 'snapshot', snapshot });
    expect(validateContentMessage({ type: 'snapshot', snapshot: null })).toEqual({ type: 'snapshot', snapshot: null });
  });

  it.each([
    ['not an object', 'snapshot'],
    ['unknown type', { type: 'delete-everything' }],
    [
      'bad signal value',
      { type: 'snapshot', snapshot: { ...makeSnapshot(), signals: { ...makeSnapshot().signals, recording: 'maybe' } } },
    ],
    ['missing signal', { type: 'snapshot', snapshot: { ...makeSnapshot(), signals: { recording: 'on' } } }],
    ['bad phase', { type: 'snapshot', snapshot: { ...makeSnapshot(), phase: 'after' } }],
    ['bad service id', { type: 'snapshot', snapshot: { ...makeSnapshot(), service: '<img src=x>' } }],
    ['title not text', { type: 'snapshot', snapshot: { ...makeSnapshot(), title: { toString: 1 } } }],
    ['unknown warning', { type: 'dismiss-warning', warning: 'everything' }],
    ['bad decision', { type: 'guard-decision', warning: 'recording', decision: 'maybe' }],
  ])('drops a message with %s', (_case, message) => {
    expect(validateContentMessage(message)).toBeNull();
  });

  it('bounds page text and strips control characters', () => {
    const long = `A\u0000B\u001b${'x'.repeat(1000)}`;
    const parsed = validateSnapshot({ ...makeSnapshot(), title: long, notetakers: Array(50).fill('Otter') });
    expect(parsed?.title).toHaveLength(300);
    expect(parsed?.title?.startsWith('A B ')).toBe(true);
    expect(parsed?.notetakers).toHaveLength(20);
  });
});

describe('messages from the popup and options page', () => {
  it('accepts the known requests', () => {
    expect(validatePopupMessage({ type: 'get-tab-view', tabId: 3 })).toEqual({ type: 'get-tab-view', tabId: 3 });
    expect(validatePopupMessage({ type: 'set-classification', tabId: 3, classification: null })).not.toBeNull();
    expect(
      validatePopupMessage({ type: 'confirm-item', tabId: 3, item: '21-headphones', confirmed: true }),
    ).not.toBeNull();
    expect(validatePopupMessage({ type: 'get-options-view' })).toEqual({ type: 'get-options-view' });
  });

  it.each([
    [{ type: 'get-tab-view', tabId: -1 }],
    [{ type: 'get-tab-view', tabId: '3' }],
    [{ type: 'set-classification', tabId: 3, classification: 4 }],
    [{ type: 'confirm-item', tabId: 3, item: 'made-up', confirmed: true }],
    [{ type: 'confirm-item', tabId: 3, item: '21-headphones', confirmed: 'yes' }],
    [null],
  ])('drops %j', (message) => {
    expect(validatePopupMessage(message)).toBeNull();
  });
});

describe('snapshot evidence', () => {
  const evidence = { recording: { on: [{ key: 'recordingOnText', match: 'being recorded' }], off: [] } };

  it('keeps valid evidence, bounded', () => {
    const long = 'x'.repeat(1000);
    const parsed = validateSnapshot({
      ...makeSnapshot(),
      evidence: { ...evidence, transcription: { on: [{ key: 'captionBox', match: long }], off: [] } },
    });
    expect(parsed?.evidence?.recording).toEqual(evidence.recording);
    expect(parsed?.evidence?.transcription?.on[0]?.match).toHaveLength(200);
  });

  it.each([
    [{ notASignal: { on: [], off: [] } }],
    [{ recording: { on: 'x', off: [] } }],
    [{ recording: { on: [{ key: '<img onerror=x>', match: 'a' }], off: [] } }],
    [{ recording: { on: [{ key: 'ok', match: 42 }], off: [] } }],
    [[]],
  ])('drops a snapshot with malformed evidence %j', (bad) => {
    expect(validateSnapshot({ ...makeSnapshot(), evidence: bad })).toBeNull();
  });
});
