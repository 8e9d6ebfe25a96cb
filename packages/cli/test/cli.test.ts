import { readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { verifyOAuth1 } from '@oauthkit/core'
import { formatAuthorizationHeader, parseAuthorizationHeader, percentEncode } from '@oauthkit/core/oauth1'
import { listenOnLoopback } from '@oauthkit/test-support'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { EchoEncoding } from '../../../test/fixtures/echoed-secrets.ts'
import { ECHO_ENCODINGS, secretForms } from '../../../test/fixtures/echoed-secrets.ts'
import type { Loopback, Run } from './harness.ts'
import {
  approvingBrowser,
  CONSUMER,
  cli,
  consumerFlags,
  endpointFlags,
  expectOneLineError,
  JANE,
  NOW_MS,
  PASSWORD,
  pinFrom,
  startProvider,
  tempConfigDir,
} from './harness.ts'

let server: Loopback
const config = tempConfigDir()
const empty = tempConfigDir()
beforeAll(async () => {
  server = await startProvider()
})
afterAll(async () => {
  await server.close()
  config.remove()
  empty.remove()
})

const endpoints = (): string[] => endpointFlags(server.origin)

interface Stored {
  version: number
  profiles: Record<string, { consumerKey: string; token?: string; tokenSecret?: string; extra?: Record<string, string> }>
}
const storedProfiles = (dir = config.dir): Stored => JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as Stored

describe('login', () => {
  test('three-legged: the callback server receives the redirect, the profile is saved with mode 0600 and becomes the default', async () => {
    const opened: string[] = []
    const result = await cli(config.dir, ['login', '--profile', 'browser', ...consumerFlags, ...endpoints()], {
      openBrowser: async (url) => {
        opened.push(url)
        return approvingBrowser(url)
      },
    })
    expect(result.stderr).toContain('Logged in as jane; saved profile "browser" (the default)')
    expect(result.code).toBe(0)
    expect(opened).toHaveLength(1)
    expect(new URL(opened[0] as string).searchParams.get('oauth_token')).toMatch(/^request_token-/)
    const saved = storedProfiles().profiles.browser
    expect(saved).toMatchObject({ consumerKey: CONSUMER.key, extra: { user_id: JANE.id, screen_name: 'jane' } })
    expect(saved?.token).toMatch(/^access_token-/)
    expect(statSync(join(config.dir, 'profiles.json')).mode & 0o777).toBe(0o600)
    expect((await cli(config.dir, ['profiles'])).stdout).toBe('* browser (generic, HMAC-SHA1)\n')
  })

  test('stray requests to the callback server (a malformed Host, another request token, another Host) are answered and do not end the wait', async () => {
    const own = tempConfigDir()
    try {
      const statuses: (number | undefined)[] = []
      const result = await cli(own.dir, ['login', '--profile', 'stray', ...consumerFlags, ...endpoints()], {
        openBrowser: async (url) => {
          const authorize = await fetch(url, { redirect: 'manual' })
          const callback = new URL(authorize.headers.get('location') as string)
          const raw = (host: string, path: string) =>
            new Promise<number | undefined>((resolve, reject) => {
              const socket = connect(Number(callback.port), callback.hostname, () =>
                socket.end(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
              )
              let reply = ''
              socket.on('data', (chunk) => {
                reply += chunk
              })
              socket.on('end', () => resolve(Number(reply.split(' ')[1])))
              socket.on('error', reject)
            })
          const path = `${callback.pathname}${callback.search}`
          statuses.push(await raw('[', path))
          const other = new URL(callback)
          other.searchParams.set('oauth_token', 'request_token-of-someone-else')
          statuses.push((await fetch(other)).status)
          statuses.push(await raw(`attacker.example:${callback.port}`, path))
          const real = await fetch(callback)
          statuses.push(real.status)
          await real.text()
          return true
        },
      })
      expect(statuses).toEqual([400, 400, 400, 200])
      expect(result.code).toBe(0)
      expect(result.stderr).toContain('Logged in as jane; saved profile "stray"')
    } finally {
      own.remove()
    }
  })

  test('--oob --no-browser: the URL is printed, the PIN is asked; the second profile is not the default', async () => {
    const live = { stdout: '', stderr: '' }
    const result = await cli(config.dir, ['login', '--oob', '--no-browser', '--profile', 'pin', ...consumerFlags, ...endpoints()], {
      interactive: true,
      live,
      openBrowser: async () => {
        throw new Error('the browser must not be opened')
      },
      prompts: {
        input: async ({ message }) => {
          expect(message).toMatch(/^PIN/)
          return pinFrom(live.stderr)
        },
        password: async () => {
          throw new Error('no password asked')
        },
      },
    })
    expect(result.stderr).toContain('saved profile "pin"\n')
    expect(result.code).toBe(0)
    expect(storedProfiles().profiles.pin?.token).toMatch(/^access_token-/)
  })

  test('--xauth: username and password asked, the password neither stored nor shown', async () => {
    const asked: string[] = []
    const result = await cli(
      config.dir,
      ['login', '--xauth', '--profile', 'xauth', ...consumerFlags, '--access-token-url', `${server.origin}/oauth/access_token`],
      {
        interactive: true,
        prompts: {
          input: async ({ message }) => {
            asked.push(message)
            return JANE.name
          },
          password: async ({ message }) => {
            asked.push(message)
            return PASSWORD
          },
        },
      },
    )
    expect(result.code).toBe(0)
    expect(asked).toEqual(['Username:', 'Password:'])
    expect(readFileSync(join(config.dir, 'profiles.json'), 'utf8')).not.toContain(PASSWORD)
    expect(result.stdout + result.stderr).not.toContain(PASSWORD)
  })

  test('--xauth with a wrong password: one line with the OAuth problem', async () => {
    const result = await cli(
      config.dir,
      [
        'login',
        '--xauth',
        '--username',
        'jane',
        '--profile',
        'nope',
        ...consumerFlags,
        '--access-token-url',
        `${server.origin}/oauth/access_token`,
      ],
      {
        interactive: true,
        prompts: { input: async () => 'unused', password: async () => 'wrong password' },
      },
    )
    expectOneLineError(result, 1, /oauth_problem=permission_denied/)
    expect(result.stderr).not.toContain('wrong password')
  })

  test('login --profile NAME again: the consumer, its secret and the endpoints of the profile are used; options override them', async () => {
    const before = storedProfiles().profiles.browser
    const again = await cli(config.dir, ['login', '--profile', 'browser'], { openBrowser: approvingBrowser })
    expect(again.stderr).toMatch(/^Profile "browser" exists: logging in again with its settings, where no option or variable gives them\n/)
    expect(again.stderr).toContain('Logged in as jane; saved profile "browser"\n')
    expect(again.code).toBe(0)
    const after = storedProfiles().profiles.browser
    expect(after?.token).not.toBe(before?.token)
    expect({ ...after, token: undefined, tokenSecret: undefined }).toEqual({ ...before, token: undefined, tokenSecret: undefined })
    // Another consumer key: the saved secret is not its own.
    expectOneLineError(
      await cli(config.dir, ['login', '--profile', 'browser', '--consumer-key', 'another-app']),
      2,
      /^oauthkit: Consumer secret is missing: give --consumer-secret/,
    )
    // Another provider: nothing of the profile is taken.
    expectOneLineError(await cli(config.dir, ['login', '--profile', 'browser', '--preset', 'trello']), 2, /Consumer key is missing/)
    expect(storedProfiles().profiles.browser).toEqual(after)
  })

  test('non-interactive without a consumer key: a usage error naming the flag', async () => {
    const result = await cli(empty.dir, ['login', ...endpoints()])
    expectOneLineError(result, 2, /^oauthkit: Consumer key is missing: give --consumer-key/)
  })

  test('--timeout beyond what a timer holds (24.8 days) is a usage error, not a wait that ends at once', async () => {
    const result = await cli(config.dir, ['login', '--profile', 'late', ...consumerFlags, ...endpoints(), '--timeout', '3000000'])
    expectOneLineError(result, 2, /^oauthkit: --timeout: a number of seconds, up to 2147483$/)
  })

  test('an unknown preset is a usage error that lists the presets', async () => {
    expectOneLineError(
      await cli(empty.dir, ['login', '--preset', 'nope', ...consumerFlags]),
      2,
      /unknown preset "nope"; known presets: generic, x,/,
    )
  })
})

interface Echo {
  user: string
  method: string
  location: string
  parameters: [string, string][]
  contentType: string | null
  body: string
}
const echoOf = (result: Run): Echo => JSON.parse(result.stdout) as Echo

describe('request (with the default profile "browser")', () => {
  test('GET with a query: JSON pretty-printed on stdout, the status line on stderr', async () => {
    const result = await cli(config.dir, ['request', `${server.origin}/api/echo?q=a%20b&n=1`])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('\n  "user": "jane",\n')
    expect(echoOf(result)).toMatchObject({
      method: 'GET',
      location: 'header',
      parameters: [
        ['q', 'a b'],
        ['n', '1'],
      ],
    })
    expect(result.stderr).toBe('HTTP 200 OK\n')
  })

  test('POST -d: a signed form body', async () => {
    const result = await cli(config.dir, ['request', '-d', 'status=Hello world', '-d', 'n=2', `${server.origin}/api/echo`])
    expect(result.code).toBe(0)
    expect(echoOf(result)).toMatchObject({
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: 'status=Hello+world&n=2',
      parameters: [
        ['status', 'Hello world'],
        ['n', '2'],
      ],
    })
  })

  test('--json with -X PUT and a header: sent as is, not signed as parameters', async () => {
    const result = await cli(config.dir, ['request', '-X', 'put', '-H', 'X-Trace: 1', '--json', '{"a":1}', `${server.origin}/api/echo`])
    expect(result.code).toBe(0)
    expect(echoOf(result)).toMatchObject({ method: 'PUT', contentType: 'application/json', body: '{"a":1}', parameters: [] })
  })

  test('a body that is not UTF-8 (an image) reaches stdout byte for byte, without a newline added', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80])
    const images = createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(png))
    const { origin, close } = await listenOnLoopback(images)
    try {
      const result = await cli(config.dir, ['request', `${origin}/logo.png`])
      expect(result.code).toBe(0)
      expect([...Buffer.from(result.stdout, 'latin1')]).toEqual([...png])
    } finally {
      await close()
    }
  })

  test('-i prints the status line and the headers', async () => {
    const result = await cli(config.dir, ['request', '-i', `${server.origin}/api/echo`])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^HTTP 200 OK\n(?:[a-z-]+: .*\n)*x-echo: yes\n/)
    expect(result.stdout).toContain('\n\n{\n')
  })

  test.each([
    ['header', 'GET', []],
    ['query', 'GET', []],
    ['body', 'POST', ['-d', 'a=1']],
  ])('--placement %s', async (placement, method, extra) => {
    const result = await cli(config.dir, ['request', '--placement', placement, ...extra, `${server.origin}/api/echo`])
    expect(result.code).toBe(0)
    expect(echoOf(result)).toMatchObject({ location: placement, method })
  })

  test('--debug writes the base string of the attempt to stderr', async () => {
    const result = await cli(config.dir, ['request', '--debug', `${server.origin}/api/echo?x=1`])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      new RegExp(
        `^\\* GET ${server.origin}/api/echo\\?x=1\\n\\* signature base string: GET&http%3A%2F%2F127\\.0\\.0\\.1%3A\\d+%2Fapi%2Fecho&oauth_consumer_key%3Dcli-app%26`,
      ),
    )
  })

  test('a 401: the body printed, exit 1 with one line naming the problem', async () => {
    const result = await cli(config.dir, ['request', '--token-secret', 'not-the-secret', `${server.origin}/api/echo`])
    expectOneLineError(result, 1, /^oauthkit: .*(401|signature_invalid)/)
    expect(result.stderr).not.toContain('not-the-secret')
  })

  test('usage mistakes exit 2 with one line', async () => {
    expectOneLineError(await cli(config.dir, ['request', 'not a url']), 2, /is not an absolute URL/)
    expectOneLineError(await cli(config.dir, ['request', '-H', 'broken', `${server.origin}/`]), 2, /a header is "Name: value"/)
    // What was typed is not repeated when it may be a secret: a header without its colon, a
    // mistyped option with its value, a form field without "=".
    for (const argv of [
      ['request', '-H', 'Authorization Bearer tok-7f3a', `${server.origin}/`],
      ['request', '--consumer-secrt=tok-7f3a', `${server.origin}/`],
      ['request', "--consumer-secrt=a b'tok-7f3a", `${server.origin}/`],
      ['request', '-d', 'tok-7f3a', `${server.origin}/`],
    ]) {
      const result = await cli(config.dir, argv)
      expect(result.code).toBe(2)
      expect(result.stderr).not.toContain('tok-7f3a')
    }
    expectOneLineError(await cli(config.dir, ['request', '--placement', 'nowhere', `${server.origin}/`]), 2, /--placement: one of header/)
    expectOneLineError(
      await cli(config.dir, ['request', '-X', 'GE T', `${server.origin}/`]),
      2,
      /^oauthkit: -X "GE T": not an HTTP method$/,
    )
    expectOneLineError(
      await cli(config.dir, ['request', '--json', '{"a":1}', '--placement', 'body', `${server.origin}/`]),
      2,
      /its body is not application\/x-www-form-urlencoded; use 'header' or 'query' \(placement_unsupported\)$/,
    )
    expectOneLineError(await cli(config.dir, ['request']), 2, /missing required argument 'url'/)
    expectOneLineError(await cli(config.dir, ['frobnicate']), 2, /unknown command 'frobnicate'/)
    expectOneLineError(await cli(config.dir, ['request', '--profile', 'ghost', `${server.origin}/`]), 1, /no profile named "ghost"/)
  })

  test('an unreachable host: one line', async () => {
    expectOneLineError(await cli(config.dir, ['request', 'http://127.0.0.1:1/x']), 1, /^oauthkit: cannot reach http:\/\/127\.0\.0\.1:1/)
  })
})

