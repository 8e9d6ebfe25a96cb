// The cases every runtime runs (deno.test.ts, bun.test.ts, workerd.test.ts), mirroring the Chromium
// suite: signatures made in the runtime and verified by a Node loopback server, requests signed in Node
// and verified by verifyOAuth1 and oauth1Provider inside the runtime, the dance signed inside the
// runtime against itself, and a client-credentials token renewed at expiry. Where the runtime has both
// node:crypto and WebCrypto, each crypto case runs on both paths.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { OAuth1Options } from '@oauthkit/core'
import type { Received, VerifyingServer } from '@oauthkit/test-support'
import { countedSigner, startVerifyingServer } from '@oauthkit/test-support'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Probe, SignOrder, SignResult, Verdict } from './fixtures.ts'
import { CONSUMER, FORM, NODE_CRYPTO_PARTS, TOKEN, USER } from './fixtures.ts'
import type { RunningRuntime, RuntimeName } from './runtime.ts'
import { startRuntime } from './runtime.ts'

const key = (name: string): string => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8')
const PKCS8 = key('rsa-private-pkcs8.pem')
const PKCS1 = key('rsa-private-pkcs1.pem')
const PUBLIC = key('rsa-public-spki.pem')

/** What the tests found a runtime to lack, as docs/runtimes.md states it. */
export interface Expected {
  /** How `FileTokenStore` (`@oauthkit/core/node`) fails there, when it does: the error's text. */
  fileTokenStoreRefused?: RegExp
}

const SIGNATURES: [string, SignOrder['signatureMethod'], string | undefined][] = [
  ['HMAC-SHA1', 'HMAC-SHA1', undefined],
  ['HMAC-SHA256', 'HMAC-SHA256', undefined],
  ['RSA-SHA256 (PKCS#8 key)', 'RSA-SHA256', PKCS8],
  ['RSA-SHA256 (PKCS#1 key)', 'RSA-SHA256', PKCS1],
]

