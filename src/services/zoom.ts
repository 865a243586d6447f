/**
 * Zoom: the web client (app.zoom.us/wc/…, <sub>.zoom.us/wc/…) and the web portal's schedule and edit pages.
 * Evidence: ../shared/research/dom-indicators.md §3 and §8.2; the source ids (S2, S3, …) are that document's.
 * S2 is Zoom's own Meeting SDK for Web: its in-meeting bundle is the web client's UI code (§3.0), and its
 * en-US.json / ja-JP.json are quoted for every text entry. Grades: A vendor bundle, B maintained third-party
 * code, C one old source, I inferred (§0).
 *
 * The web client draws the meeting in a same-origin iframe#webclient whose address is also /wc/…; the content
 * script runs in every frame, so read() sees the outer page and the meeting page separately and background
 * merges them (src/view.ts mergeFrames: any 'on' wins).
 */
import {
  type MeetingService,
  matches,
  normalizeText,
  notetakersIn,
  query,
  queryAll,
  type SelectorTable,
  type Signal,
  textIn,
  tri,
  unknownSignals,
} from './service';

/** /wc/<id>/join, /wc/<id>/start (S3, S5) and the classic /wc/join/<id> (§3 (a)); ids may be shown spaced. */
const WEB_CLIENT_ID = /^\/wc\/(?:join\/)?(\d[\d\s]*)(?:\/|$)/;
/** A start link (/s/<id> → /wc/<id>/start, S3 rules.json) is the host's own link. */
const START_PATH = /^\/wc\/\d[\d\s]*\/start(?:\/|$)/;
const PORTAL_SCHEDULE = /^\/meeting\/schedule(?:\/|$)/; // S18
const PORTAL_EDIT = /^\/meeting\/(\d+)\/edit(?:\/|$)/; // §3 (a), grade I

