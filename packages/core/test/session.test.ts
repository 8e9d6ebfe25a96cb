import type { FetchLike, OAuth1SessionOptions } from '@oauthkit/core'
import { isOAuthError, OAuthError, OAuthProblemError, oauth1Session, verifyOAuth1 } from '@oauthkit/core'
import { parseAuthorizationHeader, parseTokenResponse } from '@oauthkit/core/oauth1'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { failure } from '../../../test/fixtures/failure.ts'
import { rsaKeys } from '../../../test/fixtures/index.ts'

const NOW = 1_700_000_000
const CONSUMER = { key: 'consumer-key', secret: 'consumer secret' }
const REQUEST_TOKEN = { token: 'request-token', tokenSecret: 'request-token-secret' }
const PASSWORD = 'Tr0ub4dor &3+%=secret'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const URLS = {
  request: 'https://provider.test/oauth/request_token',
  authorize: 'https://provider.test/oauth/authorize',
  access: 'https://provider.test/oauth/access_token',
}

interface Sent {
  url: string
  method: string
  headers: Headers
  body: string
  redirect: RequestRedirect | undefined
}

/** A scripted provider: answers each request with the next response, and records what was sent. */
function scripted(...answers: (Response | Error | ((sent: Sent) => Response | Promise<Response>))[]) {
  const sent: Sent[] = []
  const fetch: FetchLike = async (input, init = {}) => {
    const entry: Sent = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
      redirect: init.redirect,
    }
    sent.push(entry)
    const answer = answers.shift()
    if (answer === undefined) throw new Error('unexpected request')
    if (answer instanceof Error) throw answer
    return typeof answer === 'function' ? answer(entry) : answer
  }
  return { fetch, sent }
}

const form = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...FORM, ...headers } })
const requestTokenAnswer = () =>
  form(`oauth_token=${REQUEST_TOKEN.token}&oauth_token_secret=${REQUEST_TOKEN.tokenSecret}&oauth_callback_confirmed=true`)
const accessAnswer = () => form('oauth_token=access-token&oauth_token_secret=access%2Bsecret&user_id=42&screen_name=alice&x_auth_expires=0')

let nonce = 0
function session(options: Partial<OAuth1SessionOptions> = {}) {
  return oauth1Session({
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    timestamp: NOW,
    nonce: () => `n${++nonce}`,
    ...options,
  })
}

