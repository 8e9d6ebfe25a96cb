// A provider that echoes what it received into its error reports (issue 12, finding 5): a loopback
// server answers each request with a refusal whose text is, as the path says, what it received (the
// Authorization header and the body) or the secrets themselves, written raw, percent-encoded once or
// twice, form-encoded or with lowercase hex. No secret may show anywhere in the error we make of it.
import { createServer } from 'node:http'
import type { OAuth1Options } from '@oauthkit/core'
import { clientCredentialsGrant, isOAuthError, MemoryNonceStore, oauth1, oauth1Session, oauth2, verifyOAuth1 } from '@oauthkit/core'
import { formatAuthorizationHeader, percentEncode } from '@oauthkit/core/oauth1'
import { listenOnLoopback } from '@oauthkit/test-support'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { EchoEncoding } from '../../../test/fixtures/echoed-secrets.ts'
import { ECHO_ENCODINGS, everythingShown, shownSecrets } from '../../../test/fixtures/echoed-secrets.ts'
import { failure } from '../../../test/fixtures/failure.ts'

const NOW = 1_700_000_000
// Characters that each encoding writes differently (a space, `/ + & ! *`, non-ASCII), and a start of
// their own: no other text of a message begins like them.
const CONSUMER = { key: 'echo-consumer', secret: 'Cs3cr3t consumer/+&!*é' }
const REQUEST_TOKEN = { token: 'echo-request-token', tokenSecret: 'Rs3cr3t request/token+1' }
/** The verifier of the access-token step: a PIN the user typed, a secret of that request. */
const VERIFIER = 'V3r1f13r pin/+&!'
const XAUTH = { username: 'alice-echo', password: 'Pw0rd hunter2 p@ss/+!' }
const CLIENT = { id: 'echo-client', secret: 'Cl13nt secret/+&!*é' }
const ACCESS_TOKEN = 'At0k3n-9f8e7d6c5b4a'
/** The PLAINTEXT signatures of the request-token and access-token steps (RFC 5849 3.4.4). */
const SIGNATURES = [`${percentEncode(CONSUMER.secret)}&`, `${percentEncode(CONSUMER.secret)}&${percentEncode(REQUEST_TOKEN.tokenSecret)}`]
/** What each request's sender holds, by the last segment of its path: what the provider echoes, and what must not show. */
const HELD: Record<string, string[]> = {
  request_token: [CONSUMER.secret, SIGNATURES[0] as string],
  access_token: [CONSUMER.secret, REQUEST_TOKEN.tokenSecret, SIGNATURES[1] as string],
  xauth: [CONSUMER.secret, SIGNATURES[0] as string, XAUTH.password],
  api: [CONSUMER.secret, REQUEST_TOKEN.tokenSecret, SIGNATURES[1] as string],
  token: [CLIENT.secret],
  photos: [ACCESS_TOKEN],
}

type Mode = 'header' | 'body' | 'json' | 'long' | 'unknown' | 'names' | 'status' | 'token' | 'oauth2' | 'bearer'

/** The answer of the echoing provider: `/MODE/WHAT/ENCODING/…`. */
function answer(mode: Mode, echoed: string): { status: number; headers: Record<string, string>; body: string } {
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const report = (fields: [string, string][], status = 401) => ({ status, headers: form, body: new URLSearchParams(fields).toString() })
  switch (mode) {
    case 'header':
      return {
        status: 401,
        headers: {
          'www-authenticate': formatAuthorizationHeader([
            ['oauth_problem', 'signature_invalid'],
            ['oauth_problem_advice', `you sent ${echoed}`],
          ]),
        },
        body: '',
      }
    case 'body':
      return report([
        ['oauth_problem', 'signature_invalid'],
        ['oauth_problem_advice', `you sent ${echoed}`],
      ])
    case 'json':
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ oauth_problem: 'parameter_rejected', oauth_problem_advice: `you sent ${echoed}` }),
      }
    // The secret past the 300th character, where the advice is cut short.
    case 'long':
      return report([
        ['oauth_problem', 'permission_denied'],
        ['oauth_problem_advice', `${'x'.repeat(292)}${echoed}`],
      ])
    case 'unknown':
      return report([
        ['oauth_problem', `rate_limited ${echoed}`],
        ['oauth_problem_advice', echoed],
      ])
    case 'names':
      return report(
        [
          ['oauth_problem', 'parameter_rejected'],
          ['oauth_parameters_rejected', `${encodeURIComponent(echoed)}&oauth_nonce`],
          ['oauth_parameters_absent', encodeURIComponent(echoed)],
          ['oauth_acceptable_versions', `${echoed}-1.0`],
        ],
        400,
      )
    // Bodies that are no report: what the error might quote.
    case 'status':
      return { status: 500, headers: { 'content-type': 'text/plain' }, body: echoed }
    case 'token':
      return { status: 200, headers: form, body: new URLSearchParams({ you_sent: echoed }).toString() }
    case 'oauth2':
      return {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: 'invalid_client',
          error_description: `you sent ${echoed}`,
          error_uri: `https://as.test/e?${echoed}`,
        }),
      }
    case 'bearer':
      return {
        status: 403,
        headers: {
          'www-authenticate': `Bearer realm="${echoed.replace(/["\\]/g, '')}", error="insufficient_scope", scope="${echoed.replace(/["\\]/g, '')}"`,
        },
        body: '',
      }
  }
}