const table = {
  // ---- web client: which page this is ----
  /** The web client's outer page (S3 reads iframe#webclient, S6; S7 .pwa-webclient__iframe); fixture shell-pwd.en. */
  webclientFrame: ['iframe#webclient', 'iframe.pwa-webclient__iframe'],
  /** Pre-join screen: name field, join button, preview devices (S5, S7; preview-join-button also in S2); prejoin-*. */
  prejoin: [
    '#input-for-name',
    '#inputname',
    'button.preview-join-button',
    '#joinBtn',
    '#preview-audio-control-button',
    '#preview-video-control-button',
  ],
  /** In the meeting: footer and controls (S3 #audioOptionMenu, S5, S6 #wc-footer, S7; all in S2); in-meeting.*. */
  inMeeting: ['#wc-footer', '.footer__leave-btn-container', '#audioOptionMenu'],
  /** A participant held in the waiting room (S2 JSX "waiting-room-container", grade A); fixture waiting-room.*. */
  heldInWaitingRoom: ['.waiting-room-container'],
  /** The Security menu (S2 #securityOptionMenu) is a host / co-host control; fixtures security-menu-*. */
  hostControls: ['#securityOptionMenu'],
  /** Dialogs, toasts and the consent modal (S2 "recording-disclaimer-dialog", S4/S5 .zm-modal-body-title). */
  noticeScopes: [
    '[role="dialog"]',
    '[role="alertdialog"]',
    '[role="alert"]',
    '[role="status"]',
    '.zm-modal',
    '.recording-disclaimer-dialog',
  ],

  // ---- recording ----
  /**
   * Running or paused recording (S2, grade A class names): the status text of the top-left indicator, its stop
   * button, the share-bar record icons, a participant's local-record icon. Not the container itself: it renders
   * for hosts even when nothing records (§3 (b)); fixture host-not-recording.*.
   */
  recordingStatus: ['.recording-indication__recording-status'],
  recordingRunning: [
    '.recording-indication__recording-status--paused',
    '.recording-indication__stop-btn',
    'span.sharee-sharing-indicator__record-icon',
    'i.sharee-sharing-indicator__local-record-icon',
    '.participants-icon__recording-icon',
  ],
  /**
   * The footer's start control, labelled apac.toolbar_record "Record" / 「レコーディング」 (S2 lang files, grade A);
   * the aria-label placement is inferred (I). Exact attribute match: "Pause/Stop Recording" must not count.
   * Fixture host-not-recording.*.
   */
  recordStart: ['#wc-footer button[aria-label="Record"]', '#wc-footer button[aria-label="レコーディング"]'],
  /** Guard (policy e2eBreakingFeatures): the same start control; fixture host-not-recording.*. */
  guardRecording: ['#wc-footer button[aria-label="Record"]', '#wc-footer button[aria-label="レコーディング"]'],
  /**
   * S2 apac.wc_record_reminder_title, apac.wc_recording_cc_consent_title2, apac.disclaimer.chat_content_recording_on,
   * and the webinar / livestream variants; fixtures consent.en, consent-ai.ja.
   */
  recordingOnText: [
    'This meeting is being recorded',
    'このミーティングはレコーディングされています',
    'This webinar is being recorded',
    'このウェビナーはレコーディングされています',
    'レコーディングとライブ配信が行われています',
    'Recording is on.',
    'レコーディングがオンになっています',
  ],

  // ---- captions / transcription ----
  /** Caption box, its hidden variant, the full-transcript panel (S2 JSX; S3 observes the box); captions*.*. */
  captionBox: ['.live-transcription-subtitle__box', '#live-transcription-subtitle', '[class*="lt-full-transcript__"]'],
  /**
   * S2 apac.disclaimer.LT_content_2 / LT_content_2_2, apac.wc_lt_truned_on, apac.wc_closed_caption_truned_on,
   * apac.wc_recording_ai_consent_title2, apac.smartSummary.info_summary_1; fixtures captions-hidden.en, consent-ai.ja.
   */
  transcriptionOnText: [
    'Live Transcription (Closed Captioning) has been enabled',
    'ライブトランスクリプション（字幕）が有効になりました',
    'A participant has enabled Closed Captioning',
    '参加者が字幕を有効にしました',
    'Live Transcription is turned on',
    'ライブトランスクリプションがオンに設定されています',
    'Closed Caption is turned on',
    '字幕がオンです',
    "It's also being transcribed",
    '文字起こしも行われています',
    'A temporary transcript is being generated',
    '一時的な文字起こしが生成されています',
  ],

  // ---- translation / interpretation ----
  /** The listener's language list appears once interpretation runs (S2 #interpretation-dropdown-list, grade A/I). */
  interpretation: ['#interpretation-dropdown-list'],
  /**
   * S2 apac.wc_ltl_truned_on, apac.newLT.passiveSelectSpeakingLanguage,
   * apac.interpretation.audio_languages_available_tip; fixture translation.ja.
   */
  translationOnText: [
    'Live Translate is turned on',
    'ライブ翻訳がオンになっています',
    'A participant has enabled translation',
    '参加者が翻訳を有効にしました',
    'Language interpretation available',
    '言語通訳を利用できます',
  ],

  // ---- AI Companion ----
  /** Top-left AI indicator (S2 ids, hard-coded English aria-label) and its stop button; fixture ai-companion.*. */
  aiIndicator: [
    '#aic-pop-panel',
    '#smart-summary-pop-panel',
    '.aic-upper-left-stop-button',
    '[aria-label="AI features are enabled in this meeting"]',
  ],
  /**
   * S2 apac.smartSummary.enabled_2_new / enabled_2 / toast_text_1_4, info_summary_1, apac.sr.enable_sr_for_all,
   * apac.ai.turn_on_toast, the AI consent title; fixtures ai-companion.ja, consent-ai.ja.
   */
  aiNotesOnText: [
    'Meeting Summary is on',
    'ミーティング要約は有効です',
    'ミーティング要約はオンです',
    'Meeting Summary is enabled',
    'Smart Recording with AI Companion enabled',
    'AI Companion によるスマート レコーディングが有効になっています',
    'AI Companion has been turned on', // the ja file keeps this key in English
    'transcribed for AI Companion',
    'AI Companion 用に文字起こし',
  ],

  // ---- passcode ----
  /**
   * The pre-join asks for a passcode: #input-for-pwd (bots on app.zoom.us, e.g. unattributed public files #70146964005,
   * #11999863590; grade B), #inputpasscode (#60820413988, C), the SDK preview field (S2, A). That it renders only for
   * meetings with a passcode is inferred (§3 (f), I). Fixture prejoin-passcode.*.
   */
  passcodeField: [
    '#input-for-pwd',
    '#inputpasscode',
    'input[name="inputpasscode"]',
    '.preview-meeting-info__field-input--password',
  ],
  passcodeScopes: ['label', '[role="dialog"]', '[role="alert"]', '.zm-modal'],
  /**
   * S2 apac.preview.meeting_passcode (also covers apac.wc_enter_meeting_passcode_title), apac.wrong_pass,
   * apac.wc_meeting_incorrect_passcode; fixture prejoin-passcode.*.
   */
  passcodeAskedText: [
    'Meeting Passcode',
    'ミーティング パスコード',
    'Passcode wrong',
    'パスワードが間違っています',
    'Incorrect passcode',
    'パスコードが正しくありません',
  ],

  // ---- waiting room (host's Security menu, open) ----
  /** Items carry aria-selected and "<label> selected|unselect" (S2, A; element type I); security-menu-*. */
  securityMenuItems: [
    '.security-option-menu__pop-menu [aria-selected]',
    '.security-option-menu__pop-menu [aria-label]',
  ],
  securityItemChecked: ['.security-option-menu__pop-menu--checked'],
  /** S2 apac.security.waiting_room. "Lock meeting" is not one of our signals and is not read. */
  waitingRoomItemText: ['Enable Waiting Room', '待機室を有効にする'],
  /** S2 apac.security.waiting_room_notification_1 / _2 (toasts after the host toggles it). */
  waitingRoomOnText: ['You have enabled the waiting room', '待機室を有効にしました'],
  waitingRoomOffText: ['You have disabled the waiting room', '待機室を無効にしました'],

  // ---- E2EE ----
  /** S2 apac.wc_join_not_support_e2ee_meeting: the browser refuses an E2EE meeting; fixture e2ee-refused.*. */
  e2eeRefusedText: [
    'End-to-end encrypted meetings are not supported on the browser',
    '暗号化されたミーティングは、現在このブラウザでサポートされていません',
  ],

  // ---- participants ----
  /**
   * Display names in the open participants panel. Not in the research doc: found by code search in several
   * independent projects (unattributed public files #59094625032, #69254153086, #71605882874, #59893621770), grade B.
   * Fixture participants-notetaker.*.
   */
  participantName: ['.participants-item__display-name'],

  // ---- web portal: schedule / edit form ----
  /** Topic field: S18 (2019) and a 2025 script on app.zoom.us/meeting/schedule (#2778396934), grade B. */
  portalTopic: ['#topic'],
  /** Legacy ids (S18, 2019-2021, grade C; the portal was rebuilt since, §7 item 4); fixture schedule-legacy.*. */
  portalPasscodeInput: ['input#meeting_pass'],
  /** No id is known for the passcode checkbox; policy can add one. The label lookup below is used meanwhile. */
  portalPasscodeCheckbox: [],
  portalWaitingRoom: ['input#option_waiting_room'],
  portalAutoRecord: ['input#option_autorec'],
  /**
   * Fallback when the ids are gone: a checkbox / radio found through its label (label[for], a wrapping label,
   * role=checkbox|switch|radio with aria-checked). Structure is HTML/ARIA semantics; fixtures edit-*.
   */
  portalLabels: [
    'label',
    '[role="checkbox"]',
    '[role="switch"]',
    '[role="radio"]',
    'input[type="checkbox"][aria-label]',
    'input[type="radio"][aria-label]',
  ],
  /**
   * Zoom's own terms (S2 apac.wc_tel_password "Passcode" / 「パスコード」, apac.wc_waiting_room "Waiting Room",
   * apac.wc_chat_waiting_room 「待機室」); their use as the portal's labels is I.
   */
  portalPasscodeText: ['Passcode', 'パスコード'],
  portalWaitingRoomText: ['Waiting Room', '待機室'],
  /** Inferred (I): the portal's wording for automatic recording; no source shows it. */
  portalAutoRecordText: [
    'Record the meeting automatically',
    'Automatically record',
    '自動的にレコーディング',
    '自動レコーディング',
  ],
  /** S2 apac.wc_e2e_encryption / apac.wc_enhanced_encryption (A); their use as the portal's radio labels is I. */
  portalE2eeText: ['End-to-end encryption', 'エンドツーエンドの暗号化'],
  portalEnhancedText: ['Enhanced encryption', '強化された暗号化'],
} satisfies SelectorTable;

