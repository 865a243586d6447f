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
  'a key that "on" evidence rests on cannot lose its built-in entries: the entries are added instead of replacing':
    'このキーは「オン」と読み取る根拠なので、組み込みの値は消せません。置き換えずに追加しました',
  'unknown operation (expected add or replace; ignored)': '知らない操作です（add か replace。無視しました）',
  'not a table key (letters and digits, starting with a letter; ignored)':
    '検出ルール表のキーではありません（英字で始まる英数字。無視しました）',
  'unknown property (check the spelling); without a valid maxClassification the limit is 機密性1':
    '知らない項目です（綴りを確認してください）。正しい maxClassification がないため、上限は機密性1 とします',
  'no port in a match pattern (Firefox cannot match one): write https://host/*, which matches every port':
    '一致パターンにポート番号は書けません（Firefox が一致させられません）。https://ホスト名/* と書いてください（どのポートにも一致します）',
  'the host is a public suffix (such as lg.jp, co.jp or github.io, from the Public Suffix List), not one site':
    'lg.jp・co.jp・github.io のように誰でもその下に登録できる部分（Public Suffix List）だけでは、1 つのサイトを指せません',
  'a domain every customer of a meeting service shares (such as zoom.us or webex.com): name your own site (city-example.zoom.us)':
    '会議サービスの全利用者が共有するドメイン（zoom.us・webex.com など）です。自組織のサイト（city-example.zoom.us など）を指定してください',
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
  'no usable entry; the built-in list stays in force': '使える値が 1 つもないため、組み込みの値をそのまま使います',
  'expected a list; no service is permitted until it is fixed':
    'リスト（配列）を指定してください。直すまでは、どのサービスも許可されません',
  'service listed twice; the lower limit applies': '同じサービスが 2 回あります。低い方の上限を使います',
  'no spaces in a match pattern': '一致パターンに空白は使えません',
  'no user name or password (@) in a match pattern': '一致パターンにユーザー名やパスワード（@）は使えません',
  'the host must name a site: * only as "*." in front of a registrable domain':
    'ホスト名でサイトを指定してください（* は組織のドメインの前に "*." として付ける場合だけ使えます）',
  'no wildcard in front of an IP address': 'IP アドレスの前に * は付けられません',
  'expected a lower-case host name with at least two labels, such as meet.city.example.jp':
    '小文字のホスト名（例: meet.city.example.jp）を指定してください',
  'id used twice; only the first service with it is kept': 'ID が重複しています。最初のサービスだけを使います',
};

export function reasonInJapanese(reason: string): string {
  if (EXACT[reason]) return EXACT[reason];
  const range = /^expected (\d+) to (\d+)$/.exec(reason);
  if (range) return `${range[1]}〜${range[2]} の範囲で指定してください`;
  const depth = /^nested deeper than (\d+) levels$/.exec(reason);
  if (depth) return `入れ子が深すぎます（${depth[1]} 段まで）`;
  const cut = /^more than (\d+) entries; only the first \d+ are used$/.exec(reason);
  if (cut) return `${cut[1]} 件を超えています。最初の ${cut[1]} 件だけを使います`;
  const long = /^longer than (\d+) characters \(the content script would refuse it\)$/.exec(reason);
  if (long) return `${long[1]} 文字を超えています（会議ページのスクリプトが受け付けません）`;
  const more = /^(\d+) more problems not listed \(fix the ones above and check again\)$/.exec(reason);
  if (more) return `ほかに ${more[1]} 件の誤りがあります（上の誤りを直してから、もう一度確認してください）`;
  const unknownId = /^unknown service id \(permits nothing; expected (.+) or a customServices id\)$/.exec(reason);
  if (unknownId) return `知らないサービス ID です（何も許可しません。${unknownId[1]} か customServices の ID）`;
  const choice = /^expected one of (.+)$/.exec(reason);
  if (choice) return `次のいずれかを指定してください: ${choice[1]}`;
  return reason;
}
