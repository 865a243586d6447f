/**
 * The shared reading helpers (src/services/read.ts) where a wrong answer would become a false 'off' or a false
 * 'on' in every adapter (issue 14): empty lists and empty strings never match, text and labels are compared after
 * folding white space and case, the first alternative that matches is the one named as evidence.
 */
import { describe, expect, it } from 'vitest';
import {
  breaking,
  controlState,
  is,
  isNamedControl,
  labelOf,
  normalizeText,
  PageReader,
  query,
  queryAll,
  safeguard,
  signalsFrom,
  UNREAD,
} from '../../src/services/read';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('empty lists and empty strings never match', () => {
  const doc = parse(`<div role="status">Recording</div><button aria-label="Stop recording" title="t">x</button>`);

  it('a text key of only empty or blank strings finds nothing, even in a page full of text', () => {
    for (const needles of [[], [''], [' '], ['\n\t'], ['', '   ']]) {
      const reader = new PageReader(doc, { scopes: ['body', 'div'], onText: needles });
      expect(reader.text('scopes', 'onText'), JSON.stringify(needles)).toBeNull();
    }
  });

  it('a label key of only empty strings finds nothing, even on labelled elements', () => {
    for (const needles of [[], [''], ['  ']]) {
      const reader = new PageReader(doc, { buttons: ['button'], onLabel: needles });
      expect(reader.label('buttons', 'onLabel'), JSON.stringify(needles)).toBeNull();
      expect(reader.labelled('buttons', 'onLabel')).toEqual([]);
    }
  });

  it('no scopes, or scopes that match nothing, find no text and no label', () => {
    for (const scopes of [[], ['#nothing-here']]) {
      const reader = new PageReader(doc, { scopes, onText: ['Recording'], onLabel: ['Stop recording'] });
      expect(reader.text('scopes', 'onText')).toBeNull();
      expect(reader.label('scopes', 'onLabel')).toBeNull();
      expect(reader.text('missingKey', 'onText')).toBeNull();
    }
  });

  it('an empty selector list, or a missing key, matches no element', () => {
    const reader = new PageReader(doc, { none: [] });
    expect(reader.element('none')).toBeNull();
    expect(reader.all('none')).toEqual([]);
    expect(reader.element('missing')).toBeNull();
    expect(query(doc, undefined)).toBeNull();
    expect(queryAll(doc, undefined)).toEqual([]);
    expect(is(doc.body, [])).toBe(false);
    expect(is(doc.body, undefined)).toBe(false);
  });

  it('a missing or empty text key finds nothing even on a page that shows "undefined" (a half-rendered page)', () => {
    const broken = parse('<div role="status">undefined</div><button aria-label="undefined"></button>');
    const reader = new PageReader(broken, { scopes: ['div'], buttons: ['button'], blankText: [''], blankLabel: [' '] });
    expect(reader.text('scopes', 'missingText')).toBeNull();
    expect(reader.text('scopes', 'blankText')).toBeNull();
    expect(reader.label('buttons', 'missingLabel')).toBeNull();
    expect(reader.labelled('buttons', 'blankLabel')).toEqual([]);
  });

  it('an element with an empty label never carries a label', () => {
    const blank = parse('<button aria-label="">Stop recording</button><button title="   ">Stop</button>');
    const reader = new PageReader(blank, { buttons: ['button'], onLabel: ['stop recording', 'stop'] });
    expect(reader.label('buttons', 'onLabel')).toBeNull();
  });
});