type ControlKind = 'checkbox' | 'radio';

/** Element.matches that treats an unparsable selector (a bad policy override) as no match. */
function is(element: Element, selectors: readonly string[] | undefined): boolean {
  for (const selector of selectors ?? []) {
    try {
      if (element.matches(selector)) return true;
    } catch {
      // see service.ts query()
    }
  }
  return false;
}

function kindOf(element: Element): ControlKind | null {
  if (element.tagName === 'INPUT') {
    const type = (element.getAttribute('type') ?? '').toLowerCase();
    return type === 'checkbox' ? 'checkbox' : type === 'radio' ? 'radio' : null;
  }
  const role = element.getAttribute('role');
  if (role === 'checkbox' || role === 'switch') return 'checkbox';
  return role === 'radio' ? 'radio' : null;
}

/** true / false when the control shows its state, null when it does not. */
function checkedState(element: Element): boolean | null {
  if (element.tagName === 'INPUT') return (element as HTMLInputElement).checked;
  const aria = element.getAttribute('aria-checked');
  return aria === 'true' ? true : aria === 'false' ? false : null;
}

/** The controls of the given kind whose label (text, aria-label) contains one of `needles`. */
function labelledControls(
  doc: Document,
  scopes: readonly string[] | undefined,
  needles: readonly string[] | undefined,
  kind: ControlKind,
): Element[] {
  const wanted = (needles ?? []).map(normalizeText).filter(Boolean);
  if (!wanted.length) return [];
  const found: Element[] = [];
  for (const element of queryAll(doc, scopes)) {
    const label = normalizeText(element.getAttribute('aria-label') || element.textContent);
    if (!wanted.some((needle) => label.includes(needle))) continue;
    let control: Element | null = element;
    if (!kindOf(element)) {
      const target = element.getAttribute('for');
      control = target
        ? doc.getElementById(target)
        : element.querySelector('input, [role="checkbox"], [role="switch"], [role="radio"]');
    }
    if (control && kindOf(control) === kind && !found.includes(control)) found.push(control);
  }
  return found;
}

