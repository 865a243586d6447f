// Builds the console (vite) before the collector starts when collector/console/dist is missing or older
// than a source file, so `npm ci` then `npm run collector` is all a fresh machine needs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const built = join(here, 'dist', 'index.html');
const newest = (dir) =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
const sources = Math.max(newest(join(here, 'src')), statSync(join(here, 'index.html')).mtimeMs);
/** vite is the repository's build tool: a server holding only collector/ (npm install --omit=dev) has none. */
function hasVite() {
  try {
    import.meta.resolve('vite');
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  if (!hasVite()) {
    console.warn(
      existsSync(built)
        ? 'the console sources are newer than collector/console/dist, but vite is not installed here: serving the old build'
        : 'the console is not built and vite is not installed here: build it in the repository ' +
            '(npm run build:console --workspace collector) and copy collector/console/dist along',
    );
  } else {
    console.log('building the console (collector/console → dist)…');
    execFileSync('npx', ['vite', 'build', '--config', join(here, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: here,
      stdio: 'inherit',
    });
  }
}
