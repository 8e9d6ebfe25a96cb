// What a person at the command line meets: a refusal in one line with what to check, the default
// profile after a removal, an out-of-band login a script can finish (--pin, OAUTHKIT_PIN), and the
// exit codes docs/cli.md promises.
import { execFile } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MemoryNonceStore } from '@oauthkit/core'
import { parseAuthorizationHeader, percentEncode } from '@oauthkit/core/oauth1'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { secretForms } from '../../../test/fixtures/echoed-secrets.ts'
import type { Loopback, Run } from './harness.ts'
import {
  approvingBrowser,
  CONSUMER,
  cli,
  consumerFlags,
  endpointFlags,
  expectOneLineError,
  freshConfigs,
  pinFrom,
  savedProfiles,
  startProvider,
} from './harness.ts'

let server: Loopback
const freshConfig = freshConfigs()
beforeAll(async () => {
  server = await startProvider()
})
afterAll(() => server.close())

const endpoints = (): string[] => endpointFlags(server.origin)
const everything = (result: Run): string => result.stdout + result.stderr

/** Logs in three-legged as jane and saves the profile `name`. */
async function login(dir: string, name: string): Promise<void> {
  const result = await cli(dir, ['login', '--profile', name, ...consumerFlags, ...endpoints()], { openBrowser: approvingBrowser })
  expect(result.code).toBe(0)
}

const storedToken = (dir: string, name: string): { token: string; tokenSecret: string } =>
  savedProfiles(dir)[name] as { token: string; tokenSecret: string }

describe('a refusal is one line', () => {
  const WRONG = 'WRONG-token-secret-77&/+'

  test("signature_invalid: the provider's problem and advice once, and what to check", async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const result = await cli(dir, ['request', '--token-secret', WRONG, `${server.origin}/api/echo`])
    expectOneLineError(
      result,
      1,
      /^oauthkit: GET http:\/\/127\.0\.0\.1:\d+\/api\/echo was refused: oauth_problem=signature_invalid \(HTTP 401\); advice: .+; hint: check the consumer secret and the token secret; oauthkit request --debug prints the signature base string, to compare with the provider's$/,
    )
    // The provider's text once: the report is the line, neither repeated nor printed as a body.
    expect(result.stderr.split('oauth_problem=').length - 1).toBe(1)
    expect(result.stderr.split('The signature does not match').length - 1).toBe(1)
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect(result.stdout).toBe('')
    for (const form of secretForms([WRONG, CONSUMER.secret, storedToken(dir, 'jane').tokenSecret]))
      expect(everything(result)).not.toContain(form)
  })

  test('--debug prints the base string that was signed, and no secret', async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const sent: string[] = []
    const result = await cli(dir, ['request', '--debug', '--token-secret', WRONG, `${server.origin}/api/echo?q=a%20b`], {
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get('authorization') ?? '')
        return fetch(input, init)
      },
    })
    expectOneLineError(result, 1, /oauth_problem=signature_invalid.*; hint: check the consumer secret/)
    const baseString = /^\* signature base string: (\S+)$/m.exec(result.stderr)?.[1]
    expect(baseString).toMatch(
      /^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fapi%2Fecho&oauth_consumer_key%3Dcli-app%26oauth_nonce%3D\w+%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1700000000%26oauth_token%3Daccess_token-\d+%26oauth_version%3D1\.0%26q%3Da%2520b$/,
    )
    // The very string that was signed: its HMAC with the keys used is the signature that was sent.
    const signature = parseAuthorizationHeader(sent[0] ?? '')?.parameters.find(([name]) => name === 'oauth_signature')?.[1]
    const key = `${percentEncode(CONSUMER.secret)}&${percentEncode(WRONG)}`
    expect(
      createHmac('sha1', key)
        .update(baseString ?? '')
        .digest('base64'),
    ).toBe(signature)
    for (const form of secretForms([WRONG, CONSUMER.secret, storedToken(dir, 'jane').tokenSecret]))
      expect(everything(result)).not.toContain(form)
  })

  test('other problems keep one line each: timestamp_refused says to check the clock; token_rejected has no hint of ours', async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const late = await cli(dir, ['request', `${server.origin}/api/echo`], {
      fetch: (input, init) => {
        // The request of a machine whose clock is a day behind: the provider refuses its timestamp.
        const headers = new Headers(init?.headers)
        headers.set(
          'authorization',
          (headers.get('authorization') ?? '').replace('oauth_timestamp="1700000000"', 'oauth_timestamp="1699913600"'),
        )
        return fetch(input, { ...init, headers })
      },
    })
    expectOneLineError(late, 1, /oauth_problem=timestamp_refused.*; hint: check the clock$/)
    expect(late.stderr.split('\n')).toHaveLength(2)
    const unknown = await cli(dir, ['request', '--token', 'no-such-token', '--token-secret', 'whatever', `${server.origin}/api/echo`])
    expectOneLineError(unknown, 1, /oauth_problem=token_rejected \(HTTP 401\)(?:; advice: [^;]+)?$/)
    expect(unknown.stderr.split('oauth_problem=').length - 1).toBe(1)
  })
})

