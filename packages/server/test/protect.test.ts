import { MemoryNonceStore, oauth1 } from '@oauthkit/core'
import type { ConsumerRecord, ProtectResult } from '@oauthkit/server'
import { MemoryProviderTokenStore } from '@oauthkit/server'
import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest'
import type { TestProvider, TestUser } from './helpers.ts'
import {
  CONSUMER,
  consumerSigner,
  createTestProvider,
  expectProblem,
  JANE,
  NOW_SECONDS,
  nextNonce,
  ORIGIN,
  OTHER_CONSUMER,
  signed,
  TestClock,
} from './helpers.ts'
import { serve } from './server.ts'

const RESOURCE = `${ORIGIN}/photos?file=vacation.jpg&size=original`
const ACCESS = { token: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' }

let setup: TestProvider
beforeEach(async () => {
  setup = createTestProvider()
  await setup.provider.tokens.saveAccessToken({ ...ACCESS, consumerKey: CONSUMER.key, user: JANE, issuedAt: NOW_SECONDS * 1000 }, {})
})
const userSigner = (extra: Parameters<typeof consumerSigner>[1] = {}) =>
  consumerSigner(setup.clock, { token: ACCESS.token, tokenSecret: ACCESS.secret, ...extra })

async function refused(
  result: ProtectResult<unknown, ConsumerRecord, string | undefined>,
  status: number,
  problem: string,
): Promise<Record<string, string>> {
  if (result.ok) throw new Error('expected a refusal')
  expect(result.problem).toBe(problem)
  expect(result.error).toMatchObject({ name: 'OAuthProblemError', code: problem })
  return expectProblem(result.response, status, problem)
}

describe('protect()', () => {
  test('a request signed with an access token: the consumer, the token and its user', async () => {
    const result = await setup.provider.protect(await signed(userSigner(), 'GET', RESOURCE))
    expect(result).toEqual({
      ok: true,
      consumer: CONSUMER,
      token: ACCESS.token,
      user: JANE,
      signatureMethod: 'HMAC-SHA1',
      location: 'header',
      parameters: [
        ['file', 'vacation.jpg'],
        ['size', 'original'],
      ],
    })
  })

  test('the result narrows on ok, and the request body stays readable for the app', async () => {
    const request = await signed(userSigner(), 'POST', `${ORIGIN}/photos`, { body: 'title=Beach', placement: 'body' })
    const result = await setup.provider.protect(request)
    if (!result.ok) throw new Error(result.problem)
    expectTypeOf(result.user).toEqualTypeOf<TestUser>()
    expectTypeOf(result.token).toEqualTypeOf<string>()
    expect(result.location).toBe('body')
    expect(await request.text()).toContain('title=Beach')
    const again = await signed(userSigner(), 'POST', `${ORIGIN}/photos`, { body: 'title=Beach', placement: 'body' })
    const twoLegged = await setup.provider.protect(again, { requireToken: false })
    expect(twoLegged.ok).toBe(true)
    if (twoLegged.ok) {
      expectTypeOf(twoLegged.user).toEqualTypeOf<TestUser | undefined>()
      expectTypeOf(twoLegged.token).toEqualTypeOf<string | undefined>()
    } else {
      expectTypeOf(twoLegged.response).toEqualTypeOf<Response>()
    }
  })

  test('two-legged with requireToken: false; refused by default (parameter_absent oauth_token)', async () => {
    const request = await signed(consumerSigner(setup.clock), 'GET', RESOURCE)
    const result = await setup.provider.protect(request.clone(), { requireToken: false })
    expect(result).toMatchObject({ ok: true, token: undefined, user: undefined, consumer: { key: CONSUMER.key } })
    const body = await refused(await setup.provider.protect(request), 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_token')
  })

  test('no OAuth at all: 400 parameter_absent listing what is missing, in the challenge and the body', async () => {
    const result = await setup.provider.protect(new Request(RESOURCE))
    const body = await refused(result, 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_consumer_key&oauth_signature_method&oauth_signature')
    if (result.ok) return
    expect(result.response.headers.get('www-authenticate')).toBe(
      'OAuth realm="Photos", oauth_problem="parameter_absent", oauth_parameters_absent="oauth_consumer_key%26oauth_signature_method%26oauth_signature"',
    )
  })

  test('bad signature: 401 signature_invalid', async () => {
    await refused(
      await setup.provider.protect(await signed(userSigner({ tokenSecret: 'wrong' }), 'GET', RESOURCE)),
      401,
      'signature_invalid',
    )
  })

  test('a tampered request: 401 signature_invalid', async () => {
    const request = await signed(userSigner(), 'GET', RESOURCE)
    const tampered = new Request(request.url.replace('original', 'thumbnail'), { headers: request.headers })
    await refused(await setup.provider.protect(tampered), 401, 'signature_invalid')
  })

  test('old timestamp: 401 timestamp_refused with oauth_acceptable_timestamps', async () => {
    const request = await signed(userSigner({ timestamp: NOW_SECONDS - 301 }), 'GET', RESOURCE)
    const result = await setup.provider.protect(request)
    const body = await refused(result, 401, 'timestamp_refused')
    expect(body.oauth_acceptable_timestamps).toBe('1699999700-1700000300')
    if (!result.ok) expect(result.response.headers.get('www-authenticate')).toContain('oauth_acceptable_timestamps="1699999700-1700000300"')
  })

  test('the window follows timestampWindowSeconds and the clock', async () => {
    const { provider, clock } = createTestProvider({ timestampWindowSeconds: 30 })
    await provider.tokens.saveAccessToken({ ...ACCESS, consumerKey: CONSUMER.key, user: JANE, issuedAt: 0 }, {})
    const request = await signed(userSigner(), 'GET', RESOURCE)
    clock.advance(31)
    const body = await refused(await provider.protect(request), 401, 'timestamp_refused')
    expect(body.oauth_acceptable_timestamps).toBe('1700000001-1700000061')
  })

  test('replay: 401 nonce_used', async () => {
    const request = await signed(userSigner(), 'GET', RESOURCE)
    expect((await setup.provider.protect(request.clone())).ok).toBe(true)
    await refused(await setup.provider.protect(request), 401, 'nonce_used')
  })

  test('unknown consumer: 401 consumer_key_unknown', async () => {
    const signer = oauth1({
      consumerKey: 'nobody',
      consumerSecret: 'x',
      token: ACCESS.token,
      tokenSecret: ACCESS.secret,
      timestamp: NOW_SECONDS,
      nonce: nextNonce,
    })
    await refused(await setup.provider.protect(await signed(signer, 'GET', RESOURCE)), 401, 'consumer_key_unknown')
  })

  test('unknown token, a request token, or the token of another consumer: 401 token_rejected', async () => {
    await refused(await setup.provider.protect(await signed(userSigner({ token: 'unknown' }), 'GET', RESOURCE)), 401, 'token_rejected')
    await setup.provider.tokens.saveRequestToken(
      { token: 'rt', secret: 'rs', consumerKey: CONSUMER.key, callback: 'oob', issuedAt: 0, expiresAt: Number.MAX_SAFE_INTEGER },
      {},
    )
    await refused(
      await setup.provider.protect(await signed(userSigner({ token: 'rt', tokenSecret: 'rs' }), 'GET', RESOURCE)),
      401,
      'token_rejected',
    )
    const other = userSigner({ consumerKey: OTHER_CONSUMER.key, consumerSecret: OTHER_CONSUMER.secret })
    await refused(await setup.provider.protect(await signed(other, 'GET', RESOURCE)), 401, 'token_rejected')
  })

  test('a revoked token: 401 token_rejected', async () => {
    expect(await setup.provider.revoke(ACCESS.token)).toBe(true)
    expect(await setup.provider.revoke(ACCESS.token)).toBe(false)
    await refused(await setup.provider.protect(await signed(userSigner(), 'GET', RESOURCE)), 401, 'token_rejected')
  })

  test('an expired access token: 401 token_expired', async () => {
    const { provider, clock } = createTestProvider({ accessTokenLifetimeSeconds: 60, xAuth: () => ({ user: JANE }) })
    const response = await provider.xAuth(
      await signed(consumerSigner(clock), 'POST', `${ORIGIN}/oauth/access_token`, {
        body: new URLSearchParams({ x_auth_mode: 'client_auth', x_auth_username: 'jane', x_auth_password: 'pw' }),
      }),
    )
    const form = new URLSearchParams(await response.text())
    const signer = consumerSigner(clock, { token: form.get('oauth_token') ?? '', tokenSecret: form.get('oauth_token_secret') ?? '' })
    expect((await provider.protect(await signed(signer, 'GET', RESOURCE))).ok).toBe(true)
    clock.advance(60)
    await refused(await provider.protect(await signed(signer, 'GET', RESOURCE)), 401, 'token_expired')
  })

  test('PLAINTEXT is refused by default: 400 signature_method_rejected; allowedSignatureMethods lets it in', async () => {
    const request = () => signed(userSigner({ signatureMethod: 'PLAINTEXT' }), 'GET', RESOURCE)
    await refused(await setup.provider.protect(await request()), 400, 'signature_method_rejected')
    const { provider } = createTestProvider({ allowedSignatureMethods: ['PLAINTEXT'] }, setup.clock)
    await provider.tokens.saveAccessToken({ ...ACCESS, consumerKey: CONSUMER.key, user: JANE, issuedAt: 0 }, {})
    expect((await provider.protect(await request())).ok).toBe(true)
  })

  test('oauth_version other than 1.0: 400 version_rejected with oauth_acceptable_versions', async () => {
    const request = await signed(userSigner(), 'GET', RESOURCE)
    const header = (request.headers.get('authorization') as string).replace('oauth_version="1.0"', 'oauth_version="2.0"')
    const body = await refused(
      await setup.provider.protect(new Request(RESOURCE, { headers: { authorization: header } })),
      400,
      'version_rejected',
    )
    expect(body.oauth_acceptable_versions).toBe('1.0-1.0')
  })

  test('a malformed Authorization header: 400 parameter_rejected', async () => {
    const request = new Request(RESOURCE, { headers: { authorization: 'OAuth oauth_consumer_key="unterminated' } })
    await refused(await setup.provider.protect(request), 400, 'parameter_rejected')
  })

  test('parameters in the header and a copy in the query (FULL): refused unless allowCopiedParameters', async () => {
    const request = () => signed(userSigner(), 'GET', RESOURCE, { placement: 'header+query' })
    await refused(await setup.provider.protect(await request()), 400, 'parameter_rejected')
    const { provider } = createTestProvider({ allowCopiedParameters: true }, setup.clock)
    await provider.tokens.saveAccessToken({ ...ACCESS, consumerKey: CONSUMER.key, user: JANE, issuedAt: 0 }, {})
    expect(await provider.protect(await request())).toMatchObject({ ok: true, location: 'header', user: JANE })
  })

  test('every placement the RFC allows: header, query, body', async () => {
    for (const placement of ['header', 'query', 'body'] as const) {
      const request = await signed(userSigner(), 'POST', RESOURCE, { placement, body: 'a=1' })
      expect(await setup.provider.protect(request)).toMatchObject({ ok: true, location: placement })
    }
  })

  test('without a realm option the realm is the request origin', async () => {
    const { provider } = createTestProvider({ realm: undefined })
    const result = await provider.protect(new Request(RESOURCE))
    if (result.ok) throw new Error('expected a refusal')
    await expectProblem(result.response, 400, 'parameter_absent', ORIGIN)
  })

  test('no secret ever in a refusal', async () => {
    const result = await setup.provider.protect(await signed(userSigner({ tokenSecret: 'wrong' }), 'GET', RESOURCE))
    if (result.ok) throw new Error('expected a refusal')
    const text = `${[...result.response.headers].join('\n')}\n${await result.response.text()}\n${result.error.message}`
    for (const secret of [CONSUMER.secret, ACCESS.secret, 'wrong']) expect(text).not.toContain(secret)
  })

  test('a store that fails is not a refusal: the promise rejects', async () => {
    const tokens = new MemoryProviderTokenStore<TestUser>()
    tokens.findAccessToken = () => Promise.reject(new Error('redis is down'))
    const { provider } = createTestProvider({ tokens })
    await expect(provider.protect(await signed(userSigner(), 'GET', RESOURCE))).rejects.toThrow('redis is down')
  })
})

describe('protect() and the nonce store shares', () => {
  test('a consumer holding its share of the nonce store is refused alone (401 consumer_key_refused); another consumer is served', async () => {
    const clock = new TestClock()
    // A tenth of 20: each consumer may hold 2 nonces inside the window.
    const { provider } = createTestProvider({ nonceStore: new MemoryNonceStore({ now: clock.now, maxEntries: 20 }) }, clock)
    const flooder = consumerSigner(clock)
    const other = consumerSigner(clock, { consumerKey: OTHER_CONSUMER.key, consumerSecret: OTHER_CONSUMER.secret })
    const twoLegged = async (signer: typeof flooder) => provider.protect(await signed(signer, 'GET', RESOURCE), { requireToken: false })
    expect((await twoLegged(flooder)).ok).toBe(true)
    expect((await twoLegged(flooder)).ok).toBe(true)
    await refused(await twoLegged(flooder), 401, 'consumer_key_refused')
    // Its request tokens too: the endpoint a public app's secret lets anyone call.
    const requestToken = (signer: typeof flooder) => signed(signer, 'POST', `${ORIGIN}/oauth/request_token`, { callback: 'oob' })
    await expectProblem(await provider.requestToken(await requestToken(flooder)), 401, 'consumer_key_refused')
    expect((await twoLegged(other)).ok).toBe(true)
    expect((await provider.requestToken(await requestToken(other))).status).toBe(200)
    // Its nonces leave their window (301 s for a timestamp of now): its share is free again.
    clock.advance(301)
    expect((await twoLegged(flooder)).ok).toBe(true)
  })
})

describe('protect({ requireBodyHash })', () => {
  const json = { body: '{"amount":1}', headers: { 'content-type': 'application/json' } }

  test('a JSON body without oauth_body_hash: 400 parameter_absent naming it; with one, granted', async () => {
    const bare = await setup.provider.protect(await signed(userSigner(), 'POST', RESOURCE, json), { requireBodyHash: true })
    const body = await refused(bare, 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_body_hash')
    const hashed = await setup.provider.protect(await signed(userSigner({ bodyHash: 'auto' }), 'POST', RESOURCE, json), {
      requireBodyHash: true,
    })
    expect(hashed.ok).toBe(true)
  })

  test('without it (the default), such a request is granted: RFC 5849 does not sign the body', async () => {
    expect((await setup.provider.protect(await signed(userSigner(), 'POST', RESOURCE, json))).ok).toBe(true)
  })
})

describe('protect() and maxParameters', () => {
  const fields = (count: number): string => Array.from({ length: count }, (_, i) => `f${i}=%E2%zz`).join('&')

  test('more than 1000 parameters in a form body: 413 parameter_rejected, caused by too_many_parameters', async () => {
    const request = await signed(userSigner(), 'POST', RESOURCE, { placement: 'body', body: fields(1000) })
    const result = await setup.provider.protect(request)
    const body = await refused(result, 413, 'parameter_rejected')
    expect(body.oauth_problem_advice).toMatch(/^The query and form body carry more than 1000 parameters/)
    if (!result.ok) expect(result.error.cause).toMatchObject({ name: 'OAuthError', code: 'too_many_parameters' })
  })

  test('too many in the query of a request without a form body: 400', async () => {
    const request = await signed(userSigner(), 'GET', `${RESOURCE}&${fields(999)}`, { placement: 'query' })
    await refused(await setup.provider.protect(request), 400, 'parameter_rejected')
  })

  test('the option sets the limit: exactly that many pass, one more is refused', async () => {
    // The resource's query has 2 and the signer adds 7 protocol parameters to the body.
    const { provider } = createTestProvider({ maxParameters: 2 + 2 + 7 }, setup.clock)
    await provider.tokens.saveAccessToken({ ...ACCESS, consumerKey: CONSUMER.key, user: JANE, issuedAt: 0 }, {})
    const at = async (count: number) =>
      provider.protect(await signed(userSigner(), 'POST', RESOURCE, { placement: 'body', body: fields(count) }))
    expect(await at(2)).toMatchObject({
      ok: true,
      parameters: [
        ['file', 'vacation.jpg'],
        ['size', 'original'],
        ['f0', '\uFFFD%zz'],
        ['f1', '\uFFFD%zz'],
      ],
    })
    await refused(await at(3), 413, 'parameter_rejected')
  })

  test('over node:http, 1 MiB of "%&" without credentials gets the provider\'s 413, not a stalled server', async () => {
    const server = await serve(async (request) => {
      const result = await setup.provider.protect(request)
      return result.ok ? new Response('granted') : result.response
    })
    try {
      const response = await fetch(`${server.origin}/photos`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '%&'.repeat(512 * 1024 - 1),
      })
      await expectProblem(response, 413, 'parameter_rejected')
    } finally {
      await server.close()
    }
  })
})
