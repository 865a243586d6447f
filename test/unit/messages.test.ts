import { describe, expect, it } from 'vitest';
import {
  validateBackgroundMessage,
  validateBackgroundToUi,
  validateContentMessage,
  validatePopupMessage,
  validateSnapshot,
  validateTablesMessage,
  validateUiMessage,
} from '../../src/messages';
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
    ['adapter error without a service', { type: 'adapter-error' }],
    ['adapter error with a service id no service has', { type: 'adapter-error', service: 'Zoom <b>' }],
  ])('drops a message with %s', (_case, message) => {
    expect(validateContentMessage(message)).toBeNull();
  });

  it("takes a frame's lifetime messages without anything from the page about which frame or document", () => {
    expect(validateContentMessage({ type: 'frame-gone', frameId: 0, documentId: 'forged' })).toEqual({
      type: 'frame-gone',
    });
    expect(validateContentMessage({ type: 'adapter-error', service: 'zoom', tabId: 3 })).toEqual({
      type: 'adapter-error',
      service: 'zoom',
    });
    // The unread page's warning is dismissed like any other.
    expect(validateContentMessage({ type: 'dismiss-warning', warning: 'page-unreadable' })).toEqual({
      type: 'dismiss-warning',
      warning: 'page-unreadable',
    });
    // A content script carries no snapshot's unread mark: only background sets it.
    expect(validateSnapshot({ ...makeSnapshot(), unreadable: true })).not.toHaveProperty('unreadable');
  });

  it('bounds page text and strips control characters', () => {
    const long = `A\u0000B\u001b${'x'.repeat(1000)}`;
    const parsed = validateSnapshot({ ...makeSnapshot(), title: long, notetakers: Array(50).fill('Otter') });
    expect(parsed?.title).toHaveLength(300);
    expect(parsed?.title?.startsWith('A B ')).toBe(true);
    expect(parsed?.notetakers).toHaveLength(20);
  });

  // An emoji (a surrogate pair) across the cut would leave a lone high surrogate: PostgreSQL refuses the record.
  it('cuts page text at a code point and never keeps a lone surrogate', () => {
    const wellFormed = (text: string | null | undefined) => !/\p{Cs}/u.test(text ?? '');
    const title = `${'あ'.repeat(299)}😀 rest`;
    const parsed = validateSnapshot({
      ...makeSnapshot(),
      title,
      meetingId: `a\ud800b`,
      notetakers: [`${'x'.repeat(99)}😀`],
      evidence: { recording: { on: [{ key: 'recordingOn', match: `${'m'.repeat(199)}😀` }], off: [] } },
    });
    expect(parsed?.title).toBe('あ'.repeat(299));
    expect(parsed?.meetingId).toBe('a\ufffdb');
    expect(parsed?.notetakers).toEqual(['x'.repeat(99)]);
    expect(parsed?.evidence?.recording?.on[0]?.match).toBe('m'.repeat(199));
    const approval = validateUiMessage({ type: 'set-approval', tabId: 1, approval: `${'1'.repeat(99)}😀` });
    expect(approval).toEqual({ type: 'set-approval', tabId: 1, approval: '1'.repeat(99) });
    for (const text of [parsed?.title, parsed?.meetingId, ...(parsed?.notetakers ?? [])])
      expect(wellFormed(text)).toBe(true);
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

describe('messages from background', () => {
  const banner = {
    type: 'warnings',
    locale: 'ja',
    warnings: [
      {
        id: 'recording',
        clause: '21-no-e2e-breaking',
        clauseText: '録画しない',
        title: '録画中',
        advice: '止めてください',
      },
    ],
    dismissed: ['transcription'],
    labels: { heading: 'h', dismiss: 'd', procedure: 'p', clause: 'c', minimize: 'm' },
    procedureUrl: '',
    guard: { mode: 'confirm', sensitive: true },
    guardLabels: {
      confirmTitle: 'a',
      blockTitle: 'b',
      confirmBody: 'c',
      blockBody: 'd',
      proceed: 'e',
      cancel: 'f',
      close: 'g',
      clause: 'h',
      clauseText: 'i',
    },
    featureNames: { recording: '録画' },
  };

  it('accepts a complete banner message, field by field', () => {
    expect(validateBackgroundMessage(banner)).toEqual(banner);
    expect(validateBackgroundMessage({ ...banner, extra: 1 })).toEqual(banner);
  });

  it.each([
    ['a bad locale', { ...banner, locale: 'fr' }],
    ['an unknown warning', { ...banner, warnings: [{ ...banner.warnings[0], id: 'everything' }] }],
    ['a title that is not text', { ...banner, warnings: [{ ...banner.warnings[0], title: {} }] }],
    ['a missing clause text', { ...banner, warnings: [{ ...banner.warnings[0], clauseText: undefined }] }],
    ['a missing label', { ...banner, labels: { heading: 'h' } }],
    ['a bad guard mode', { ...banner, guard: { mode: 'maybe', sensitive: true } }],
    ['an unknown dismissed id', { ...banner, dismissed: ['x'] }],
    ['a feature name that is not text', { ...banner, featureNames: { recording: 1 } }],
  ])('drops a banner message with %s', (_case, message) => {
    expect(validateBackgroundMessage(message)).toBeNull();
  });

  it('accepts the pushes to open pages and nothing else', () => {
    expect(validateBackgroundToUi({ type: 'tab-view-changed', tabId: 4 })).toEqual({
      type: 'tab-view-changed',
      tabId: 4,
    });
    expect(validateBackgroundToUi({ type: 'records-changed' })).toEqual({ type: 'records-changed' });
    expect(validateBackgroundToUi({ type: 'tab-view-changed', tabId: '4' })).toBeNull();
    expect(validateBackgroundToUi({ type: 'other' })).toBeNull();
  });

  it('takes "always for this meeting" with a class mark only as true or false', () => {
    expect(validateUiMessage({ type: 'set-classification', tabId: 1, classification: 1, always: true })).toEqual({
      type: 'set-classification',
      tabId: 1,
      classification: 1,
      always: true,
    });
    expect(validateUiMessage({ type: 'set-classification', tabId: 1, classification: 1, always: 'yes' })).toBeNull();
  });

  it('bounds a page of records', () => {
    expect(validateUiMessage({ type: 'get-records', offset: 50, limit: 50 })).toEqual({
      type: 'get-records',
      offset: 50,
      limit: 50,
    });
    expect(validateUiMessage({ type: 'get-records', offset: -1, limit: 50 })).toBeNull();
    expect(validateUiMessage({ type: 'get-records', offset: 0, limit: 100_000 })).toBeNull();
    expect(validateUiMessage({ type: 'export-records' })).toEqual({ type: 'export-records' });
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

describe('tables pushed to running content scripts', () => {
  const tables = {
    type: 'tables',
    service: 'webex',
    overrides: { recordingOn: { add: ['.rec-badge'] }, recordingOnText: { replace: ['録画中'] } },
    notetakerNames: ['議事録AI'],
  };

  it('accepts the service, its overrides and the notetaker names', () => {
    expect(validateTablesMessage(tables)).toEqual(tables);
  });

  it.each([
    ['a key that is no table key', { ...tables, overrides: { '<x>': { add: ['a'] } } }],
    ['an entry that is not text', { ...tables, overrides: { recordingOn: { add: [1] } } }],
    ['names that are not text', { ...tables, notetakerNames: [null] }],
    ['no service', { ...tables, service: undefined }],
    ['a change that is neither add nor replace', { ...tables, overrides: { recordingOn: { remove: ['.rec'] } } }],
    ['a change that is no list', { ...tables, overrides: { recordingOn: { add: '.rec' } } }],
    ['an entry too long', { ...tables, overrides: { recordingOn: { add: ['x'.repeat(1001)] } } }],
    ['too many names', { ...tables, notetakerNames: Array(201).fill('bot') }],
  ])('drops a tables message with %s', (_case, message) => {
    expect(validateTablesMessage(message)).toBeNull();
  });
});