describe('text: where and how it is found', () => {
  const doc = parse(`
    <div role="dialog"><p>This meeting is
       being   RECORDED</p></div>
    <div role="status">Transcription has started</div>
    <div role="alert">nothing</div>`);

  it('finds a needle across line breaks, runs of spaces and case', () => {
    const reader = new PageReader(doc, { dialogs: ['[role="dialog"]'], onText: ['Being Recorded'] });
    expect(reader.text('dialogs', 'onText')).toEqual({ key: 'onText', match: 'Being Recorded' });
  });

  it('looks in every element of every scope, not only the first', () => {
    const reader = new PageReader(doc, { notices: ['[role="alert"]', '[role="status"]'], onText: ['transcription'] });
    expect(reader.text('notices', 'onText')).toEqual({ key: 'onText', match: 'transcription' });
  });

  it('does not look outside the scopes', () => {
    const reader = new PageReader(doc, { notices: ['[role="alert"]'], onText: ['being recorded'] });
    expect(reader.text('notices', 'onText')).toBeNull();
  });

  it('names the first needle of the list that occurs, as the table spells it', () => {
    const reader = new PageReader(doc, {
      dialogs: ['[role="dialog"]'],
      onText: ['not on the page', '  BEING recorded ', 'recorded'],
    });
    expect(reader.text('dialogs', 'onText')).toEqual({ key: 'onText', match: '  BEING recorded ' });
  });

  it('reads the text of a scope once per reader, however many keys ask', () => {
    const reader = new PageReader(doc, { dialogs: ['[role="dialog"]'], aText: ['being'], bText: ['meeting'] });
    expect(reader.text('dialogs', 'aText')?.match).toBe('being');
    expect(reader.text('dialogs', 'bText')?.match).toBe('meeting');
  });
});

describe('labels', () => {
  const doc = parse(`
    <button id="a" aria-label="Turn ON captions (c)"></button>
    <button id="b" title="Start   recording"></button>
    <button id="c" aria-label="Mute" title="Stop recording"></button>`);

  it('reads aria-label, else title, folded', () => {
    const at = (id: string) => labelOf(doc.getElementById(id) as Element);
    expect([at('a'), at('b'), at('c')]).toEqual(['turn on captions (c)', 'start recording', 'mute']);
  });

  it('labelled() returns every element whose label carries a needle, with the needle', () => {
    const reader = new PageReader(doc, { buttons: ['button'], startLabel: ['turn on', 'START RECORDING'] });
    const found = reader.labelled('buttons', 'startLabel').map(({ element, hit }) => [element.id, hit.match]);
    expect(found).toEqual([
      ['a', 'turn on'],
      ['b', 'START RECORDING'],
    ]);
  });

  it('aria-label wins over title: a muted button titled "Stop recording" is no recording evidence', () => {
    const reader = new PageReader(doc, { buttons: ['#c'], onLabel: ['stop recording'] });
    expect(reader.label('buttons', 'onLabel')).toBeNull();
  });
});

describe('selectors', () => {
  const doc = parse('<main><button class="x" id="one"></button><button class="y" id="two"></button></main>');

  it('has() and element() answer with the first alternative that matches, in the table’s order', () => {
    const reader = new PageReader(doc, { control: ['.y', '.x'] });
    expect(reader.has('control')).toEqual({ key: 'control', match: '.y' });
    expect(reader.element('control')?.id).toBe('two');
  });

  it('all() and queryAll() collect the matches of every alternative, past a broken one', () => {
    const reader = new PageReader(doc, { control: ['.x', 'a[[', '.y'] });
    expect(reader.all('control').map((element) => element.id)).toEqual(['one', 'two']);
  });

  it('is() tests an element against every alternative, past a broken one', () => {
    const button = doc.getElementById('two') as Element;
    expect(is(button, ['a[[', '.x', '.y'])).toBe(true);
    expect(is(button, ['.x'])).toBe(false);
  });

  it('query() skips a broken alternative and one that matches nothing', () => {
    expect(query(doc, ['a[[', '#none', '.x'])?.id).toBe('one');
  });
});

