// The built command in its own process: --version, and an OAuth 2 login whose browser is the command
// in OAUTHKIT_BROWSER, followed by a request with the saved profile.
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { OidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { authorizeInBrowser, startOidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { cli, oidcLoginFlags, tempConfigDir } from './harness.ts'

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
const fakeBrowser = fileURLToPath(new URL('./report-url.mjs', import.meta.url))
const config = tempConfigDir()
let oidc: OidcServer
beforeAll(async () => {
  oidc = await startOidcServer()
})
afterAll(async () => {
  await oidc.close()
  config.remove()
})

const oauthkit = (argv: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [bin, ...argv], {
    env: { PATH: process.env.PATH, OAUTHKIT_CONFIG_DIR: config.dir, NO_COLOR: '1', ...env },
    timeout: 30_000,
  })

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  expect(await oauthkit(['--version'])).toEqual({ stdout: `${version}\n`, stderr: '' })
})

test('a reader that went away (oauthkit --help | head): the command stops quietly, exit 0, no stack trace', async () => {
  // The read end of the pipe is closed before the command starts, so every write to it fails (EPIPE).
  const closedPipe = [
    'import os, subprocess, sys',
    'read, write = os.pipe()',
    'os.close(read)',
    'done = subprocess.run(sys.argv[1:], stdout=write, stderr=subprocess.PIPE)',
    'sys.stdout.write(f"{done.returncode}|{done.stderr.decode()}")',
  ].join('\n')
  for (const argv of [['--help'], ['request', '--help'], ['--version']]) {
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', closedPipe, process.execPath, bin, ...argv], {
      env: { PATH: process.env.PATH, OAUTHKIT_CONFIG_DIR: config.dir },
      timeout: 30_000,
    })
    expect(stdout).toBe('0|')
  }
})

test('login --oauth2 opens the URL with OAUTHKIT_BROWSER; the redirect reaches the command; request then uses the profile', async () => {
  // The browser command reports the URL here; the test then signs in and consents as the person would.
  const signedIn: Promise<void>[] = []
  const reports = createServer((request, response) => {
    let url = ''
    request.on('data', (chunk: Buffer) => {
      url += chunk.toString()
    })
    request.on('end', () => {
      response.end()
      signedIn.push(
        (async () => {
          const callback = await authorizeInBrowser(url, new URL(url).searchParams.get('redirect_uri') ?? '')
          await (await fetch(callback)).text()
        })(),
      )
    })
  })
  await new Promise<void>((resolve) => reports.listen(0, '127.0.0.1', resolve))
  try {
    const login = await oauthkit(
      [
        'login',
        '--oauth2',
        '--client-id',
        oidc.confidential.clientId,
        '--authorize-url',
        oidc.authorizationEndpoint,
        '--token-url',
        oidc.tokenEndpoint,
        '--scope',
        'openid',
        '--timeout',
        '20',
      ],
      {
        OAUTHKIT_CLIENT_SECRET: oidc.confidential.clientSecret,
        OAUTHKIT_BROWSER: `${process.execPath} ${fakeBrowser}`,
        REPORT_URL_TO: `http://127.0.0.1:${(reports.address() as AddressInfo).port}/`,
      },
    )
    await Promise.all(signedIn)
    expect(signedIn).toHaveLength(1)
    expect(login.stdout).toBe('')
    expect(login.stderr).toMatch(/^Opened the browser at http:\/\/127\.0\.0\.1:\d+\/auth\?response_type=code&/)
    expect(login.stderr).toMatch(
      /Logged in with OAuth 2 \(authorization_code, scope "openid"\); saved profile "default" \(the default\)\n$/,
    )

    const me = await oauthkit(['request', oidc.userinfoEndpoint])
    expect(JSON.parse(me.stdout)).toEqual({ sub: 'alice' })
    expect(me.stderr).toBe('HTTP 200 OK\n')
    const saved = readFileSync(`${config.dir}/profiles.json`, 'utf8')
    const token = (JSON.parse(saved) as { profiles: { default: { token: { access_token: string } } } }).profiles.default.token.access_token
    for (const output of [login.stdout, login.stderr, me.stdout, me.stderr]) {
      expect(output).not.toContain(oidc.confidential.clientSecret)
      expect(output).not.toContain(token)
    }
  } finally {
    await new Promise<void>((resolve) => reports.close(() => resolve()))
  }
})

test('two processes renewing one OAuth 2 profile at once: one refresh; the other process takes its token; both requests succeed', async () => {
  const own = tempConfigDir()
  try {
    // A login with a refresh token (in-process: the person at the browser is played by the test).
    const login = await cli(
      own.dir,
      [...oidcLoginFlags(oidc), '--client-id', oidc.confidential.clientId, '--client-secret', oidc.confidential.clientSecret],
      {
        openBrowser: async (url) => {
          const callback = await authorizeInBrowser(url, new URL(url).searchParams.get('redirect_uri') ?? '')
          await (await fetch(callback)).text()
          return true
        },
      },
    )
    expect(login.code).toBe(0)
    const file = join(own.dir, 'profiles.json')
    type Saved = { profiles: { default: { token: { access_token: string; refresh_token: string; expires_at: number } } } }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved
    const before = saved.profiles.default.token
    saved.profiles.default.token.expires_at = 1 // expired, whatever the clock says
    writeFileSync(file, JSON.stringify(saved))
    const requests = oidc.tokenRequests.length

    // The token endpoint answers slowly: the first renewal is still in flight when the second process looks.
    oidc.tokenResponseDelay = 500
    let outputs: { stdout: string; stderr: string }[]
    try {
      const env = { OAUTHKIT_CONFIG_DIR: own.dir }
      outputs = await Promise.all([oauthkit(['request', oidc.userinfoEndpoint], env), oauthkit(['request', oidc.userinfoEndpoint], env)])
    } finally {
      oidc.tokenResponseDelay = 0
    }
    for (const { stdout, stderr } of outputs) {
      expect(JSON.parse(stdout)).toEqual({ sub: 'alice' })
      expect(stderr).toBe('HTTP 200 OK\n')
    }
    // One refresh: the refresh token was spent once, so the server had no reuse to punish.
    expect(oidc.tokenRequests.slice(requests)).toEqual(['refresh_token'])
    const after = (JSON.parse(readFileSync(file, 'utf8')) as Saved).profiles.default.token
    expect(after.refresh_token).not.toBe(before.refresh_token)
    expect(after.expires_at).toBeGreaterThan(1)
    expect(readdirSync(own.dir).filter((name) => name.endsWith('.lock'))).toEqual([])
    for (const { stdout, stderr } of outputs) {
      for (const secret of [
        oidc.confidential.clientSecret,
        before.access_token,
        before.refresh_token,
        after.access_token,
        after.refresh_token,
      ]) {
        expect(stdout + stderr).not.toContain(secret)
      }
    }
    // A third command uses the saved token as it is.
    expect(JSON.parse((await oauthkit(['request', oidc.userinfoEndpoint], { OAUTHKIT_CONFIG_DIR: own.dir })).stdout)).toEqual({
      sub: 'alice',
    })
    expect(oidc.tokenRequests.slice(requests)).toEqual(['refresh_token'])
  } finally {
    own.remove()
  }
})