/** The Node server's verdict on a request, as the runtime gets it back. */
function verdict({ method, verified, problem }: Received): Verdict {
  return {
    verified: verified !== undefined,
    ...(problem === undefined ? {} : { problem }),
    method,
    ...(verified ? { signatureMethod: verified.signatureMethod, location: verified.location } : {}),
    parameters: verified?.parameters ?? [],
  }
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

const GET_PARAMETERS = [
  ['file', 'vacation.jpg'],
  ['size', 'original'],
]
const POST_PARAMETERS = [['x', '1'], ...Object.entries(FORM)]

/** Signed in Node with `changes`, sent to `url` in the runtime. */
async function sendSigned(url: string, changes: Partial<OAuth1Options>, method = 'GET', body?: URLSearchParams): Promise<Response> {
  const signed = await countedSigner({ consumer: CONSUMER, token: TOKEN }, changes).sign({ method, url, body: body ?? null })
  return fetch(signed.url, { method, headers: signed.headers, body: (signed.body as BodyInit | null) ?? null, redirect: 'manual' })
}

/** Defines the runtime's tests; `expected` is what docs/runtimes.md says of it. */
export function runtimeSuite(name: RuntimeName, expected: Expected): void {
  describe(name, () => {
    let runtime: RunningRuntime
    let server: VerifyingServer
    let tokensIssued = 0

    beforeAll(async () => {
      server = await startVerifyingServer({
        consumer: { key: CONSUMER.key, secret: CONSUMER.secret, publicKey: PUBLIC },
        token: TOKEN,
        allowedSignatureMethods: ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA256'],
        // The standard /redirect route answers as it always does.
        respond: (received) =>
          received.url.pathname === '/redirect'
            ? undefined
            : {
                status: received.verified ? 200 : 401,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(verdict(received)),
              },
      })
      server.route('/token', () => ({
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ access_token: `at-${++tokensIssued}`, token_type: 'Bearer', expires_in: 3600 }),
      }))
      server.route('/bearer', ({ headers }) => ({ status: 200, body: headers.get('authorization') ?? 'none' }))
      runtime = await startRuntime(name)
      await fetch(`${runtime.origin}/configure`, { method: 'POST', body: JSON.stringify({ publicKey: PUBLIC }) })
    }, 60_000)
    afterAll(async () => {
      await runtime?.close()
      await server?.close()
    })

    test("runs the packages' builds, and has node:crypto (through process.getBuiltinModule), WebCrypto and manual redirects", async () => {
      expect(runtime.coreModule).toMatch(/(^|\/)packages\/core\/dist\/index\.js$/)
      const probe = (await (await fetch(`${runtime.origin}/probe`)).json()) as Probe
      expect(probe).toEqual({ nodeCrypto: [...NODE_CRYPTO_PARTS], webCrypto: true, manualRedirects: true })
    })

    // 'auto' takes node:crypto where it is there; each case checks the path by counting its calls.
    const paths: ['node:crypto' | 'WebCrypto', 'auto' | 'webcrypto'][] = [
      ['node:crypto', 'auto'],
      ['WebCrypto', 'webcrypto'],
    ]
    const expectPath = (crypto: 'auto' | 'webcrypto', calls: number): void => {
      if (crypto === 'auto') expect(calls, 'calls into node:crypto').toBeGreaterThan(0)
      else expect(calls, 'calls into node:crypto').toBe(0)
    }

    describe.each(paths)('through %s', (_, crypto) => {
      test('HMAC-SHA1 gives the signature of RFC 5849 section 1.2', async () => {
        const result = await (await fetch(`${runtime.origin}/rfc5849?crypto=${crypto}`)).json()
        expect(result).toEqual({
          signature: 'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
          authorization:
            'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
          nodeCryptoCalls: expect.any(Number),
        })
        expectPath(crypto, result.nodeCryptoCalls)
      })

      test.each(SIGNATURES)(
        '%s signed in the runtime, in the header, query and body, verified by the Node server',
        async (_, signatureMethod, privateKey) => {
          const order: SignOrder = { origin: server.origin, signatureMethod, crypto, ...(privateKey ? { privateKey } : {}) }
          const result = await post<SignResult>(`${runtime.origin}/sign`, order)
          expectPath(crypto, result.nodeCryptoCalls)
          for (const via of ['core', 'fetch'] as const) {
            for (const location of ['header', 'query'] as const) {
              expect(result[via][location], `${via}, ${location}`).toEqual({
                verified: true,
                method: 'GET',
                signatureMethod,
                location,
                parameters: GET_PARAMETERS,
              })
            }
            expect(result[via].body, `${via}, body`).toEqual({
              verified: true,
              method: 'POST',
              signatureMethod,
              location: 'body',
              parameters: POST_PARAMETERS,
            })
          }
        },
      )

      test.each(SIGNATURES)(
        '%s signed in Node, verified by verifyOAuth1 in the runtime; one altered after signing refused',
        async (_, signatureMethod, privateKey) => {
          const url = `${runtime.origin}/verify?crypto=${crypto}&file=vacation.jpg`
          const changes = { signatureMethod, ...(privateKey ? { privateKey } : {}) }
          for (const placement of ['header', 'query'] as const) {
            const response = await sendSigned(url, { ...changes, placement })
            expectPath(crypto, Number(response.headers.get('x-node-crypto-calls')))
            expect(await response.json()).toEqual({
              verified: true,
              method: 'GET',
              signatureMethod,
              location: placement,
              parameters: [
                ['crypto', crypto],
                ['file', 'vacation.jpg'],
              ],
            })
          }
          const body = await sendSigned(url, { ...changes, placement: 'body' }, 'POST', new URLSearchParams(FORM))
          expect(await body.json()).toMatchObject({ verified: true, method: 'POST', location: 'body' })
          // The query changed after signing: the base string the runtime computes differs.
          const signed = await countedSigner({ consumer: CONSUMER, token: TOKEN }, changes).sign({ method: 'GET', url })
          const refused = await fetch(`${signed.url}&size=original`, { headers: signed.headers })
          expect(refused.status).toBe(401)
          expect(await refused.json()).toMatchObject({ verified: false, problem: 'signature_invalid' })
        },
      )
    })

    test('oauth1Provider in the runtime: the dance signed in Node, then its resource in every placement', async () => {
      const temporary = await sendSigned(
        `${runtime.origin}/oauth/request_token`,
        { token: undefined, tokenSecret: undefined, callback: 'https://printer.example.com/ready' },
        'POST',
      )
      expect(temporary.status).toBe(200)
      const requestToken = new URLSearchParams(await temporary.text())
      expect(requestToken.get('oauth_callback_confirmed')).toBe('true')
      const authorized = await fetch(`${runtime.origin}/oauth/authorize`, {
        method: 'POST',
        headers: { 'x-session': USER.id },
        body: new URLSearchParams({ oauth_token: requestToken.get('oauth_token') as string }),
        redirect: 'manual',
      })
      expect(authorized.status).toBe(302)
      const verifier = new URL(authorized.headers.get('location') as string).searchParams.get('oauth_verifier') as string
      const exchanged = await sendSigned(
        `${runtime.origin}/oauth/access_token`,
        { token: requestToken.get('oauth_token') as string, tokenSecret: requestToken.get('oauth_token_secret') as string, verifier },
        'POST',
      )
      expect(exchanged.status).toBe(200)
      const access = new URLSearchParams(await exchanged.text())
      expect(access.get('user_id')).toBe(USER.id)
      const user = { token: access.get('oauth_token') as string, tokenSecret: access.get('oauth_token_secret') as string }
      for (const placement of ['header', 'query'] as const) {
        const me = await sendSigned(`${runtime.origin}/api/me?x=1`, { ...user, placement })
        expect(await me.json()).toEqual({ user: USER, location: placement, parameters: [['x', '1']] })
      }
      const body = await sendSigned(`${runtime.origin}/api/me?x=1`, { ...user, placement: 'body' }, 'POST', new URLSearchParams(FORM))
      expect(await body.json()).toEqual({ user: USER, location: 'body', parameters: POST_PARAMETERS })
      const forged = await sendSigned(`${runtime.origin}/api/me`, { ...user, tokenSecret: 'not the secret' })
      expect(forged.status).toBe(401)
      expect(forged.headers.get('www-authenticate')).toMatch(/^OAuth /)
      expect(await forged.text()).toContain('oauth_problem=signature_invalid')
    })

    test('oauth1Provider in the runtime: the dance signed in the runtime and sent to itself, the resource through @oauthkit/fetch', async () => {
      expect(await post(`${runtime.origin}/dance`, {})).toEqual({
        authorizeStatus: 302,
        userId: USER.id,
        me: { user: USER, location: 'header', parameters: [['x', '1']] },
      })
    })

    test('@oauthkit/fetch follows a redirect itself, signing each hop for its own URL', async () => {
      const first = server.requests.length
      const landed = await post<Verdict>(`${runtime.origin}/redirect`, { origin: server.origin })
      expect(landed).toMatchObject({ verified: true, method: 'GET', location: 'header', parameters: [['y', '2']] })
      expect(server.requests.slice(first).map(({ url, verified }) => [url.pathname, verified !== undefined])).toEqual([
        ['/redirect', true],
        ['/landed', true],
      ])
    })

    const { fileTokenStoreRefused } = expected
    test(
      fileTokenStoreRefused
        ? 'FileTokenStore (@oauthkit/core/node) cannot keep a profile on a file system here'
        : 'FileTokenStore (@oauthkit/core/node) writes a profile to disk with mode 0600, and another instance reads it',
      async () => {
        const directory = fileURLToPath(new URL(`../../.tmp/runtimes/${name}-${process.pid}/`, import.meta.url))
        mkdirSync(directory, { recursive: true, mode: 0o700 })
        const path = `${directory}profiles.json`
        try {
          const result = await post<{ read?: unknown; error?: { message: string } }>(`${runtime.origin}/file-store`, { path })
          if (fileTokenStoreRefused) {
            expect(result.error?.message).toMatch(fileTokenStoreRefused)
            expect(existsSync(path)).toBe(false)
            // And the worker's own /tmp, where directories come with mode 666, is refused by the store.
            const temporary = await post<{ error?: { message: string } }>(`${runtime.origin}/file-store`, {
              path: '/tmp/oauthkit/profiles.json',
            })
            expect(temporary.error?.message).toMatch(/every user can write to \/tmp\/oauthkit/)
          } else {
            const profile = { consumerKey: CONSUMER.key, token: TOKEN.token }
            expect(result).toEqual({ read: profile })
            expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, profiles: { work: profile } })
            expect(statSync(path).mode & 0o777).toBe(0o600)
          }
        } finally {
          rmSync(directory, { recursive: true, force: true })
        }
      },
    )

    test('OAuth 2 client credentials through @oauthkit/fetch: one token until it expires, then a new one', async () => {
      const before = tokensIssued
      // Seconds from the start of the runtime's clock: at 3600 the first token expires.
      const seen = await post<string[]>(`${runtime.origin}/oauth2`, { origin: server.origin, at: [0, 1800, 3500, 3600, 3700] })
      const first = `Bearer at-${before + 1}`
      const second = `Bearer at-${before + 2}`
      expect(seen).toEqual([first, first, first, second, second])
      expect(tokensIssued).toBe(before + 2)
    })
  })
}
