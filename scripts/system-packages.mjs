// The Debian packages the test suites need: Python's oauthlib (the interop suites and the CLI's
// terminal tests), redis-server (the Redis stores) and chromium (the browser tests). Run first by
// scripts/test.mjs: when some are missing it installs them, as root where apt-get is, saying so in
// one line; elsewhere it names the command to run in one line and exits 1, so that no suite is left
// to fail for a reason of the machine's.
//
//   node scripts/system-packages.mjs
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Where the tests look for them: tools/test-support/src/oauthlib.ts, packages/server/test/redis-server.ts,
// vitest.browser.config.ts.
const NEEDED = [
  {
    packages: ['python3-oauthlib', 'python3-jwt', 'python3-cryptography'],
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import oauthlib, jwt, cryptography'], { stdio: 'ignore' }).status === 0,
  },
  { packages: ['redis-server'], present: () => existsSync('/usr/bin/redis-server') },
  { packages: ['chromium'], present: () => existsSync('/usr/bin/chromium') },
]

const missing = () => NEEDED.filter((need) => !need.present()).flatMap((need) => need.packages)

const wanted = missing()
if (wanted.length === 0) process.exit(0)

const command = `apt-get install -y --no-install-recommends ${wanted.join(' ')}`
const root = process.getuid?.() === 0
if (!root || !existsSync('/usr/bin/apt-get')) {
  const how = existsSync('/usr/bin/apt-get') ? `sudo apt-get update && sudo ${command}` : `install the Debian packages ${wanted.join(' ')}`
  console.error(`The tests need Debian packages that are missing: ${how}`)
  process.exit(1)
}

const log = join(tmpdir(), 'oauthkit-apt.log')
console.log(`Installing the Debian packages the tests need (as root, with apt-get; log in ${log}): ${wanted.join(' ')}`)
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
let output = ''
// A failed update (one source unreachable) may still leave lists to install from: the check after says.
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', ...wanted],
]) {
  const result = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  output += `$ apt-get ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}\n`
  writeFileSync(log, output)
}
const still = missing()
if (still.length > 0) {
  console.error(readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n'))
  console.error(`Installing ${still.join(' ')} failed (above; all of it in ${log}): run \`apt-get update && ${command}\``)
  process.exit(1)
}
