// The whole test command: lint and format check, typecheck, then every vitest suite.
// Ends with one summary line, `N passed, N failed[, N skipped]`, counting each check as one.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const report = '.tmp/vitest-report.json'
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
let passed = 0
let failed = 0
let skipped = 0

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env })
  return result.status === 0
}

for (const [label, command, args] of [
  ['lint and format', 'biome', ['ci', '--colors=off', '.']],
  ['typecheck packages', 'pnpm', ['-r', '--filter', './packages/*', 'run', 'typecheck']],
  ['typecheck tests', 'tsc', ['-p', 'tsconfig.json', '--noEmit']],
  ['type-check docs and TSDoc examples', 'node', ['scripts/check-examples.mjs']],
]) {
  if (run(label, command, args)) passed++
  else {
    failed++
    console.log(`✗ ${label} failed`)
  }
}

mkdirSync('.tmp', { recursive: true })
rmSync(report, { force: true })
const vitestOk = run('tests', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`])
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'))
  passed += results.numPassedTests
  failed += results.numFailedTests
  skipped += results.numPendingTests + results.numTodoTests
  // A suite that failed to load has no failed test of its own: count it.
  const brokenSuites = results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length
  failed += brokenSuites
  if (!vitestOk && results.numFailedTests === 0 && brokenSuites === 0) failed++
} else {
  failed++
}

console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