describe('the default profile after a removal', () => {
  test('one profile left: it becomes the default, and request uses it', async () => {
    const dir = freshConfig()
    await login(dir, 'first')
    await login(dir, 'second')
    const removed = await cli(dir, ['profiles', 'remove', 'first'])
    expect(removed).toEqual({ code: 0, stdout: '', stderr: 'removed profile "first", the default; "second" is the default profile now\n' })
    expect((await cli(dir, ['profiles'])).stdout).toBe('* second (generic, HMAC-SHA1)\n')
    const request = await cli(dir, ['request', `${server.origin}/api/echo`])
    expect(request.code).toBe(0)
    expect(JSON.parse(request.stdout)).toMatchObject({ user: 'jane' })
  })

  test('several left: the CLI names them and the command to choose one, and so do request, sign and profiles', async () => {
    const dir = freshConfig()
    for (const name of ['first', 'second', 'third']) await login(dir, name)
    const choose = /no default profile among "second", "third": choose one with oauthkit profiles default NAME, or give --profile NAME/
    const removed = await cli(dir, ['profiles', 'remove', 'first'])
    expect(removed.code).toBe(0)
    expect(removed.stderr).toMatch(new RegExp(`^removed profile "first", the default; ${choose.source}\\n$`))
    const listed = await cli(dir, ['profiles'])
    expect(listed.stdout).toBe('  second (generic, HMAC-SHA1)\n  third (generic, HMAC-SHA1)\n')
    expect(listed.stderr).toMatch(choose)
    for (const argv of [
      ['request', `${server.origin}/api/echo`],
      ['sign', `${server.origin}/api/echo`],
    ]) {
      const result = await cli(dir, argv)
      expectOneLineError(result, 1, choose)
      expect(result.stderr).not.toContain('no credentials')
    }
    expect((await cli(dir, ['request', '--profile', 'third', `${server.origin}/api/echo`])).code).toBe(0)
    expect((await cli(dir, ['profiles', 'default', 'third'])).code).toBe(0)
    expect((await cli(dir, ['request', `${server.origin}/api/echo`])).code).toBe(0)
  })

  test('removing a profile that is not the default leaves the default; the last one leaves none', async () => {
    const dir = freshConfig()
    await login(dir, 'first')
    await login(dir, 'second')
    expect((await cli(dir, ['profiles', 'remove', 'second'])).stderr).toBe('removed profile "second"\n')
    expect((await cli(dir, ['profiles'])).stdout).toBe('* first (generic, HMAC-SHA1)\n')
    expect((await cli(dir, ['profiles', 'remove', 'first'])).stderr).toBe('removed profile "first", the default; no profile is left\n')
    expectOneLineError(await cli(dir, ['request', `${server.origin}/api/echo`]), 1, /no credentials: run oauthkit login/)
  })
})

