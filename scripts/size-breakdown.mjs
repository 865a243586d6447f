// Where each service's content script spends its gzip bytes, per source module (issue 10; docs/content-script-size.md).
// Usage: node scripts/size-breakdown.mjs [service id ...]   (default: every built-in service)
//
// Each entry is built as the extension build does (a standalone IIFE, minified, chrome120) but with a source map;
// every output byte is attributed to the module its mapping points into. Per module:
// - bytes: minified bytes from it;
// - alone: gzip -9 of those bytes by themselves;
// - marginal: gzip of the whole script minus gzip of the script without those bytes, i.e. what the module costs in
//   this script (gzip shares repeated text between modules, so the marginals add up to less than the total).
// Bytes with no mapping are the ?inline stylesheets (content/*.css) and the IIFE wrapper.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = new URL('..', import.meta.url).pathname;
const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source-map "mappings": for each generated line, its segments' [column, source index] (VLQ, deltas). */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push([column, fields.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

async function bundle(id) {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      lib: { entry: `content/entries/${id}.ts`, formats: ['iife'], name: 'breakdown' },
      minify: true,
      sourcemap: true,
      target: 'chrome120',
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => output.output);
  return outputs.find((output) => output.type === 'chunk');
}

function breakdown(chunk) {
  const { map } = chunk;
  // The shipped script has no source-map comment.
  const code = chunk.code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '');
  const owner = new Array(code.length).fill('(unmapped: stylesheets, wrapper)');
  const lines = decodeMappings(map.mappings);
  let lineStart = 0;
  code.split('\n').forEach((text, index) => {
    const segments = lines[index] ?? [];
    segments.forEach(([column, source], i) => {
      if (source < 0) return;
      const end = i + 1 < segments.length ? segments[i + 1][0] : text.length;
      const name = map.sources[source].replace(/^(\.\.\/)+/, '').replace(ROOT, '');
      for (let k = lineStart + column; k < lineStart + end; k++) owner[k] = name;
    });
    lineStart += text.length + 1;
  });
  const total = gzip(code);
  const modules = [...new Set(owner)].map((name) => {
    let own = '';
    let rest = '';
    for (let k = 0; k < code.length; k++) {
      if (owner[k] === name) own += code[k];
      else rest += code[k];
    }
    return { name, bytes: Buffer.byteLength(own), alone: gzip(own), marginal: total - gzip(rest) };
  });
  return { bytes: Buffer.byteLength(code), total, modules: modules.sort((a, b) => b.marginal - a.marginal) };
}

const services = readdirSync(join(ROOT, 'content', 'entries'))
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((id) => id !== 'custom');
for (const id of process.argv.length > 2 ? process.argv.slice(2) : services) {
  const { bytes, total, modules } = breakdown(await bundle(id));
  console.log(`\n${id}: ${bytes} bytes, ${total} gzip`);
  console.log('module'.padEnd(36), 'bytes'.padStart(6), 'alone'.padStart(6), 'marginal'.padStart(8));
  for (const { name, bytes: own, alone, marginal } of modules)
    console.log(name.padEnd(36), String(own).padStart(6), String(alone).padStart(6), String(marginal).padStart(8));
}
