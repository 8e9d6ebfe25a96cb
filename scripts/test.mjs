// The whole test command: lint and format check, typecheck, build, size budgets, the packed packages,
// then every vitest suite (Node, then Chromium).
// Ends with one summary line, `N passed, N failed[, N skipped]`, counting each check as one.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
let passed = 0
let failed = 0
let skipped = 0

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env })
  return result.status === 0
}

function step(label, command, args) {
  if (run(label, command, args)) passed++
  else {
    failed++
    console.log(`✗ ${label} failed`)
  }
}

/** Runs a script that writes `{ checks: [{ ok }] }` to `report`; each check counts as one. */
function reportedSteps(label, command, args, report) {
  rmSync(report, { force: true })
  const ok = run(label, command, [...args, '--report', report])
  if (!existsSync(report)) {
    failed++
    console.log(`✗ ${label} failed before reporting`)
    return
  }
  const { checks } = JSON.parse(readFileSync(report, 'utf8'))
  passed += checks.filter((check) => check.ok).length
  failed += checks.filter((check) => !check.ok).length
  if (!ok && checks.every((check) => check.ok)) failed++
}

/** Runs vitest with a JSON report; each test counts as one. */
function vitest(label, args, report) {
  rmSync(report, { force: true })
  const ok = run(label, 'vitest', ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`])
  if (existsSync(report)) {
    const results = JSON.parse(readFileSync(report, 'utf8'))
    passed += results.numPassedTests
    failed += results.numFailedTests
    skipped += results.numPendingTests + results.numTodoTests
    // A suite that failed to load has no failed test of its own: count it.
    const brokenSuites = results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length
    failed += brokenSuites
    if (!ok && results.numFailedTests === 0 && brokenSuites === 0) failed++
  } else {
    failed++
  }
}

mkdirSync('.tmp', { recursive: true })
// First the Debian packages some suites need: installed here where they can be, else the run stops,
// naming the command to run, rather than fail those suites one by one.
step('Debian packages the tests need', 'node', ['scripts/system-packages.mjs'])
if (failed > 0) {
  console.log(`\n${passed} passed, ${failed} failed`)
  process.exit(1)
}
step('lint and format', 'biome', ['ci', '--colors=off', '.'])
step('typecheck packages', 'pnpm', ['-r', '--filter', './packages/*', 'run', 'typecheck'])
step('typecheck tests', 'tsc', ['-p', 'tsconfig.json', '--noEmit'])
step('type-check docs and TSDoc examples', 'node', ['scripts/check-examples.mjs'])
step('API reference from TSDoc (TypeDoc, warnings are errors)', 'pnpm', ['--filter', '@oauthkit/api-docs', 'run', 'api-docs'])
// The one build of every package: the size budgets, the packed packages and the tests of the builds
// (test/setup/build.ts then finds nothing stale) all use it.
// Warnings and errors only: tsdown's list of every file it wrote would bury the results.
step('build packages', 'pnpm', ['-r', '--filter', './packages/*', '--no-bail', 'run', 'build', '--logLevel', 'warn'])
step('size budgets', 'node', ['scripts/size.mjs'])
reportedSteps('packed packages: publint, attw, install and use', 'node', ['scripts/pack-smoke.mjs'], '.tmp/pack-report.json')
vitest('tests', [], '.tmp/vitest-report.json')
vitest('browser tests (Chromium)', ['--config', 'vitest.browser.config.ts'], '.tmp/vitest-browser-report.json')

console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