function oauthParameters(sent: Sent): Map<string, string> {
  return new Map(parseAuthorizationHeader(sent.headers.get('authorization') ?? '')?.parameters ?? [])
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('fetchRequestToken', () => {
  test('signs a POST with oauth_callback=oob by default, extra parameters in the form body, and never follows redirects', async () => {
    const { fetch, sent } = scripted(requestTokenAnswer())
    const dance = session({ fetch })
    const token = await dance.fetchRequestToken(URLS.request, { scope: 'photos read', skipped: undefined })
    expect(token).toEqual({ ...REQUEST_TOKEN, oauth_callback_confirmed: 'true' })
    const [request] = sent as [Sent]
    expect([request.method, request.url, request.body, request.redirect]).toEqual(['POST', URLS.request, 'scope=photos%20read', 'manual'])
    expect(oauthParameters(request).get('oauth_callback')).toBe('oob')
    expect(oauthParameters(request).has('oauth_token')).toBe(false)
    const verified = await verifyOAuth1(
      { method: request.method, url: request.url, headers: request.headers, body: request.body },
      { lookupConsumer: () => ({ secret: CONSUMER.secret }), now: () => NOW * 1000 },
    )
    expect(verified.parameters).toEqual([['scope', 'photos read']])
  })

  test('GET token requests put the parameters in the query', async () => {
    const { fetch, sent } = scripted(requestTokenAnswer())
    await session({ fetch, tokenRequestMethod: 'GET', placement: 'query' }).fetchRequestToken(URLS.request, {
      callback: 'https://app.test/cb',
    })
    const url = new URL(sent[0]?.url ?? '')
    expect([sent[0]?.method, url.searchParams.get('oauth_callback'), sent[0]?.body]).toEqual(['GET', 'https://app.test/cb', ''])
  })

  test('a request token without oauth_callback_confirmed=true is refused and not kept', async () => {
    for (const answer of ['oauth_token=t&oauth_token_secret=s', 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=false']) {
      const dance = session({ fetch: scripted(form(answer)).fetch })
      expect(await failure(dance.fetchRequestToken(URLS.request))).toMatchObject({ code: 'callback_not_confirmed' })
      expect(() => dance.authorizationUrl(URLS.authorize)).toThrow(expect.objectContaining({ code: 'credentials_missing' }))
    }
  })

  test('requireCallbackConfirmed: false takes an answer without oauth_callback_confirmed (Garmin), not one that says false', async () => {
    const { fetch, sent } = scripted(
      form('oauth_token=t&oauth_token_secret=s'),
      form('oauth_token=t2&oauth_token_secret=s2&oauth_callback_confirmed=false'),
    )
    const dance = session({ fetch, requireCallbackConfirmed: false })
    expect(await dance.fetchRequestToken(URLS.request, { callback: 'https://app.test/cb' })).toEqual({ token: 't', tokenSecret: 's' })
    expect(oauthParameters(sent[0] as Sent).get('oauth_callback')).toBe('https://app.test/cb')
    const redirectTo = new URL(dance.authorizationUrl(URLS.authorize, { oauth_callback: 'https://app.test/cb' }))
    expect(Object.fromEntries(redirectTo.searchParams)).toEqual({ oauth_token: 't', oauth_callback: 'https://app.test/cb' })
    expect(await failure(dance.fetchRequestToken(URLS.request))).toMatchObject({
      code: 'callback_not_confirmed',
      message: expect.stringContaining('other than true'),
    })
    // The request token of the first answer is still the pending one.
    expect(dance.authorizationUrl(URLS.authorize)).toBe(`${URLS.authorize}?oauth_token=t`)
  })

  test('without the option, the refusal of an answer without oauth_callback_confirmed names requireCallbackConfirmed', async () => {
    const dance = session({ fetch: scripted(form('oauth_token=t&oauth_token_secret=s')).fetch, requireCallbackConfirmed: true })
    expect(await failure(dance.fetchRequestToken(URLS.request))).toMatchObject({
      code: 'callback_not_confirmed',
      message: expect.stringContaining('requireCallbackConfirmed: false'),
    })
    expect(() => session({ requireCallbackConfirmed: 'no' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'invalid_options', message: expect.stringContaining('requireCallbackConfirmed') }),
    )
  })

  test('the global fetch is looked up at call time', async () => {
    const dance = session()
    const { fetch, sent } = scripted(requestTokenAnswer())
    vi.stubGlobal('fetch', fetch)
    await dance.fetchRequestToken(URLS.request)
    expect(sent).toHaveLength(1)
    vi.stubGlobal('fetch', undefined)
    expect(await failure(dance.fetchRequestToken(URLS.request))).toMatchObject({ code: 'invalid_options' })
  })
})

describe('token responses', () => {
  test('JSON is tolerated; numbers and booleans become strings', async () => {
    const json = new Response(
      JSON.stringify({ oauth_token: 't', oauth_token_secret: 's', oauth_callback_confirmed: true, expires_in: 3600, nested: { a: 1 } }),
      {
        headers: { 'content-type': 'application/json' },
      },
    )
    const token = await session({ fetch: scripted(json).fetch }).fetchRequestToken(URLS.request)
    expect(token).toEqual({ token: 't', tokenSecret: 's', oauth_callback_confirmed: 'true', expires_in: '3600' })
    // Some providers send form-encoded bodies as text/html.
    expect(parseTokenResponse('oauth_token=a&oauth_token_secret=', 'text/html')).toEqual({ token: 'a', tokenSecret: '' })
  })

  test('a response without oauth_token or oauth_token_secret is invalid_response, without the body in the message', async () => {
    expect(() => parseTokenResponse('oauth_token_secret=s3cr3t')).toThrow('has no oauth_token')
    expect(() => parseTokenResponse('oauth_token=t')).toThrow('has no oauth_token_secret')
    expect(() => parseTokenResponse('[]', 'application/json')).toThrow(expect.objectContaining({ code: 'invalid_response' }))
    const error = await failure(session({ fetch: scripted(form('oauth_token_secret=s3cr3t')).fetch }).fetchRequestToken(URLS.request))
    expect(error).toMatchObject({
      code: 'invalid_response',
      message: `The request token response of POST ${URLS.request} has no oauth_token`,
    })
    expect(String(error)).not.toContain('s3cr3t')
  })

  test('a refusal with a report is the typed problem with its fields, whatever the status', async () => {
    const body = 'oauth_problem=parameter_absent&oauth_parameters_absent=oauth_callback&oauth_problem_advice=send+a+callback'
    for (const status of [400, 401, 403]) {
      const error = await failure(session({ fetch: scripted(form(body, status)).fetch }).fetchRequestToken(URLS.request))
      expect(error).toBeInstanceOf(OAuthProblemError)
      expect(error).toMatchObject({ code: 'parameter_absent', parametersAbsent: ['oauth_callback'], advice: 'send a callback' })
      expect((error as Error).message).toContain(`POST ${URLS.request} was refused: oauth_problem=parameter_absent (HTTP ${status})`)
    }
  })

  test('a refusal without a known report is invalid_response naming the status', async () => {
    const plain = await failure(
      session({ fetch: scripted(new Response('<h1>down</h1>', { status: 503 })).fetch }).fetchRequestToken(URLS.request),
    )
    expect(plain).toMatchObject({
      code: 'invalid_response',
      message: `The request token request POST ${URLS.request} was refused: HTTP 503, without an OAuth problem report`,
    })
    const unknown = await failure(
      session({ fetch: scripted(form('oauth_problem=rate_limited', 429)).fetch }).fetchRequestToken(URLS.request),
    )
    expect(unknown).toMatchObject({ code: 'invalid_response' })
    expect((unknown as Error).message).toContain('oauth_problem=rate_limited (HTTP 429)')
  })

  test('a redirect is not followed', async () => {
    const redirect = new Response(null, { status: 307, headers: { location: 'https://elsewhere.test/' } })
    const error = await failure(session({ fetch: scripted(redirect).fetch }).fetchRequestToken(URLS.request))
    expect(error).toMatchObject({ code: 'invalid_response' })
    expect((error as Error).message).toContain('redirect (HTTP 307)')
  })

  test('no answer at all is token_request_failed, with the cause', async () => {
    const cause = new TypeError('fetch failed')
    const error = await failure(session({ fetch: scripted(cause).fetch }).fetchRequestToken(URLS.request))
    expect(error).toMatchObject({
      code: 'token_request_failed',
      message: `The request token request POST ${URLS.request} got no response: fetch failed`,
      cause,
    })
  })

  test('with correctClockSkew a refused token request is replayed once with the corrected clock', async () => {
    const refusal = () => form(`oauth_problem=timestamp_refused&oauth_acceptable_timestamps=${NOW - 300}-${NOW + 300}`, 401)
    const { fetch, sent } = scripted(refusal(), requestTokenAnswer())
    const dance = session({ fetch, timestamp: NOW - 5000, correctClockSkew: true })
    await dance.fetchRequestToken(URLS.request)
    expect(sent.map((request) => oauthParameters(request).get('oauth_timestamp'))).toEqual([String(NOW - 5000), String(NOW)])
    // Not twice.
    const again = scripted(refusal(), refusal())
    const stubborn = session({ fetch: again.fetch, timestamp: NOW - 5000, correctClockSkew: true })
    expect(await failure(stubborn.fetchRequestToken(URLS.request))).toMatchObject({ code: 'timestamp_refused' })
    expect(again.sent).toHaveLength(2)
  })
})

describe('authorizationUrl and parseAuthorizationResponse', () => {
  async function pending() {
    const dance = session({ fetch: scripted(requestTokenAnswer()).fetch })
    await dance.fetchRequestToken(URLS.request, { callback: 'https://app.test/cb' })
    return dance
  }

  test('the authorization URL carries the pending request token and the extra parameters', async () => {
    const dance = await pending()
    expect(dance.authorizationUrl(`${URLS.authorize}?oauth_token=stale&lang=fr`, { force_login: 'true' })).toBe(
      `${URLS.authorize}?oauth_token=${REQUEST_TOKEN.token}&lang=fr&force_login=true`,
    )
  })

  test('the token and verifier of the callback URL, its query string, or a URL object', async () => {
    const dance = await pending()
    const expected = { token: REQUEST_TOKEN.token, verifier: 'v 1' }
    expect(dance.parseAuthorizationResponse(`https://app.test/cb?oauth_token=${REQUEST_TOKEN.token}&oauth_verifier=v+1`)).toEqual(expected)
    expect(dance.parseAuthorizationResponse(`?oauth_token=${REQUEST_TOKEN.token}&oauth_verifier=v%201`)).toEqual(expected)
    expect(dance.parseAuthorizationResponse(`oauth_token=${REQUEST_TOKEN.token}&oauth_verifier=v%201#frag`)).toEqual(expected)
    expect(dance.parseAuthorizationResponse(new URL(`https://app.test/cb?oauth_verifier=v+1&oauth_token=${REQUEST_TOKEN.token}`))).toEqual(
      expected,
    )
  })

  test('a missing token or verifier is parameter_absent naming what is missing', async () => {
    const dance = await pending()
    const cases: [string, string[]][] = [
      ['https://app.test/cb', ['oauth_token', 'oauth_verifier']],
      ['https://app.test/cb?oauth_verifier=v', ['oauth_token']],
      [`https://app.test/cb?oauth_token=${REQUEST_TOKEN.token}`, ['oauth_verifier']],
      [`https://app.test/cb?oauth_token=${REQUEST_TOKEN.token}&oauth_verifier=`, ['oauth_verifier']],
    ]
    for (const [url, parametersAbsent] of cases) {
      const error = await failure(() => dance.parseAuthorizationResponse(url))
      expect(error).toBeInstanceOf(OAuthProblemError)
      expect(error).toMatchObject({ code: 'parameter_absent', parametersAbsent })
    }
  })

  test('a token that is not the pending one is token_mismatch', async () => {
    const dance = await pending()
    const error = await failure(() => dance.parseAuthorizationResponse('https://app.test/cb?oauth_token=someone-else&oauth_verifier=v'))
    expect(error).toMatchObject({ code: 'token_mismatch' })
    // The verifier of a refused callback is not kept.
    expect(await failure(dance.fetchAccessToken(URLS.access))).toMatchObject({
      code: 'parameter_absent',
      parametersAbsent: ['oauth_verifier'],
    })
  })

  test('a denied authorization is user_refused (X: denied=, or a problem report)', async () => {
    const dance = await pending()
    expect(await failure(() => dance.parseAuthorizationResponse(`https://app.test/cb?denied=${REQUEST_TOKEN.token}`))).toMatchObject({
      code: 'user_refused',
    })
    const reported = await failure(() =>
      dance.parseAuthorizationResponse('https://app.test/cb?oauth_problem=user_refused&oauth_problem_advice=maybe+later'),
    )
    expect(reported).toBeInstanceOf(OAuthProblemError)
    expect(reported).toMatchObject({ code: 'user_refused', advice: 'maybe later' })
  })

  test('without a pending request token every step says what to do first', async () => {
    const dance = session({ fetch: scripted().fetch })
    for (const step of [
      () => dance.authorizationUrl(URLS.authorize),
      () => dance.parseAuthorizationResponse('https://app.test/cb?oauth_token=t&oauth_verifier=v'),
      () => dance.fetchAccessToken(URLS.access, { verifier: 'v' }),
    ]) {
      const error = await failure(step)
      expect(error).toMatchObject({ code: 'credentials_missing' })
      expect((error as Error).message).toContain('fetchRequestToken() first')
    }
  })
})

describe('fetchAccessToken', () => {
  test('signs with the request token and the parsed verifier, keeps the extra fields, and authorizes the session', async () => {
    const { fetch, sent } = scripted(requestTokenAnswer(), accessAnswer())
    const dance = session({ fetch, signatureMethod: 'HMAC-SHA256' })
    await dance.fetchRequestToken(URLS.request, { callback: 'https://app.test/cb' })
    dance.parseAuthorizationResponse(`https://app.test/cb?oauth_token=${REQUEST_TOKEN.token}&oauth_verifier=pin-1`)
    const access = await dance.fetchAccessToken(URLS.access)
    expect(access).toEqual({
      token: 'access-token',
      tokenSecret: 'access+secret',
      user_id: '42',
      screen_name: 'alice',
      x_auth_expires: '0',
    })
    const request = sent[1] as Sent
    expect([oauthParameters(request).get('oauth_token'), oauthParameters(request).get('oauth_verifier')]).toEqual([
      REQUEST_TOKEN.token,
      'pin-1',
    ])
    await verifyOAuth1(
      { method: request.method, url: request.url, headers: request.headers, body: request.body },
      {
        lookupConsumer: () => ({ secret: CONSUMER.secret }),
        lookupToken: () => ({ secret: REQUEST_TOKEN.tokenSecret }),
        now: () => NOW * 1000,
      },
    )
    expect(dance.authorized).toBe(true)
    expect(dance.signer.token).toBe('access-token')
    expect(dance.signer.signatureMethod).toBe('HMAC-SHA256')
    // The request token is spent.
    expect(() => dance.authorizationUrl(URLS.authorize)).toThrow(expect.objectContaining({ code: 'credentials_missing' }))
  })

  test('a verifier given explicitly (oob PIN) wins over none', async () => {
    const { fetch, sent } = scripted(accessAnswer())
    const dance = session({ fetch, requestToken: REQUEST_TOKEN })
    await dance.fetchAccessToken(URLS.access, { verifier: '123456' })
    expect(oauthParameters(sent[0] as Sent).get('oauth_verifier')).toBe('123456')
  })

  test('a refused access token leaves the session unauthorized, the request token still pending', async () => {
    const { fetch } = scripted(form('oauth_problem=verifier_invalid', 401), accessAnswer())
    const dance = session({ fetch, requestToken: REQUEST_TOKEN })
    expect(await failure(dance.fetchAccessToken(URLS.access, { verifier: 'wrong' }))).toMatchObject({ code: 'verifier_invalid' })
    expect(dance.authorized).toBe(false)
    await dance.fetchAccessToken(URLS.access, { verifier: 'right' })
    expect(dance.authorized).toBe(true)
  })
})

describe('xAuth', () => {
  test('x_auth_mode, x_auth_username and x_auth_password go in the signed form body of one POST, without a token', async () => {
    const { fetch, sent } = scripted(accessAnswer())
    const dance = session({ fetch })
    const access = await dance.fetchAccessTokenViaXAuth(URLS.access, { username: 'alice', password: PASSWORD })
    expect(access.screen_name).toBe('alice')
    const request = sent[0] as Sent
    expect([request.method, request.headers.get('content-type')]).toEqual(['POST', 'application/x-www-form-urlencoded'])
    expect([...new URLSearchParams(request.body)]).toEqual([
      ['x_auth_mode', 'client_auth'],
      ['x_auth_username', 'alice'],
      ['x_auth_password', PASSWORD],
    ])
    expect(oauthParameters(request).has('oauth_token')).toBe(false)
    const verified = await verifyOAuth1(
      { method: request.method, url: request.url, headers: request.headers, body: request.body },
      { lookupConsumer: () => ({ secret: CONSUMER.secret }), now: () => NOW * 1000 },
    )
    expect(verified.parameters.map(([name]) => name)).toEqual(['x_auth_mode', 'x_auth_username', 'x_auth_password'])
    expect(dance.authorized).toBe(true)
  })

  const leaks = (value: unknown): boolean => {
    const texts = [String(value), JSON.stringify(value), (value as Error)?.stack ?? '', JSON.stringify({ ...(value as object) })]
    for (
      let cause = (value as { cause?: unknown })?.cause;
      cause !== undefined && cause !== null;
      cause = (cause as { cause?: unknown }).cause
    ) {
      texts.push(String(cause), (cause as Error).stack ?? '')
    }
    return texts.some((text) =>
      [PASSWORD, encodeURIComponent(PASSWORD), new URLSearchParams({ p: PASSWORD }).toString().slice(2)].some((form) =>
        text.includes(form),
      ),
    )
  }

  test('the password reaches no error: a provider that echoes it, a fetch whose error holds the body, a 500', async () => {
    const echo = form(
      `oauth_problem=permission_denied&oauth_problem_advice=${encodeURIComponent(`bad password ${PASSWORD} for alice`)}`,
      401,
    )
    const unknown = form(`oauth_problem=${encodeURIComponent(PASSWORD)}`, 401)
    const noisyFetch = (sent: Sent): Response => {
      throw new Error(`socket hang up while sending ${sent.body}`, { cause: new Error(sent.body) })
    }
    const echoJson = new Response(
      JSON.stringify({ oauth_problem: 'parameter_rejected', oauth_parameters_rejected: encodeURIComponent(PASSWORD) }),
      {
        status: 400,
        headers: { 'content-type': 'application/json' },
      },
    )
    for (const answer of [
      echo,
      unknown,
      noisyFetch,
      echoJson,
      new Response(PASSWORD, { status: 500 }),
      form(`oauth_token_secret=${encodeURIComponent(PASSWORD)}`),
    ]) {
      const dance = session({ fetch: scripted(answer).fetch })
      const error = await failure(dance.fetchAccessTokenViaXAuth(URLS.access, { username: 'alice', password: PASSWORD }))
      expect(isOAuthError(error)).toBe(true)
      expect(leaks(error)).toBe(false)
      expect(leaks(dance)).toBe(false)
    }
    const echoed = await failure(
      session({ fetch: scripted(echo.clone()).fetch }).fetchAccessTokenViaXAuth(URLS.access, { username: 'alice', password: PASSWORD }),
    )
    expect(echoed).toMatchObject({ code: 'permission_denied', advice: 'bad password [redacted] for [redacted]' })
  })

  test('the password is kept nowhere: not in the session, not in its signer', async () => {
    const dance = session({ fetch: scripted(accessAnswer()).fetch })
    await dance.fetchAccessTokenViaXAuth(URLS.access, { username: 'alice', password: PASSWORD })
    for (const shown of [JSON.stringify(dance), String(dance), JSON.stringify(dance.signer), String(Object.values(dance))]) {
      expect(shown).not.toContain(PASSWORD)
      expect(shown).not.toContain(CONSUMER.secret)
      expect(shown).not.toContain('access+secret')
    }
    expect(JSON.stringify(dance)).toBe(JSON.stringify({ consumerKey: CONSUMER.key, authorized: true, pendingRequestToken: false }))
    expect(String(dance)).toBe('OAuth1Session(consumerKey="consumer-key", authorized)')
  })

  test('an empty username or password is refused before anything is sent', async () => {
    const { fetch, sent } = scripted()
    for (const credentials of [{ username: '', password: PASSWORD }, { username: 'alice', password: '' }, undefined]) {
      const error = await failure(session({ fetch }).fetchAccessTokenViaXAuth(URLS.access, credentials as never))
      expect(error).toMatchObject({ code: 'invalid_options' })
      expect(leaks(error)).toBe(false)
    }
    expect(sent).toHaveLength(0)
  })
})

describe('a session from credentials obtained elsewhere', () => {
  test('token and tokenSecret make it authorized at once', async () => {
    const dance = session({ token: 'playground-token', tokenSecret: 'playground-secret' })
    expect(dance.authorized).toBe(true)
    const signed = await dance.signer.sign({ method: 'GET', url: 'https://api.test/feeds' })
    await verifyOAuth1(signed, {
      lookupConsumer: () => ({ secret: CONSUMER.secret }),
      lookupToken: (token) => (token === 'playground-token' ? { secret: 'playground-secret' } : undefined),
      now: () => NOW * 1000,
    })
    expect(dance.signer).toBe(dance.signer)
  })

  test('the signer before authorization is credentials_missing; bad options are invalid_options', () => {
    expect(() => session().signer).toThrow(OAuthError)
    expect(() => session().signer).toThrow(expect.objectContaining({ code: 'credentials_missing' }))
    expect(() => session({ token: 'only-the-token' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(() => session({ requestToken: { token: '', tokenSecret: 's' } })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(() => session({ fetch: 'nope' as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(() => session({ tokenRequestMethod: 'PUT' as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(() => oauth1Session({ consumerKey: '' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    // RSA needs no token secret.
    expect(session({ token: 't', signatureMethod: 'RSA-SHA256', privateKey: rsaKeys.privatePkcs8 }).authorized).toBe(true)
  })
})
