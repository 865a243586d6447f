/**
 * Japanese for the reasons parsePolicy gives (they are English for the CLI and the record). The options
 * page shows the person's language; a reason with no entry here is shown as it is (a test checks there is none).
 */
const EXACT: Record<string, string> = {
  'expected a whole number': '整数を指定してください',
  'expected true or false': 'true か false を指定してください',
  'expected text': '文字列を指定してください',
  'expected an https:// URL': 'https:// で始まる URL を指定してください',
  'expected a list': 'リスト（配列）を指定してください',
  'expected non-empty text': '空でない文字列を指定してください',
  'expected an object with keys "1", "2", "3"': 'キー "1"・"2"・"3" を持つオブジェクトを指定してください',
  'unknown class; expected "1", "2" or "3"': '機密性は "1"・"2"・"3" のいずれかです',
  'expected {"service": id, "maxClassification": 1-3}':
    '{"service": ID, "maxClassification": 1〜3} の形で指定してください',
  'expected an object with chrome, edge, firefox': 'chrome・edge・firefox をキーとするオブジェクトを指定してください',
  'unknown browser; expected chrome, edge or firefox': 'ブラウザーは chrome・edge・firefox のいずれかです',
  'not a valid CSS selector': 'CSS セレクターとして正しくありません',
  'looks like a CSS selector, but this key holds text (its name ends in Text or Label)':
    'CSS セレクターのようですが、このキー（名前が Text・Label で終わるもの）は画面の文字列を扱います',
  'unknown service (ignored)': '知らないサービスです（無視しました）',
  'unknown key for this service (ignored; check the spelling)':
    'このサービスの検出ルール表にないキーです（無視しました。綴りを確認してください）',
  'would leave this feature with no "on" evidence (replace ignored)':
    'この機能が「オン」と読み取る根拠がなくなるため、置き換えを無視しました',
  'expected {service: {key: {add, replace}}}': '{サービス: {キー: {add, replace}}} の形で指定してください',
  'expected {key: {add, replace}}': '{キー: {add, replace}} の形で指定してください',
  'expected {"add": [...]} or {"replace": [...]}': '{"add": [...]} または {"replace": [...]} の形で指定してください',
  'expected {id, name, matches, table}': '{id, name, matches, table} の形で指定してください',
  'expected a new lowercase id (a-z, 0-9, -)': '組み込みと重ならない小文字の ID（a-z, 0-9, -）を指定してください',
  'expected an https match pattern such as https://meet.example.jp/*':
    'https の一致パターン（例: https://meet.example.jp/*）を指定してください',
  'expected at least one pattern': '一致パターンを 1 つ以上指定してください',
  'expected {key: [entries]}': '{キー: [値の配列]} の形で指定してください',
  'expected an object of policy keys': 'ポリシーのキーを持つオブジェクトを指定してください',
  'unknown policy key (ignored)': '知らないキーです（無視しました）',
  'invalid value': '使えない値です',
};

export function reasonInJapanese(reason: string): string {
  if (EXACT[reason]) return EXACT[reason];
  const range = /^expected (\d+) to (\d+)$/.exec(reason);
  if (range) return `${range[1]}〜${range[2]} の範囲で指定してください`;
  const choice = /^expected one of (.+)$/.exec(reason);
  if (choice) return `次のいずれかを指定してください: ${choice[1]}`;
  return reason;
}