/** A checkbox read by id first, else by label; several labelled matches must agree (else 'unknown'). */
function portalCheckbox(
  doc: Document,
  t: SelectorTable,
  ids: readonly string[] | undefined,
  labels: readonly string[] | undefined,
): Signal {
  const byId = query(doc, ids);
  const controls = byId ? [byId] : labelledControls(doc, t.portalLabels, labels, 'checkbox');
  const states = controls.map(checkedState);
  return tri(states.includes(true), states.includes(false));
}

function readPortal(doc: Document, t: SelectorTable, meetingId: string | null) {
  const signals = unknownSignals();
  const field = query(doc, t.portalPasscodeInput);
  const input = field?.tagName === 'INPUT' ? (field as HTMLInputElement) : null;
  // A filled, enabled passcode field is a passcode; a disabled one is left over from an unticked box.
  const passcodeFilled = !!input && !input.disabled && input.value.trim() !== '';
  const passcodeBox = portalCheckbox(doc, t, t.portalPasscodeCheckbox, t.portalPasscodeText);
  signals.passcode = tri(passcodeFilled || passcodeBox === 'on', passcodeBox === 'off');
  signals.waitingRoom = portalCheckbox(doc, t, t.portalWaitingRoom, t.portalWaitingRoomText);
  // As configured: automatic recording ticked means the meeting will be recorded from its start.
  signals.recording = portalCheckbox(doc, t, t.portalAutoRecord, t.portalAutoRecordText);
  const e2eChecked = labelledControls(doc, t.portalLabels, t.portalE2eeText, 'radio').some(checkedState);
  const enhancedChecked = labelledControls(doc, t.portalLabels, t.portalEnhancedText, 'radio').some(checkedState);
  signals.e2ee = tri(e2eChecked, enhancedChecked);

  const topic = query(doc, t.portalTopic);
  const title = (topic?.tagName === 'INPUT' ? (topic as HTMLInputElement).value : topic?.textContent)?.trim() || null;
  return { service: 'zoom', meetingId, title, phase: 'schedule' as const, role: 'host' as const, signals };
}

/** The security menu's waiting-room item: selected → on, explicitly unselected → off (menu open only). */
function waitingRoomItem(doc: Document, t: SelectorTable): Signal {
  const wanted = (t.waitingRoomItemText ?? []).map(normalizeText).filter(Boolean);
  let on = false;
  let off = false;
  for (const item of queryAll(doc, t.securityMenuItems)) {
    const label = normalizeText(item.getAttribute('aria-label') || item.textContent);
    if (!wanted.some((needle) => label.includes(needle))) continue;
    const selected = item.getAttribute('aria-selected');
    if (selected === 'true' || is(item, t.securityItemChecked)) on = true;
    else if (selected === 'false') off = true;
  }
  return tri(on, off);
}

