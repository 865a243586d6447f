/**
 * `npm run policy:kit` — writes the deployment kit (docs/policy/) from src/policy/schema.json and a policy file
 * (docs/policy/sample-policy.json by default), for the extension ids given. The formats are in scripts/policy/,
 * the file list is scripts/policy/kit.ts (KIT_FILES); a unit test regenerates the kit and compares it with what
 * is committed, so nothing drifts by hand.
 *
 *   npm run policy:kit -- [--policy FILE] [--out DIR] [--chrome-id ID] [--edge-id ID] [--firefox-id ID]
 *                         [--chrome-update-url URL] [--edge-update-url URL] [--firefox-install-url URL]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { updateUrlFor, usesDevelopmentId } from './policy/common';
import { generateKit, loadPolicy, parseArgs, policyProblems, USAGE, writeKit } from './policy/kit';
import { offStoreNote } from './policy/registry';

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: ReturnType<typeof parseArgs>;
  let policy: ReturnType<typeof loadPolicy>;
  try {
    args = parseArgs(argv);
    policy = loadPolicy(args.policyPath);
  } catch (error) {
    console.error(`policy:kit: ${(error as Error).message}`);
    return 2;
  }
  const problems = policyProblems(policy);
  if (problems.length) {
    console.error(`policy:kit: ${args.policyPath} is not a valid policy; nothing was written.`);
    for (const problem of problems) console.error(`  ${problem.path}: ${problem.reason} (${problem.value})`);
    console.error(`ポリシーに誤りが ${problems.length} 件あるため、生成しませんでした。`);
    return 1;
  }
  const files = generateKit(policy, args.options);
  writeKit(files, args.outDir);
  console.log(`policy:kit: wrote ${files.length} files to ${args.outDir}`);
  console.log(`  Chrome ${args.options.chromeId} (${args.options.chromeUpdateUrl})`);
  console.log(`  Edge   ${args.options.edgeId} (${args.options.edgeUpdateUrl})`);
  console.log(`  Firefox ${args.options.firefoxId} (${args.options.firefoxInstallUrl})`);
  for (const product of ['chrome', 'edge'] as const) {
    const note = offStoreNote(product, updateUrlFor(product, args.options));
    if (note) console.log(`  ${note}`);
  }
  if (usesDevelopmentId(args.options))
    console.log(
      '  These files name the DEVELOPMENT id: make your own kit with --chrome-id <your id> (npm run pack prints it).',
    );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
