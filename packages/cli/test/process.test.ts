// The built command in its own process: --version, and an OAuth 2 login whose browser is the command
// in OAUTHKIT_BROWSER, followed by a request with the saved profile.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { OidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { authorizeInBrowser, startOidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { tempConfigDir } from './harness.ts'

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
