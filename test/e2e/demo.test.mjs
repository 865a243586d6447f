// `npm run demo`, as a newcomer without a display runs it: the built extension in the system Chromium on the demo
// meeting pages, and a screenshot of each page and its popup in demo-screenshots/. The README lists the command, so a
// test runs it (a command nobody runs rots unseen).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const SHOTS = join(ROOT, 'demo-screenshots');

describe('npm run demo without a display', () => {
  it('saves a screenshot of every demo page and of its popup', () => {
    const started = Date.now();
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const run = spawnSync('npm', ['run', 'demo'], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /headless, screenshots only/);
    const shots = readdirSync(SHOTS).filter((name) => name.endsWith('.png'));
    const pages = shots.filter((name) => name.endsWith('-page.png'));
    const popups = shots.filter((name) => name.endsWith('-popup.png'));
    assert.ok(pages.length >= 3, `pages: ${shots.join(' ')}`);
    assert.equal(popups.length, pages.length, shots.join(' '));
    for (const name of shots) {
      const file = statSync(join(SHOTS, name));
      assert.ok(file.mtimeMs >= started - 1000, `${name} was written by this run`);
      assert.ok(file.size > 5_000, `${name} holds a picture (${file.size} bytes)`);
    }
    // Each page reports its badge as the demo saw it: the demo is the product at work, not pictures alone.
    assert.match(run.stdout, /badge "/);
  });
});
