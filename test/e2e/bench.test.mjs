// Runs the benchmark in its quick mode so that it cannot rot: every section must still run against the
// real built extension and print its table. Its figures are not checked (speed is the bench's business,
// never a test's), and the quick mode never writes docs/performance.md.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const DOC = join(ROOT, 'docs', 'performance.md');

it('npm run bench -- --quick runs every section and leaves the doc alone', async () => {
  const before = readFileSync(DOC, 'utf8');
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'bench', '--', '--quick'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const heading of [
    '## a. Adapter read cost',
    '## b. Overhead on a heavy meeting page',
    '### Profiled in both arms',
    '## b2. Where the overhead on the small busy page comes from',
    '## d. Notice → badge',
    '## e. Popup open → checklist drawn',
    '## f. Service-worker cost of one snapshot',
    '## g. First start: meeting markup → first reading and badge (fresh profile, slow policy)',
    '## c. Bundle sizes (dist/chrome)',
    '## h. Collector console (SQL aggregations)',
  ])
    assert.ok(stdout.includes(heading), `bench prints ${heading}`);
  for (const row of ['| quiet ', '| busy (heavy page', 'Content-script heap on this page: ', 'First badge: median '])
    assert.ok(stdout.includes(row), row);
  for (const id of ['meet', 'zoom', 'teams', 'webex', 'jitsi'])
    assert.match(stdout, new RegExp(`\\| content script: ${id} +\\| content/entries/${id}\\.js`));
  assert.match(stdout, /\| in-page UI: banner and guard \(injected where needed\) +\| content\/entries\/ui\.js/);
  // Every large case still reads as its base fixture (the padding is noise, not a new page).
  assert.doesNotMatch(stdout, /\| NO +\|/);
  // The console's queries ran on both stores over the generated rows.
  for (const store of ['PostgreSQL', 'PGlite']) assert.match(stdout, new RegExp(`\\| ${store} \\| 20,000 \\|`));
  assert.equal(readFileSync(DOC, 'utf8'), before);
});
