// The console's words, Japanese first and English second. The checklist's clause titles come from the
// extension's own messages (_locales), so the console and the popup name each clause alike.
import en from '../../../_locales/en/messages.json';
import ja from '../../../_locales/ja/messages.json';

export type Lang = 'ja' | 'en';

const WORDS = {
  title: ['Web会議ガード 管理コンソール', 'Meeting Guard admin console'],
  signIn: ['サインイン', 'Sign in'],
  signOut: ['サインアウト', 'Sign out'],
  token: ['トークン', 'Token'],
  wrongToken: ['トークンが違います。', 'Wrong token.'],
  overview: ['概要', 'Overview'],
  records: ['記録', 'Records'],
  external: ['外部会議', 'Outside meetings'],
  fleet: ['端末とポリシー', 'Browsers and policy'],
  reports: ['判定の報告', 'Detection reports'],
  monthly: ['月次自己点検レポート', 'Monthly self-inspection report'],
  from: ['開始日', 'From'],
  to: ['終了日', 'To'],
  show: ['表示', 'Show'],
  role: ['権限', 'Role'],
  admin: ['管理者', 'admin'],
  auditor: ['監査（閲覧のみ）', 'auditor (read-only)'],
  allOrganizations: ['すべての団体', 'every organisation'],
  organization: ['団体', 'Organisation'],
  department: ['所属', 'Department'],
  service: ['サービス', 'Service'],
  event: ['種類', 'Event'],
  warning: ['警告', 'Warning'],
  classification: ['機密性', 'Class'],
  installation: ['端末（インストール）', 'Installation'],
  titleText: ['会議名（部分一致）', 'Title contains'],
  at: ['日時', 'Time'],
  detail: ['内容', 'Detail'],
  meetings: ['会議数', 'Meetings'],
  count: ['件数', 'Count'],
  warningsClass2: ['機密性2以上での警告', 'Warnings at class 2+'],
  classifiedMeetings: ['機密性2以上の会議', 'Meetings marked class 2+'],
  confirmations: ['手動の確認', 'Confirmations'],
  outsideMeetings: ['外部の会議', 'Outside meetings'],
  installationsReporting: ['直近7日に記録を送った端末 / 既知の端末', 'Reporting in the last 7 days / known'],
  policyProblems: ['ポリシーの問題', 'Policy problems'],
  versions: ['使用中のバージョン', 'Versions in use'],
  perDay: ['機密性2以上での警告（日別・種類別）', 'Warnings at class 2+ per day, by kind'],
  byService: ['サービス別', 'By service'],
  byDepartment: ['所属別', 'By department'],
  none: ['ありません。', 'None.'],
  next: ['次のページ', 'Next page'],
  first: ['最初のページ', 'First page'],
  exportCsv: ['CSV で書き出す（Excel 用）', 'Export CSV (Excel)'],
  exportJsonl: ['JSONL で書き出す', 'Export JSONL'],
  evidence: ['証拠（ページの表示）', 'Evidence (what the page showed)'],
  stored: ['保存時の状態（完全性など）', 'Stored state (integrity etc.)'],
  noIntegrity: [
    'この収集サーバーは記録の完全性の状態を持っていません。',
    'This collector keeps no integrity state for records.',
  ],
  close: ['閉じる', 'Close'],
  approval: ['承認番号', 'Approval number'],
  noApproval: ['承認番号なし', 'No approval number'],
  withApproval: ['承認番号あり', 'With an approval number'],
  lastSeen: ['最終記録', 'Last seen'],
  version: ['バージョン', 'Version'],
  browser: ['ブラウザー', 'Browser'],
  policy: ['適用中のポリシー（拡張機能の報告）', 'Policy in effect (as reported)'],
  dropped: ['既定値のまま（団体のポリシーでは設定あり）', 'On its default although the organisation sets it'],
  droppedHelp: [
    '他の端末では管理ポリシーで設定されている値が、この端末では既定値のままです。ブラウザーが値を捨てた可能性があります（型が違う値は chrome://policy で「未設定」と表示されます）。',
    'Other browsers of the organisation have this key set by policy; this one runs on its default. The browser probably dropped the value (a wrong type shows as "Not set" in chrome://policy).',
  ],
  noPolicyReport: ['ポリシーの報告なし', 'No policy report yet'],
  publish: ['ルールとして公開', 'Publish as rule'],
  publishUnavailable: [
    'この収集サーバーではルールの公開（署名付きルール）がまだ使えません。',
    'This collector cannot publish rules (signed rules) yet.',
  ],
  adminOnly: [
    'すべての団体の管理者だけが公開できます（ルールはすべての団体のブラウザーに届きます）。',
    'Only an admin of every organisation can publish (rules reach every organisation\u2019s browsers).',
  ],
  published: ['公開しました。', 'Published.'],
  snapshot: ['報告の内容（画面の構造）', 'The report (page structure)'],
  month: ['対象月', 'Month'],
  print: ['印刷 / PDF に保存', 'Print / save as PDF'],
  clause: ['条項', 'Clause'],
  recordsShow: ['記録が示すこと', 'What the records show'],
  recordsCannotShow: ['記録では分からないこと', 'What the records cannot show'],
  all: ['すべて', 'all'],
  language: ['English', '日本語'],
  loading: ['読み込み中…', 'Loading…'],
  failed: ['読み込めませんでした', 'Could not load'],
  unknownDepartment: ['（所属なし）', '(no department)'],
  day: ['日付', 'Day'],
  chartTable: ['グラフの数値', 'The chart as a table'],
} as const;

export type WordKey = keyof typeof WORDS;

export function t(lang: Lang, key: WordKey): string {
  return WORDS[key][lang === 'ja' ? 0 : 1];
}

const WARNING_WORDS: Record<string, [string, string]> = {
  recording: ['録画', 'Recording'],
  transcription: ['文字起こし', 'Transcription'],
  translation: ['翻訳', 'Translation'],
  'ai-notes': ['AI メモ', 'AI notes'],
  'notetaker-bot': ['記録ボット', 'Notetaker bot'],
  'no-e2ee': ['E2E 暗号化なし', 'No E2EE'],
  'no-passcode': ['パスコードなし', 'No passcode'],
  'no-waiting-room': ['待機室なし', 'No waiting room'],
  'passcode-in-link': ['リンクにパスコード', 'Passcode in link'],
  'unpermitted-service': ['許可外のサービス', 'Unpermitted service'],
  'external-meeting': ['外部の会議', 'Outside meeting'],
  'page-unreadable': ['読み取れない画面', 'Unreadable page'],
};
export const WARNING_IDS = Object.keys(WARNING_WORDS);
export const warningName = (lang: Lang, id: string) => WARNING_WORDS[id]?.[lang === 'ja' ? 0 : 1] ?? id;

type Messages = Record<string, { message: string }>;
/** A checklist clause's title, as the popup shows it. */
export function clauseTitle(lang: Lang, id: string): string {
  const messages = (lang === 'ja' ? ja : en) as Messages;
  return messages[`check_${id.replaceAll('-', '_')}`]?.message ?? id;
}

export const formatTime = (lang: Lang, iso: string) =>
  new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo' });
export const formatNumber = (lang: Lang, n: number) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB');