describe('credentials from the environment and flags', () => {
  test('OAUTHKIT_* variables without any profile', async () => {
    const token = storedProfiles().profiles.browser
    const env = {
      OAUTHKIT_CONSUMER_KEY: CONSUMER.key,
      OAUTHKIT_CONSUMER_SECRET: CONSUMER.secret,
      OAUTHKIT_TOKEN: token?.token,
      OAUTHKIT_TOKEN_SECRET: token?.tokenSecret,
    }
    const result = await cli(empty.dir, ['request', `${server.origin}/api/echo`], { env })
    expect(result.code).toBe(0)
    expect(echoOf(result).user).toBe('jane')
  })

  test('a flag wins over its variable, which wins over the profile', async () => {
    const wrong = { OAUTHKIT_CONSUMER_SECRET: 'wrong' }
    expect((await cli(config.dir, ['request', `${server.origin}/api/echo`], { env: wrong })).code).toBe(1)
    const fixed = await cli(config.dir, ['request', '--consumer-secret', CONSUMER.secret, `${server.origin}/api/echo`], { env: wrong })
    expect(fixed.code).toBe(0)
  })

  test("another consumer key takes none of the profile's secrets or token", async () => {
    const saved = storedProfiles().profiles.browser
    const result = await cli(config.dir, ['sign', '--consumer-key', 'another-consumer', '--format', 'header', 'https://a.example/r'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('oauth_consumer_key="another-consumer"')
    expect(result.stdout).not.toContain('oauth_token=')
    for (const secret of [CONSUMER.secret, saved?.token, saved?.tokenSecret]) expect(result.stdout).not.toContain(String(secret))
    // The same consumer key keeps them.
    const same = await cli(config.dir, ['sign', '--consumer-key', CONSUMER.key, '--format', 'header', 'https://a.example/r'])
    expect(same.stdout).toContain(`oauth_token="${saved?.token}"`)
  })

  test('OAUTHKIT_PROFILE chooses the profile', async () => {
    const result = await cli(config.dir, ['request', `${server.origin}/api/echo`], { env: { OAUTHKIT_PROFILE: 'xauth' } })
    expect(result.code).toBe(0)
    expectOneLineError(
      await cli(config.dir, ['sign', 'https://a.example/'], { env: { OAUTHKIT_PROFILE: 'ghost' } }),
      1,
      /no profile named "ghost"/,
    )
  })
})

describe('sign', () => {
  test('--format curl: the Authorization header verifies at the fixed clock', async () => {
    const result = await cli(config.dir, ['sign', `${server.origin}/api/echo?a=1`])
    expect(result.code).toBe(0)
    const match = /^curl '?([^' ]+)'? -H '(authorization: [^']+)'\n$/.exec(result.stdout)
    expect(match).not.toBeNull()
    const [, url, header] = match as unknown as [string, string, string]
    const saved = storedProfiles().profiles.browser
    const verified = await verifyOAuth1(
      { method: 'GET', url, headers: new Headers({ authorization: header.slice('authorization: '.length) }), body: null },
      {
        lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
        lookupToken: (token) => (token === saved?.token ? { secret: saved?.tokenSecret ?? '' } : undefined),
        now: () => NOW_MS,
      },
    )
    expect(verified.parameters).toEqual([['a', '1']])
    expect(verified.timestamp).toBe(NOW_MS / 1000)
  })

  test('--format header, POST with -d: the header only; the curl form carries the body', async () => {
    const header = await cli(config.dir, ['sign', '--format', 'header', '-d', 'a=b', 'https://api.example.com/x'])
    expect(header.stdout).toMatch(/^Authorization: OAuth oauth_consumer_key="cli-app", [^\n]*oauth_signature="[^"]+"\n$/)
    const curl = await cli(config.dir, ['sign', '-d', 'a=b', 'https://api.example.com/x'])
    expect(curl.stdout).toMatch(/^curl -X POST https:\/\/api\.example\.com\/x -H .* --data-raw a=b\n$/)
  })

  test('--format header with the query placement is a usage error; an unknown format too', async () => {
    expectOneLineError(
      await cli(config.dir, ['sign', '--format', 'header', '--placement', 'query', 'https://a.example/']),
      2,
      /no Authorization header/,
    )
    expectOneLineError(await cli(config.dir, ['sign', '--format', 'xml', 'https://a.example/']), 2, /--format: curl or header/)
  })

  test('PLAINTEXT: the signature (the secrets) is masked unless --reveal', async () => {
    const flags = ['sign', '--signature-method', 'PLAINTEXT', ...consumerFlags, '--format', 'header', 'https://a.example/']
    const masked = await cli(empty.dir, flags)
    expect(masked.stdout).toContain('oauth_signature="MASKED-PLAINTEXT-SIGNATURE"')
    expect(masked.stdout).not.toContain('s3cr3t')
    for (const placement of ['query', 'body']) {
      const curl = await cli(empty.dir, [
        'sign',
        '--signature-method',
        'PLAINTEXT',
        '--placement',
        placement,
        '-X',
        'POST',
        '-d',
        'a=b',
        ...consumerFlags,
        'https://a.example/',
      ])
      expect(curl.stdout).toContain('oauth_signature=MASKED-PLAINTEXT-SIGNATURE')
      expect(curl.stdout).not.toContain('s3cr3t')
    }
    const revealed = await cli(empty.dir, [...flags, '--reveal'])
    const signature = parseAuthorizationHeader(revealed.stdout.replace(/^Authorization: /, '').trim())?.parameters.find(
      ([name]) => name === 'oauth_signature',
    )
    expect(signature?.[1]).toBe(
      `${encodeURIComponent(CONSUMER.secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}&`,
    )
  })
})

describe('profiles', () => {
  test('list marks the default; show masks the secrets; default switches; remove deletes', async () => {
    expect((await cli(config.dir, ['profiles', 'list'])).stdout).toBe(
      '* browser (generic, HMAC-SHA1)\n  pin (generic, HMAC-SHA1)\n  xauth (generic, HMAC-SHA1)\n',
    )
    const shown = await cli(config.dir, ['profiles', 'show', 'pin'])
    const profile = JSON.parse(shown.stdout) as Record<string, string>
    expect(profile.consumerKey).toBe(CONSUMER.key)
    expect(profile.consumerSecret).toBe('CO…/+ (25 characters)')
    expect(profile.tokenSecret).toMatch(/characters\)$/)
    expect(shown.stdout).not.toContain(CONSUMER.secret)
    expect(shown.stdout).not.toContain(storedProfiles().profiles.pin?.tokenSecret)

    expect((await cli(config.dir, ['profiles', 'default', 'pin'])).code).toBe(0)
    expect((await cli(config.dir, ['profiles'])).stdout).toMatch(/^ {2}browser.*\n\* pin/)
    expect((await cli(config.dir, ['profiles', 'remove', 'pin'])).code).toBe(0)
    expect((await cli(config.dir, ['profiles'])).stdout).toBe('  browser (generic, HMAC-SHA1)\n  xauth (generic, HMAC-SHA1)\n')
    expectOneLineError(await cli(config.dir, ['profiles', 'show', 'pin']), 1, /no profile named "pin"/)
    expectOneLineError(await cli(config.dir, ['profiles', 'remove', 'pin']), 1, /no profile named "pin"/)
    expectOneLineError(await cli(config.dir, ['profiles', 'default', 'pin']), 1, /no profile named "pin"/)
    // Without a default, commands need --profile (or flags): the profiles are named, and the command that chooses.
    expectOneLineError(
      await cli(config.dir, ['request', `${server.origin}/api/echo`]),
      1,
      /no default profile among "browser", "xauth": choose one with oauthkit profiles default NAME/,
    )
    expect((await cli(config.dir, ['profiles', 'default', 'browser'])).code).toBe(0)
    expect((await cli(config.dir, ['request', `${server.origin}/api/echo`])).code).toBe(0)
  })

  test('no profiles yet: a hint on stderr, nothing on stdout', async () => {
    const result = await cli(empty.dir, ['profiles'])
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'no profiles yet; run oauthkit login\n' })
  })
})