let origin = ''
let close: () => Promise<void>

beforeAll(async () => {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const [, mode = '', what = '', encoding = '', step = ''] = new URL(request.url ?? '/', 'http://x').pathname.split('/')
    const received = `${request.headers.authorization ?? ''} ${Buffer.concat(chunks).toString('utf8')}`
    const echoed = what === 'secrets' ? (HELD[step] ?? []).join(' ') : received
    const result = answer(mode as Mode, ECHO_ENCODINGS[encoding as EchoEncoding](echoed))
    response.writeHead(result.status, result.headers)
    response.end(result.body)
  })
  ;({ origin, close } = await listenOnLoopback(server))
})
afterAll(async () => {
  await close()
})

const ENCODINGS = Object.keys(ECHO_ENCODINGS) as EchoEncoding[]
/**
 * What the provider echoes, and how: the secrets in every encoding, and what it received (which
 * holds the PLAINTEXT signature percent-encoded once already) in every encoding but twice more.
 */
const ECHOES: [string, EchoEncoding][] = [
  ...ENCODINGS.map((encoding): [string, EchoEncoding] => ['secrets', encoding]),
  ...ENCODINGS.filter((encoding) => encoding !== 'twice').map((encoding): [string, EchoEncoding] => ['received', encoding]),
]
let nonces = 0
const signing: OAuth1Options = {
  consumerKey: CONSUMER.key,
  consumerSecret: CONSUMER.secret,
  signatureMethod: 'PLAINTEXT',
  timestamp: NOW,
  nonce: () => `n${++nonces}`,
}
const session = () => oauth1Session({ ...signing, requestToken: REQUEST_TOKEN })

/** The error shows none of the secrets, in any form, nor the start of one (labelled for a readable failure). */
function expectNoSecret(error: unknown, label: string, secrets: readonly string[]): void {
  expect(isOAuthError(error)).toBe(true)
  expect({ label, shown: shownSecrets(error, secrets) }).toEqual({ label, shown: [] })
  // Redacted before the advice is cut short: not even the start of a secret is left at the cut.
  const shown = everythingShown(error)
  for (const secret of secrets) expect({ label, start: shown.includes(secret.slice(0, 8)) }).toEqual({ label, start: false })
}

