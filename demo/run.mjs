// `pnpm demo`: builds the packages, then runs demo/demo.mjs. The build is quiet: its output is shown
// only when it fails, so that the demo's table is the first thing on screen.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const build = spawnSync('pnpm', ['-r', '--filter', './packages/*', 'run', 'build'], { encoding: 'utf8' })
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? '')
  process.stderr.write(`${build.stderr ?? build.error ?? ''}\ndemo: building the packages failed (output above)\n`)
  process.exit(build.status || 1)
}
const demo = spawnSync(process.execPath, [fileURLToPath(new URL('demo.mjs', import.meta.url))], { stdio: 'inherit' })
process.exit(demo.status ?? 1)