describe('secrets given as flags never appear in any output', () => {
  const SECRET = 'FLAG-SECRET-9f8e7d6c'
  const TOKEN_SECRET = 'FLAG-TOKEN-SECRET-1a2b3c'
  const forms = [SECRET, TOKEN_SECRET, encodeURIComponent(SECRET), encodeURIComponent(TOKEN_SECRET)]
  const creds = ['--consumer-key', CONSUMER.key, '--consumer-secret', SECRET, '--token', 't', '--token-secret', TOKEN_SECRET]

  test.each([
    ['request', () => ['request', ...creds, `${server.origin}/api/echo`]],
    ['request -i --debug', () => ['request', '-i', '--debug', ...creds, `${server.origin}/api/echo`]],
    [
      'request --debug PLAINTEXT query',
      () => ['request', '--debug', '--signature-method', 'PLAINTEXT', '--placement', 'query', ...creds, `${server.origin}/api/echo`],
    ],
    ['request (unreachable)', () => ['request', ...creds, 'http://127.0.0.1:1/']],
    ['sign curl', () => ['sign', ...creds, 'https://a.example/']],
    ['sign header PLAINTEXT', () => ['sign', '--signature-method', 'PLAINTEXT', '--format', 'header', ...creds, 'https://a.example/']],
    [
      'sign curl PLAINTEXT query',
      () => ['sign', '--signature-method', 'PLAINTEXT', '--placement', 'query', ...creds, 'https://a.example/'],
    ],
    ['sign bad usage', () => ['sign', ...creds, 'nope']],
    ['login (refused)', () => ['login', '--profile', 'leak', ...creds.slice(0, 4), ...endpoints()]],
    [
      'login xauth (refused)',
      () => ['login', '--xauth', '--username', 'x', ...creds.slice(0, 4), '--access-token-url', `${server.origin}/oauth/access_token`],
    ],
  ])('%s', async (_name, argv) => {
    const result = await cli(empty.dir, argv(), { openBrowser: approvingBrowser })
    const output = result.stdout + result.stderr
    for (const form of forms) expect(output).not.toContain(form)
    expect(output).not.toMatch(/\n\s+at /)
  })
})