describe('OAuth 1.0a: a provider echoing the request into its refusal', () => {
  const modes: Mode[] = ['header', 'body', 'json', 'long', 'unknown', 'names', 'status', 'token']

  test.each(modes)('the token requests (request token, access token, xAuth): a refusal in mode %s shows no secret', async (mode) => {
    for (const [what, encoding] of ECHOES) {
      const url = `${origin}/${mode}/${what}/${encoding}`
      const steps: [string, () => Promise<unknown>][] = [
        ['request_token', () => session().fetchRequestToken(`${url}/request_token`)],
        ['access_token', () => session().fetchAccessToken(`${url}/access_token`, { verifier: VERIFIER })],
        ['xauth', () => session().fetchAccessTokenViaXAuth(`${url}/xauth`, XAUTH)],
      ]
      for (const [step, call] of steps) {
        // The access-token step sends the verifier too.
        const held = step === 'access_token' ? [...(HELD[step] as string[]), VERIFIER] : (HELD[step] as string[])
        expectNoSecret(await failure(call), `${step} ${mode} ${what} ${encoding}`, held)
      }
    }
  })

  test('a report still reads as one: the advice is kept, the secrets replaced', async () => {
    const error = await failure(session().fetchRequestToken(`${origin}/body/secrets/raw/request_token`))
    expect(error).toMatchObject({ name: 'OAuthProblemError', code: 'signature_invalid' })
    expect((error as { advice: string }).advice).toBe('you sent [redacted] [redacted]')
    expect((error as Error).message).toContain(`POST ${origin}/body/secrets/raw/request_token was refused: oauth_problem=signature_invalid`)
  })

  test('the signer through its onResponse (what every adapter calls): a token secret given for the one request too', async () => {
    const signer = oauth1({ ...signing, token: 'access-token', tokenSecret: 'Ts3cr3t configured/secret' })
    for (const mode of ['header', 'body', 'json', 'long', 'names'] as const) {
      for (const [what, encoding] of ECHOES) {
        const request = { method: 'GET', url: `${origin}/${mode}/${what}/${encoding}/api` }
        const overrides = { token: REQUEST_TOKEN.token, tokenSecret: REQUEST_TOKEN.tokenSecret }
        const signed = await signer.sign(request, overrides)
        const response = await fetch(signed.url, { headers: signed.headers })
        const parts = { status: response.status, headers: response.headers, text: () => response.clone().text() }
        const error = await failure(signer.onResponse(parts, request, overrides))
        expectNoSecret(error, `onResponse ${mode} ${what} ${encoding}`, HELD.api as string[])
        expectNoSecret(error, `onResponse ${mode} ${encoding}: the configured token secret`, ['Ts3cr3t configured/secret'])
      }
    }
  })

  test('the authorization callback: an oauth_problem_advice that quotes the secrets shows none, and no control character', () => {
    for (const encoding of ENCODINGS) {
      const advice = `${ECHO_ENCODINGS[encoding]((HELD.access_token as string[]).join(' '))} \u009b2J\u202e`
      const callback = `https://app.test/cb?oauth_token=${REQUEST_TOKEN.token}&oauth_problem=permission_denied&oauth_problem_advice=${encodeURIComponent(advice)}`
      let refused: unknown
      try {
        session().parseAuthorizationResponse(callback)
      } catch (error) {
        refused = error
      }
      expect(refused).toMatchObject({ code: 'permission_denied' })
      expectNoSecret(refused, `callback ${encoding}`, HELD.access_token as string[])
      expect((refused as { advice: string }).advice).not.toMatch(/[\u0080-\u009f\u202e]/)
    }
  })

  test('verifyOAuth1 (a guard): its refusals of a PLAINTEXT request quote no value of it, so no secret', async () => {
    const signer = oauth1({ ...signing, token: REQUEST_TOKEN.token, tokenSecret: REQUEST_TOKEN.tokenSecret })
    const request = await signer.sign({
      method: 'POST',
      url: 'https://api.test/a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    const options = {
      lookupConsumer: () => ({ secret: CONSUMER.secret }),
      nonceStore: new MemoryNonceStore({ now: () => NOW * 1000 }),
      now: () => NOW * 1000,
    }
    const refusals = [
      verifyOAuth1(request, options), // PLAINTEXT is not accepted by default
      verifyOAuth1(request, { ...options, allowedSignatureMethods: ['PLAINTEXT'] }), // an unknown token
      verifyOAuth1(request, { ...options, allowedSignatureMethods: ['PLAINTEXT'], lookupToken: () => ({ secret: 'other' }) }),
    ]
    for (const refusal of refusals) expectNoSecret(await failure(refusal), 'verify', HELD.access_token as string[])
  })
})

describe('OAuth 2: the same rule, from the same helper', () => {
  test('a token endpoint echoing the request twice encoded, or with lowercase hex, has it redacted', async () => {
    for (const [what, encoding] of ECHOES) {
      for (const clientAuth of ['client_secret_post', 'client_secret_basic'] as const) {
        const error = await failure(
          clientCredentialsGrant({
            tokenEndpoint: `${origin}/oauth2/${what}/${encoding}/token`,
            clientId: CLIENT.id,
            clientSecret: CLIENT.secret,
            clientAuth,
          }),
        )
        expect(error).toMatchObject({ name: 'OAuth2Error', code: 'invalid_client' })
        expectNoSecret(error, `${clientAuth} ${what} ${encoding}`, [CLIENT.secret])
      }
    }
  })

  test("a resource server's Bearer challenge echoing the token in its scope and realm has it redacted", async () => {
    const auth = oauth2({
      tokenEndpoint: `${origin}/token`,
      clientId: CLIENT.id,
      token: { access_token: ACCESS_TOKEN, token_type: 'Bearer' },
    })
    for (const [what, encoding] of ECHOES) {
      const request = { method: 'GET', url: `${origin}/bearer/${what}/${encoding}/photos` }
      const authorized = await auth.authorize(request)
      const response = await fetch(authorized.url, { headers: authorized.headers })
      const parts = { status: response.status, headers: response.headers, text: () => response.clone().text() }
      const error = await failure(() => auth.onResponse?.(parts, request))
      expect(error).toMatchObject({ code: 'insufficient_scope' })
      expectNoSecret(error, `bearer ${what} ${encoding}`, [ACCESS_TOKEN])
    }
  })
})