describe('--pin and OAUTHKIT_PIN: an out-of-band login a script finishes', () => {
  /** The PIN the provider's oob page shows for the authorization URL the first run printed. */
  const pinFor = (result: Run): Promise<string> => pinFrom(result.stderr)
  const noPrompt = {
    input: async (): Promise<string> => {
      throw new Error('nothing may be asked')
    },
    password: async (): Promise<string> => {
      throw new Error('nothing may be asked')
    },
  }
  const oob = (profile: string): string[] => ['login', '--oob', '--no-browser', '--profile', profile, ...consumerFlags, ...endpoints()]

  test('without a terminal the first run prints the URL and keeps the request token; the same command with --pin finishes', async () => {
    const dir = freshConfig()
    const first = await cli(dir, oob('script'))
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('run the same command with --pin PIN (or OAUTHKIT_PIN) to finish the login of profile "script"')
    expect((await cli(dir, ['profiles'])).stderr).toBe('no profiles yet; run oauthkit login\n')
    const pin = await pinFor(first)
    const second = await cli(dir, [...oob('script'), '--pin', pin], { prompts: noPrompt })
    expect(second).toEqual({ code: 0, stdout: '', stderr: 'Logged in as jane; saved profile "script" (the default)\n' })
    const request = await cli(dir, ['request', `${server.origin}/api/echo`])
    expect(JSON.parse(request.stdout)).toMatchObject({ user: 'jane' })
    // Used once: the next run without a PIN starts again, with a new request token.
    const again = await cli(dir, oob('script'))
    expect(await pinFor(again)).not.toBe(pin)
  })

  test('OAUTHKIT_PIN does the same; --pin wins over it; a terminal is not asked when either is given', async () => {
    const dir = freshConfig()
    const pin = await pinFor(await cli(dir, oob('from-env')))
    const fromEnv = await cli(dir, oob('from-env'), { env: { OAUTHKIT_PIN: pin }, interactive: true, prompts: noPrompt })
    expect(fromEnv.code).toBe(0)
    expect(fromEnv.stderr).toBe('Logged in as jane; saved profile "from-env" (the default)\n')

    const flagPin = await pinFor(await cli(dir, oob('both')))
    const both = await cli(dir, [...oob('both'), '--pin', flagPin], {
      env: { OAUTHKIT_PIN: 'not-the-pin-1234' },
      interactive: true,
      prompts: noPrompt,
    })
    expect(both.code).toBe(0)
    expect(both.stderr).toBe('Logged in as jane; saved profile "both"\n')
    for (const result of [fromEnv, both]) expect(everything(result)).not.toContain(result === both ? flagPin : pin)
  })

  test('removing the profile forgets the request token a login of it kept for --pin', async () => {
    const dir = freshConfig()
    await login(dir, 'kept')
    const waiting = await cli(dir, oob('kept'))
    expect(waiting.stderr).toContain('run the same command with --pin PIN')
    const settings = (): string => readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(settings()).toContain('oob:kept')
    expect((await cli(dir, ['profiles', 'remove', 'kept'])).code).toBe(0)
    expect(settings()).not.toContain('oob:kept')
  })

  test('a PIN with no login waiting for it: one line, exit 2, no request token asked for', async () => {
    const dir = freshConfig()
    let tokenRequests = 0
    const result = await cli(dir, [...oob('nothing-pending'), '--pin', 'pin-1234-stale'], {
      fetch: (input, init) => {
        tokenRequests++
        return fetch(input, init)
      },
    })
    expectOneLineError(result, 2, /^oauthkit: no --oob login of profile "nothing-pending" is waiting for a PIN/)
    expect(tokenRequests).toBe(0)
    expect(everything(result)).not.toContain('pin-1234-stale')
  })

  test('a wrong PIN: one line, without the PIN, even when the provider quotes it', async () => {
    const dir = freshConfig()
    await pinFor(await cli(dir, oob('wrong')))
    const WRONG_PIN = 'pin-0000-wrong'
    const refused = await cli(dir, [...oob('wrong'), '--pin', WRONG_PIN])
    expectOneLineError(refused, 1, /oauth_problem=verifier_invalid/)
    expect(everything(refused)).not.toContain(WRONG_PIN)
    // A provider that quotes the verifier it refused.
    await pinFor(await cli(dir, oob('quoting')))
    const quoting = await cli(dir, [...oob('quoting'), '--pin', WRONG_PIN], {
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!String(input).endsWith('/oauth/access_token')) return response
        await response.text()
        const report = new URLSearchParams({
          oauth_problem: 'verifier_invalid',
          oauth_problem_advice: `the verifier ${WRONG_PIN} is wrong`,
        })
        return new Response(report.toString(), { status: 401, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      },
    })
    expectOneLineError(quoting, 1, /oauth_problem=verifier_invalid.*advice: the verifier \[redacted\] is wrong/)
    expect(everything(quoting)).not.toContain(WRONG_PIN)
  })

  test('login --help documents --pin and OAUTHKIT_PIN', async () => {
    const help = await cli(freshConfig(), ['login', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--pin <code> the PIN of an --oob login, instead of asking (env OAUTHKIT_PIN)')
  })

  test('--pin without --oob is a usage mistake; a terminal without a PIN is asked, as before', async () => {
    const dir = freshConfig()
    expectOneLineError(
      await cli(dir, ['login', '--pin', '123456', ...consumerFlags, ...endpoints()]),
      2,
      /^oauthkit: --pin goes with --oob$/,
    )
    const live = { stdout: '', stderr: '' }
    const asked = await cli(dir, oob('asked'), {
      interactive: true,
      live,
      prompts: {
        input: async ({ message }) => {
          expect(message).toMatch(/^PIN/)
          return pinFor({ code: 0, ...live })
        },
        password: noPrompt.password,
      },
    })
    expect(asked.code).toBe(0)
    expect(asked.stderr).toContain('Logged in as jane; saved profile "asked"')
  })
})

describe("docs/cli.md's exit codes, case by case", () => {
  const env = { OAUTHKIT_CONSUMER_KEY: CONSUMER.key, OAUTHKIT_CONSUMER_SECRET: CONSUMER.secret }

  test('2: no command (the help, on stderr)', async () => {
    const result = await cli(freshConfig(), [])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: oauthkit')
  })

  test('0: success', async () => {
    const dir = freshConfig()
    expect((await cli(dir, ['sign', 'https://api.example.com/me'], { env })).code).toBe(0)
    expect((await cli(dir, ['profiles'])).code).toBe(0)
    expect((await cli(dir, ['--help'])).code).toBe(0)
  })

  test('1: a failure, an HTTP status of 400 or more from request included', async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const missing = await cli(dir, ['request', `${server.origin}/no-such-page`])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^oauthkit: HTTP 404/m)
    expectOneLineError(await cli(dir, ['request', 'http://127.0.0.1:1/x']), 1, /cannot reach/)
    expectOneLineError(await cli(dir, ['request', '--profile', 'ghost', `${server.origin}/api/echo`]), 1, /no profile named "ghost"/)
    expectOneLineError(await cli(dir, ['request', '--token-secret', 'wrong', `${server.origin}/api/echo`]), 1, /signature_invalid/)
  })

  test.each([
    ['an unknown option', ['request', '--bogus', 'https://a.example/'], /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a missing argument', ['request'], /missing required argument 'url'/],
    ['a missing argument of profiles show', ['profiles', 'show'], /missing required argument 'name'/],
    ['a bad -H', ['request', '-H', 'broken', 'https://a.example/'], /a header is "Name: value"/],
    ['a bad -X', ['sign', '-X', 'GE T', 'https://a.example/'], /not an HTTP method/],
    ['a URL that is not absolute', ['request', 'a.example/x?api_key=k-55aa'], /the URL given is not an absolute URL/],
    [
      'an ftp:// URL to request',
      ['request', 'ftp://files.example/a?api_key=k-55aa'],
      /the URL given: ftp: URLs are not supported; use https:\/\/ or http:\/\//,
    ],
    ['an ftp:// URL to sign', ['sign', 'ftp://files.example/a'], /ftp: URLs are not supported/],
    ['a mailto: URL', ['request', 'mailto:someone@example.com'], /mailto: URLs are not supported/],
    ['a file: URL', ['request', 'file:///etc/passwd'], /file: URLs are not supported/],
    [
      'an ftp:// endpoint to login',
      [
        'login',
        '--oob',
        ...consumerFlags,
        '--request-token-url',
        'ftp://a.example/rt',
        '--authorize-url',
        'https://a.example/a',
        '--access-token-url',
        'https://a.example/at',
      ],
      /--request-token-url: ftp: URLs are not supported/,
    ],
    [
      'an ftp:// access-token URL to xauth',
      ['login', '--xauth', '--username', 'u', ...consumerFlags, '--access-token-url', 'ftp://a.example/at'],
      /--access-token-url: ftp: URLs/,
    ],
    ['an unknown placement', ['request', '--placement', 'nowhere', 'https://a.example/'], /--placement: one of header/],
    [
      'a placement the request cannot carry',
      ['request', '--json', '{}', '--placement', 'body', 'https://a.example/'],
      /placement_unsupported/,
    ],
    [
      'no Authorization header to print',
      ['sign', '--format', 'header', '--placement', 'query', 'https://a.example/'],
      /no Authorization header/,
    ],
    ['--pin without --oob', ['login', '--pin', '1234', ...consumerFlags], /--pin goes with --oob/],
    ['a bad -d', ['request', '-d', 'k-55aa', 'https://a.example/'], /a form field is name=value/],
    ['a bad --format', ['sign', '--format', 'xml', 'https://a.example/'], /--format: curl or header/],
    ['an unknown signature method', ['sign', '--signature-method', 'HMAC-MD5', 'https://a.example/'], /unknown signature method/],
    ['an unknown preset', ['sign', '--preset', 'nosuch', 'https://a.example/'], /nosuch/],
    [
      'a bad --timeout',
      [
        'login',
        '--timeout',
        '-1',
        ...consumerFlags,
        '--access-token-url',
        'https://a.example/at',
        '--request-token-url',
        'https://a.example/rt',
        '--authorize-url',
        'https://a.example/a',
      ],
      /--timeout: a number of seconds/,
    ],
    [
      'a value to ask for, with no terminal',
      ['login', '--oob'],
      /^oauthkit: Access-token URL is missing: give --access-token-url \(no terminal to ask on\)$/,
    ],
  ])('2: %s', async (_case, argv, pattern) => {
    const result = await cli(freshConfig(), argv, { env })
    expectOneLineError(result, 2, pattern)
    expect(everything(result)).not.toContain('k-55aa')
    expect(everything(result)).not.toContain(CONSUMER.secret)
  })
})

describe('the built command in its own process, as a script runs it (no terminal)', () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
  let live: Loopback
  beforeAll(async () => {
    // The process signs with the machine's clock, so this provider checks timestamps against it too.
    live = await startProvider({ now: Date.now, nonceStore: new MemoryNonceStore({ now: Date.now }) })
  })
  afterAll(() => live.close())

  const oauthkit = (dir: string, argv: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...argv],
        { env: { PATH: process.env.PATH, OAUTHKIT_CONFIG_DIR: dir, NO_COLOR: '1', ...env }, timeout: 30_000 },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      )
    })
  const liveEndpoints = (): string[] => endpointFlags(live.origin)

  test('login --oob, then the same command with OAUTHKIT_PIN; a refusal is one line; an ftp:// URL exits 2', async () => {
    const dir = freshConfig()
    const oob = ['login', '--oob', '--no-browser', '--profile', 'ci', ...liveEndpoints()]
    const env = { OAUTHKIT_CONSUMER_KEY: CONSUMER.key, OAUTHKIT_CONSUMER_SECRET: CONSUMER.secret }
    const first = await oauthkit(dir, oob, env)
    expect(first.code).toBe(0)
    const pin = await pinFrom(first.stderr)
    expect(pin).not.toBe('')
    const second = await oauthkit(dir, oob, { ...env, OAUTHKIT_PIN: pin })
    expect(second).toEqual({ code: 0, stdout: '', stderr: 'Logged in as jane; saved profile "ci" (the default)\n' })

    const ok = await oauthkit(dir, ['request', `${live.origin}/api/echo`])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ user: 'jane' })
    const refused = await oauthkit(dir, ['request', '--token-secret', 'wrong-secret-99', `${live.origin}/api/echo`])
    expectOneLineError(
      refused,
      1,
      /oauth_problem=signature_invalid \(HTTP 401\); advice: .*; hint: check the consumer secret and the token secret/,
    )
    expect(refused.stderr.split('\n')).toHaveLength(2)
    expect(refused.stdout).toBe('')
    for (const secret of ['wrong-secret-99', CONSUMER.secret, pin]) expect(everything(refused) + everything(second)).not.toContain(secret)

    expectOneLineError(await oauthkit(dir, ['request', 'ftp://files.example/a']), 2, /ftp: URLs are not supported/)
  })
})