describe('control state', () => {
  const doc = parse(`
    <input id="radio-on" type="RADIO" checked><input id="radio-off" type="radio">
    <input id="box-off" type="checkbox">
    <button id="pressed-false" aria-pressed="false" aria-checked="true"></button>
    <div id="checked-true" aria-checked="true"></div>
    <div id="mixed" aria-pressed="mixed"></div>
    <input id="text" type="text" aria-checked="true">`);
  const state = (id: string) => controlState(doc.getElementById(id) as Element);

  it('a control without a stated state is null (never read as unchecked, which would be a false off)', () => {
    expect(state('mixed')).toBeNull();
  });

  it('reads native radios and checkboxes, whatever the case of the type', () => {
    expect([state('radio-on'), state('radio-off'), state('box-off')]).toEqual([true, false, false]);
  });

  it('only a native input is read by its checked property; a custom element saying type="checkbox" by its ARIA state', () => {
    const custom = parse('<x-switch type="checkbox" aria-checked="true"></x-switch><input aria-checked="false">');
    expect(controlState(custom.querySelector('x-switch') as Element)).toBe(true);
    expect(controlState(custom.querySelector('input') as Element)).toBe(false);
  });

  it('aria-pressed first, else aria-checked; a text input falls back to ARIA', () => {
    expect([state('pressed-false'), state('checked-true'), state('text')]).toEqual([false, true, true]);
  });
});

describe('combining', () => {
  const on = { key: 'onText', match: 'x' };
  const off = { key: 'offControl', match: 'y' };

  it('breaking: nothing at all is unknown, and evidence lists keep only what was seen', () => {
    expect(breaking([])).toEqual({ signal: 'unknown', on: [], off: [] });
    expect(breaking([null, on, null], [off, null])).toEqual({ signal: 'on', on: [on], off: [off] });
  });

  it('safeguard: off with nothing saying on is off; on beside off is unknown either way round', () => {
    expect(safeguard([null], [off])).toEqual({ signal: 'off', on: [], off: [off] });
    expect(safeguard([on], [null])).toEqual({ signal: 'on', on: [on], off: [] });
    expect(safeguard([on, on], [off]).signal).toBe('unknown');
    expect(safeguard([]).signal).toBe('unknown');
  });

  it('UNREAD is unknown with no evidence, and a signal read as UNREAD carries no evidence', () => {
    expect(UNREAD).toEqual({ signal: 'unknown', on: [], off: [] });
    const { signals, evidence } = signalsFrom({ recording: UNREAD, passcode: safeguard([], [off]) });
    expect(signals).toEqual({
      recording: 'unknown',
      transcription: 'unknown',
      translation: 'unknown',
      aiNotes: 'unknown',
      passcode: 'off',
      waitingRoom: 'unknown',
      e2ee: 'unknown',
      passcodeInLink: 'unknown',
    });
    expect(evidence).toEqual({ passcode: { on: [], off: [off] } });
  });

  it('signalsFrom with no readings: every signal is unknown, none has evidence', () => {
    expect(signalsFrom({})).toEqual({
      signals: {
        recording: 'unknown',
        transcription: 'unknown',
        translation: 'unknown',
        aiNotes: 'unknown',
        passcode: 'unknown',
        waitingRoom: 'unknown',
        e2ee: 'unknown',
        passcodeInLink: 'unknown',
      },
      evidence: {},
    });
  });

  it('an "on" seen alone is kept as evidence too', () => {
    expect(signalsFrom({ aiNotes: breaking([on]) }).evidence).toEqual({ aiNotes: { on: [on], off: [] } });
  });
});

describe('normalizeText', () => {
  it('folds white space and case, trims, and reads nothing as empty', () => {
    expect(normalizeText('  Being\n\t Recorded  ')).toBe('being recorded');
    expect(normalizeText(null)).toBe('');
    expect(normalizeText(undefined)).toBe('');
  });
});

describe('a control the guard stops is named exactly (isNamedControl)', () => {
  it('an icon-only button is named by its aria-label alone (mutation testing found this untested)', () => {
    const button = parse(
      '<button aria-label="Start recording"><span class="icon">fiber_manual_record</span></button>',
    ).querySelector('button') as Element;
    expect(isNamedControl(button, ['Start recording'])).toBe(true);
    expect(isNamedControl(button, ['start  RECORDING'])).toBe(true);
    expect(isNamedControl(button, ['Stop recording'])).toBe(false);
    // The words as part of a longer label are not the control's name.
    expect(isNamedControl(button, ['Start'])).toBe(false);
  });
});