/** The texts of the dialogs and toasts, read once per call: several signals look for their notices there. */
function noticesIn(doc: Document, t: SelectorTable): (needles: readonly string[] | undefined) => boolean {
  const texts = queryAll(doc, t.noticeScopes).map((element) => normalizeText(element.textContent));
  return (needles) => {
    const wanted = (needles ?? []).map(normalizeText).filter(Boolean);
    return texts.some((text) => wanted.some((needle) => text.includes(needle)));
  };
}

function meetingIdFrom(path: string): string | null {
  const digits = WEB_CLIENT_ID.exec(path)?.[1]?.replace(/\s/g, '');
  return digits || null;
}

function decodePath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname; // a malformed escape: read the raw path
  }
}

export const zoom: MeetingService = {
  id: 'zoom',
  name: 'Zoom',
  matches: [
    'https://app.zoom.us/wc/*',
    'https://*.zoom.us/wc/*',
    'https://*.zoom.us/meeting/schedule*',
    'https://*.zoom.us/meeting/*/edit*',
  ],
  allFrames: true,
  table,
  // Every signal is readable in some state of some page; none is out of reach for good.
  read(doc, url, t) {
    const path = decodePath(url);
    if (PORTAL_SCHEDULE.test(path)) return readPortal(doc, t, null);
    const edited = PORTAL_EDIT.exec(path)?.[1];
    if (edited) return readPortal(doc, t, edited);
    if (!path.startsWith('/wc/')) return null;

    const meetingId = meetingIdFrom(path);
    const held = matches(doc, t.heldInWaitingRoom);
    const inMeeting = matches(doc, t.inMeeting);
    const passcodeField = matches(doc, t.passcodeField);
    const notice = noticesIn(doc, t);
    const refused = notice(t.e2eeRefusedText);
    const known =
      held || inMeeting || passcodeField || refused || matches(doc, t.webclientFrame) || matches(doc, t.prejoin);
    // /wc/home and other web-app pages without a meeting number and without meeting UI are not meetings.
    if (!meetingId && !known) return null;

    const signals = unknownSignals();
    const pwd = url.searchParams.get('pwd');
    // Zoom join links carry the (encrypted) passcode as pwd= (S3, bots); a link only has one when the meeting has one.
    signals.passcodeInLink = pwd ? 'on' : 'off';
    const asked = passcodeField || textIn(doc, t.passcodeScopes, t.passcodeAskedText);
    // Neither the link nor the page can show that a meeting has no passcode: 'on' or 'unknown'.
    signals.passcode = pwd || asked ? 'on' : 'unknown';

    const status = query(doc, t.recordingStatus);
    const recordingOn =
      !!normalizeText(status?.textContent) || matches(doc, t.recordingRunning) || notice(t.recordingOnText);
    // Paused still counts as on (the recording exists and resumes with one click).
    signals.recording = tri(recordingOn, matches(doc, t.recordStart));
    const captions = matches(doc, t.captionBox) || notice(t.transcriptionOnText);
    signals.transcription = captions ? 'on' : 'unknown';
    const translated = matches(doc, t.interpretation) || notice(t.translationOnText);
    signals.translation = translated ? 'on' : 'unknown';
    const ai = matches(doc, t.aiIndicator) || notice(t.aiNotesOnText);
    signals.aiNotes = ai ? 'on' : 'unknown';

    const menu = waitingRoomItem(doc, t);
    signals.waitingRoom = tri(
      held || menu === 'on' || notice(t.waitingRoomOnText),
      menu === 'off' || notice(t.waitingRoomOffText),
    );
    // Vendor fact: E2EE meetings cannot be joined from a browser (no web client; anchors.md §2.1, td.usnh.edu KB
    // 3973, web-zoom gitbook 7.3; S2 apac.wc_join_not_support_e2ee_meeting). So a web client meeting is not
    // E2EE, and the refusal message means this meeting is E2EE but cannot be joined here.
    signals.e2ee = refused ? 'on' : 'off';

    const host = START_PATH.test(path) || matches(doc, t.hostControls);
    const names = queryAll(doc, t.participantName);
    return {
      service: 'zoom',
      meetingId,
      title: null,
      phase: refused || held || !inMeeting ? 'prejoin' : 'meeting',
      role: host ? 'host' : held ? 'participant' : 'unknown',
      signals,
      // Only when the participants panel is open; a closed panel says nothing about bots.
      ...(names.length ? { notetakers: notetakersIn(doc, t.participantName, t.notetakerNameText) } : {}),
    };
  },
};