describe('a provider that echoes what it received: no secret, no control character reaches the terminal', () => {
  const SECRET = 'ECHO-SECRET consumer/+&!'
  const TOKEN_SECRET = 'ECHO-TOKEN-SECRET token/+1'
  const SIGNATURES = [`${percentEncode(SECRET)}&`, `${percentEncode(SECRET)}&${percentEncode(TOKEN_SECRET)}`]
  let echo: { origin: string; close(): Promise<void> }

  // `/MODE/ENCODING/…`: refuses with what it received (the Authorization header, the PLAINTEXT
  // signature, the secrets), written as ENCODING, in the advice of a report in the header or the body.
  beforeAll(async () => {
    const http = createServer(async (request, response) => {
      for await (const _ of request);
      const [, mode = '', encoding = '', step = ''] = new URL(request.url ?? '/', 'http://x').pathname.split('/')
      const authorization = request.headers.authorization ?? ''
      const signature = parseAuthorizationHeader(authorization)?.parameters.find(([name]) => name === 'oauth_signature')?.[1] ?? ''
      // The secrets the request was signed with: a token secret only for the API call.
      const secrets = step === 'api' ? `${SECRET} ${TOKEN_SECRET}` : SECRET
      const echoed = ECHO_ENCODINGS[encoding as EchoEncoding](`${authorization} ${signature} ${secrets}`)
      const fields: [string, string][] = [
        ['oauth_problem', 'signature_invalid'],
        ['oauth_problem_advice', `you sent ${echoed}`],
        ['oauth_parameters_absent', encodeURIComponent(echoed)],
      ]
      if (mode === 'header') response.writeHead(401, { 'www-authenticate': formatAuthorizationHeader(fields) }).end()
      else if (mode === 'body') {
        response.writeHead(401, { 'content-type': 'application/x-www-form-urlencoded' }).end(new URLSearchParams(fields).toString())
        // The reason phrase and an OAuth 2 error description: text of the provider the CLI prints as it came.
      } else if (mode === 'status') {
        // Node writes a reason phrase as latin1 and fetch reads it as UTF-8: these are the UTF-8 bytes.
        response.writeHead(400, Buffer.from('Bad \u009b2J\u0085\u202eRequest', 'utf8').toString('latin1')).end()
      } else if (mode === 'names') {
        const names = new URLSearchParams([...fields.slice(0, 1), ['oauth_parameters_absent', 'x\u009b2J\u0085y']])
        response.writeHead(401, { 'content-type': 'application/x-www-form-urlencoded' }).end(names.toString())
      } else {
        response
          .writeHead(400, { 'content-type': 'application/json' })
          .end(
            JSON.stringify({ error: 'invalid_client', error_description: 'bad \u202eclient\u202c \u2066x\u2069\u2028\u200fy\u061c\u009b' }),
          )
      }
    })
    echo = await listenOnLoopback(http)
  })
  afterAll(() => echo.close())

  const plaintext = ['--signature-method', 'PLAINTEXT', '--consumer-key', CONSUMER.key, '--consumer-secret', SECRET]
  const shown = (result: Run): string[] =>
    secretForms([SECRET, TOKEN_SECRET, ...SIGNATURES]).filter((form) => (result.stdout + result.stderr).includes(form))

  test.each(['header', 'body'])(
    'request and login with PLAINTEXT, the report in the %s, in every encoding: one line, no secret',
    async (mode) => {
      for (const encoding of Object.keys(ECHO_ENCODINGS)) {
        const url = `${echo.origin}/${mode}/${encoding}`
        const request = await cli(empty.dir, ['request', ...plaintext, '--token', 't', '--token-secret', TOKEN_SECRET, `${url}/api`])
        expectOneLineError(request, 1, /oauth_problem=signature_invalid.*advice: you sent /)
        expect({ encoding, shown: shown(request) }).toEqual({ encoding, shown: [] })
        const login = await cli(empty.dir, [
          'login',
          '--profile',
          'echo',
          ...plaintext,
          '--request-token-url',
          `${url}/request_token`,
          '--authorize-url',
          `${url}/authorize`,
          '--access-token-url',
          `${url}/access_token`,
        ])
        expectOneLineError(login, 1, /oauth_problem=signature_invalid/)
        expect({ encoding, shown: shown(login) }).toEqual({ encoding, shown: [] })
      }
    },
  )

  test("a provider's C1 controls, bidi controls and line separators (names, a reason phrase, an OAuth 2 description) are not printed", async () => {
    const names = await cli(empty.dir, ['request', ...plaintext, `${echo.origin}/names/raw/api`])
    expectOneLineError(names, 1, /; absent: x 2J y; hint: /)
    const status = await cli(empty.dir, ['request', ...plaintext, `${echo.origin}/status/raw/api`])
    expectOneLineError(status, 1, /^oauthkit: HTTP 400 Bad 2J Request$/)
    const oauth2 = await cli(empty.dir, [
      'login',
      '--oauth2',
      '--grant',
      'client_credentials',
      '--token-url',
      `${echo.origin}/oauth2/raw/token`,
      '--client-id',
      'app',
      '--client-secret',
      'client-secret',
    ])
    expectOneLineError(oauth2, 1, /invalid_client — bad client x y/)
    for (const result of [names, status, oauth2]) {
      expect(result.stderr).not.toMatch(/[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    }
  })
})

describe('login without a flow', () => {
  const own = tempConfigDir()
  afterAll(() => own.remove())
  const netsuiteTokens = [...consumerFlags, '--token', 'ns-token', '--token-secret', 'ns-token-secret']

  test('--preset netsuite --token: saved as given, the realm normalized; sign uses HMAC-SHA256 and the realm', async () => {
    const result = await cli(own.dir, ['login', '--preset', 'netsuite', ...netsuiteTokens, '--realm', '1234567-sb1'])
    expect(result.stderr).toBe('Logged in; saved profile "netsuite" (the default)\n')
    expect(result.code).toBe(0)
    const header = await cli(own.dir, [
      'sign',
      '--format',
      'header',
      'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1',
    ])
    expect(header.stdout).toMatch(
      /^Authorization: OAuth realm="1234567_SB1", oauth_consumer_key="cli-app", oauth_token="ns-token", oauth_signature_method="HMAC-SHA256"/,
    )
  })

  test('netsuite: a realm given to request or sign is normalized too — as --realm, as OAUTHKIT_REALM, with --preset netsuite', async () => {
    const url = 'https://7654321-sb2.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1'
    const realmOf = (result: Run): string | undefined => /realm="([^"]*)"/.exec(result.stdout)?.[1]
    expect(realmOf(await cli(own.dir, ['sign', '--format', 'header', '--profile', 'netsuite', '--realm', '7654321-sb2', url]))).toBe(
      '7654321_SB2',
    )
    const fromVariable = await cli(own.dir, ['sign', '--format', 'header', '--profile', 'netsuite', url], {
      env: { OAUTHKIT_REALM: '7654321-sb2' },
    })
    expect(realmOf(fromVariable)).toBe('7654321_SB2')
    const flagsOnly = await cli(empty.dir, [
      'sign',
      '--format',
      'header',
      '--preset',
      'netsuite',
      ...netsuiteTokens,
      '--realm',
      '7654321-sb2',
      url,
    ])
    expect(flagsOnly.stdout).toMatch(/^Authorization: OAuth realm="7654321_SB2", .*oauth_signature_method="HMAC-SHA256"/)
    // Another provider's realm is sent as typed.
    expect(realmOf(await cli(empty.dir, ['sign', '--format', 'header', ...consumerFlags, '--realm', 'Photos-a', url]))).toBe('Photos-a')
    expectOneLineError(
      await cli(empty.dir, ['sign', '--preset', 'nope', ...consumerFlags, url]),
      2,
      /^oauthkit: --preset: unknown preset "nope"/,
    )
  })

  test('--one-legged --preset woocommerce: consumer only, the query placement kept', async () => {
    const result = await cli(own.dir, ['login', '--one-legged', '--preset', 'woocommerce', ...consumerFlags])
    expect(result.stderr).toBe('Saved the consumer credentials; saved profile "woocommerce"\n')
    const curl = await cli(own.dir, ['sign', '--profile', 'woocommerce', 'http://shop.example.com/wp-json/wc/v3/orders'])
    expect(curl.stdout).toMatch(
      /^curl 'http:\/\/shop\.example\.com\/wp-json\/wc\/v3\/orders\?oauth_consumer_key=cli-app&oauth_signature_method=HMAC-SHA256&/,
    )
    expect(curl.stdout).not.toContain('oauth_token=')
    expect(curl.stdout).not.toContain('authorization')
    expect(curl.stdout).not.toContain('oauth_version')
  })

  test('--no-oauth-version leaves oauth_version out of request and sign; without it, oauth_version=1.0 is sent', async () => {
    const header = (extra: string[]) => cli(empty.dir, ['sign', '--format', 'header', ...consumerFlags, ...extra, 'https://a.example/'])
    expect((await header([])).stdout).toContain('oauth_version="1.0"')
    expect((await header(['--no-oauth-version'])).stdout).not.toContain('oauth_version')
    // An OAuth 2 profile does not take it: it is for OAuth 1.0a.
    expectOneLineError(
      await cli(empty.dir, ['login', '--oauth2', '--no-oauth-version']),
      2,
      /--no-oauth-version is for OAuth 1\.0a and --oauth2 for OAuth 2: choose one/,
    )
  })

  test('conflicting ways are a usage error; a --token without its secret asks for it, or takes OAUTHKIT_TOKEN_SECRET', async () => {
    expectOneLineError(await cli(own.dir, ['login', '--xauth', '--one-legged', ...consumerFlags]), 2, /choose one of/)
    expectOneLineError(await cli(own.dir, ['login', '--token-secret', 's', ...consumerFlags]), 2, /--token-secret goes with --token/)
    const lone = await cli(own.dir, ['login', '--profile', 'lone', '--token', 't', ...consumerFlags])
    expect(lone.code).toBe(2)
    expect(lone.stderr).toMatch(/--token-secret or OAUTHKIT_TOKEN_SECRET/)
    // The secret kept off the command line (ps shows arguments, not the environment).
    const fromEnv = await cli(own.dir, ['login', '--profile', 'env-secret', '--token', 't', ...consumerFlags], {
      env: { OAUTHKIT_TOKEN_SECRET: 'secret-from-env' },
    })
    expect(fromEnv.code).toBe(0)
    const saved = JSON.parse(readFileSync(join(own.dir, 'profiles.json'), 'utf8')) as { profiles: Record<string, { tokenSecret?: string }> }
    expect(saved.profiles['env-secret']?.tokenSecret).toBe('secret-from-env')
  })

  test('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(await cli(own.dir, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
    expect(await cli(own.dir, ['-V'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  test('no command: the help on stderr, exit 2', async () => {
    const result = await cli(own.dir, [])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: oauthkit')
  })
})
