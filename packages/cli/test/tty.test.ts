// One run of `oauthkit login` from the build, in a real pseudo-terminal (python3's pty module), answering
// the @inquirer/prompts questions as a person would.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Loopback } from './harness.ts'
import { CONSUMER, JANE, PASSWORD, startProvider, tempConfigDir } from './harness.ts'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const driver = fileURLToPath(new URL('./drive-tty.py', import.meta.url))
const config = tempConfigDir()
let server: Loopback
beforeAll(async () => {
  // The built CLI signs with the system clock: this provider accepts any timestamp within a century.
  server = await startProvider({ timestampWindowSeconds: 100 * 365 * 24 * 3600 })
})
afterAll(async () => {
  await server.close()
  config.remove()
})

test('login --xauth in a terminal: every missing value is asked, the secrets are not echoed', async () => {
  const steps = [
    ['Consumer key:', CONSUMER.key],
    ['Consumer secret:', CONSUMER.secret],
    ['Username:', JANE.name],
    ['Password:', PASSWORD],
  ]
  const { stdout } = await promisify(execFile)(
    '/usr/bin/python3',
    [driver, JSON.stringify(steps), process.execPath, bin, 'login', '--xauth', '--access-token-url', `${server.origin}/oauth/access_token`],
    { env: { PATH: process.env.PATH, OAUTHKIT_CONFIG_DIR: config.dir, NO_COLOR: '1', TERM: 'dumb' }, timeout: 30_000 },
  )
  expect(stdout).toContain('Logged in as jane; saved profile "default" (the default)')
  expect(stdout).toContain(CONSUMER.key)
  expect(stdout).not.toContain(CONSUMER.secret)
  expect(stdout).not.toContain(PASSWORD)
  const stored = JSON.parse(readFileSync(join(config.dir, 'profiles.json'), 'utf8')) as {
    profiles: Record<string, { consumerSecret: string }>
  }
  expect(stored.profiles.default?.consumerSecret).toBe(CONSUMER.secret)
  expect(JSON.stringify(stored)).not.toContain(PASSWORD)
})
