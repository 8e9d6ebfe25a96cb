// The client side of the OAuth 1.0a dance (oauth1Session) against an independent provider: Python's
// oauthlib (RequestTokenEndpoint, AuthorizationEndpoint, AccessTokenEndpoint, ResourceEndpoint) over
// loopback HTTP, with a fixed clock. Three-legged with a callback and with oob, xAuth, every error
// path the provider can produce, the opt-in clock-skew correction, and the protected-resource call
// after the dance through every adapter.
import type { OAuth1SessionOptions } from '@oauthkit/core'
import { OAuthError, OAuthProblemError, oauth1Session } from '@oauthkit/core'
import type { Oauthlib } from '@oauthkit/test-support'
import { startOauthlib } from '@oauthkit/test-support'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { harnesses } from '../adapters/harness/index.ts'
import { failure } from '../fixtures/failure.ts'
import { alice, danceConsumer, legacyConsumer, NOW_SECONDS, providerClients, providerUsers } from './oauthlib/fixtures.ts'

const CALLBACK = 'https://app.example/oauth/callback?state=s1'

let provider: Oauthlib
beforeAll(async () => {
  provider = await startOauthlib({ now: NOW_SECONDS, clients: providerClients, users: providerUsers, timestampLifetime: 300 })
})
afterAll(async () => {
  await provider.close()
})

// One nonce sequence for the whole file: the provider remembers every (consumer, timestamp, nonce, token).
let nonces = 0
const nonce = (): string => `nonce${++nonces}`

function session(options: Partial<OAuth1SessionOptions> = {}) {
  return oauth1Session({ consumerKey: danceConsumer.key, consumerSecret: danceConsumer.secret, timestamp: NOW_SECONDS, nonce, ...options })
}

/** Goes through the dance with a callback and answers the authorized session. */
async function authorizedSession(options: Partial<OAuth1SessionOptions> = {}) {
  const dance = session(options)
  await dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
  const approval = await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name)
  dance.parseAuthorizationResponse(approval.headers.get('location') ?? '')
  await dance.fetchAccessToken(provider.accessTokenUrl)
  return dance
}

async function resource(dance: ReturnType<typeof session>): Promise<{ status: number; body: Record<string, unknown> }> {
  const signed = await dance.signer.sign({ method: 'GET', url: `${provider.resourceUrl}?q=a+b` })
  const response = await fetch(signed.url, { headers: signed.headers })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('three-legged with a callback', () => {
  test.each(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA256', 'PLAINTEXT'] as const)(
    '%s: request token, authorization, access token, resource',
    async (signatureMethod) => {
      const dance = session({ signatureMethod, privateKey: danceConsumer.privateKey })
      const requestToken = await dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
      expect(requestToken).toMatchObject({ oauth_callback_confirmed: 'true' })
      expect(requestToken.token).toMatch(/^t\d+$/)

      const authorizationUrl = dance.authorizationUrl(provider.authorizeUrl, { lang: 'en' })
      expect(new URL(authorizationUrl).searchParams.get('oauth_token')).toBe(requestToken.token)
      expect(new URL(authorizationUrl).searchParams.get('lang')).toBe('en')

      const approval = await provider.approve(authorizationUrl, alice.name)
      expect(approval.status).toBe(302)
      const location = approval.headers.get('location') ?? ''
      expect(location.startsWith('https://app.example/oauth/callback?state=s1&')).toBe(true)
      const { token, verifier } = dance.parseAuthorizationResponse(location)
      expect(token).toBe(requestToken.token)
      expect(verifier).toMatch(/^t\d+$/)

      expect(dance.authorized).toBe(false)
      const access = await dance.fetchAccessToken(provider.accessTokenUrl)
      expect(access).toMatchObject({ user_id: alice.userId, screen_name: alice.screenName, oauth_authorized_realms: '' })
      expect(access.token).not.toBe(requestToken.token)
      expect(dance.authorized).toBe(true)
      expect(dance.signer.token).toBe(access.token)

      expect(await resource(dance)).toEqual({ status: 200, body: expect.objectContaining({ valid: true, user: alice.name }) })
    },
  )

  test('the request token parameters go in the signed form body', async () => {
    const dance = session()
    const requestToken = await dance.fetchRequestToken(provider.requestTokenUrl, {
      callback: CALLBACK,
      x_auth_access_type: 'read',
      scope: 'a b+c',
    })
    expect([...new URLSearchParams(requestToken.x_signed_parameters)]).toEqual([
      ['x_auth_access_type', 'read'],
      ['scope', 'a b+c'],
    ])
    expect(dance.toJSON()).toEqual({ consumerKey: danceConsumer.key, authorized: false, pendingRequestToken: true })
  })

  test('a web application resumes the dance in another session with the saved request token', async () => {
    const first = session()
    const requestToken = await first.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    const approval = await provider.approve(first.authorizationUrl(provider.authorizeUrl), alice.name)

    const second = session({ requestToken: { token: requestToken.token, tokenSecret: requestToken.tokenSecret } })
    second.parseAuthorizationResponse(approval.headers.get('location') ?? '')
    await second.fetchAccessToken(provider.accessTokenUrl)
    expect((await resource(second)).status).toBe(200)
  })

  test('query placement and GET token requests', async () => {
    const dance = session({ placement: 'query', tokenRequestMethod: 'GET' })
    await dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    const approval = await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name)
    dance.parseAuthorizationResponse(approval.headers.get('location') ?? '')
    await dance.fetchAccessToken(provider.accessTokenUrl)
    expect((await resource(dance)).body).toMatchObject({ valid: true, user: alice.name })
  })
})

describe('oob: the user types the PIN in', () => {
  test('the request token is fetched with oauth_callback=oob and the verifier is given to fetchAccessToken', async () => {
    const dance = session()
    await dance.fetchRequestToken(provider.requestTokenUrl)
    const approval = await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name)
    // The provider shows the PIN instead of redirecting.
    expect(approval.status).toBe(200)
    const pin = new URLSearchParams(await approval.text()).get('oauth_verifier') ?? ''
    expect(pin).not.toBe('')
    const access = await dance.fetchAccessToken(provider.accessTokenUrl, { verifier: pin })
    expect(access.screen_name).toBe(alice.screenName)
    expect((await resource(dance)).body).toMatchObject({ valid: true, user: alice.name })
  })
})

describe('xAuth', () => {
  test('the username and password are exchanged for an access token in one signed form body', async () => {
    const dance = session()
    const access = await dance.fetchAccessTokenViaXAuth(provider.accessTokenUrl, { username: alice.name, password: alice.password })
    expect(access).toMatchObject({ user_id: alice.userId, screen_name: alice.screenName, x_auth_expires: '0' })
    expect(dance.authorized).toBe(true)
    expect((await resource(dance)).body).toMatchObject({ valid: true, user: alice.name })
    for (const shown of [JSON.stringify(dance), String(dance), JSON.stringify(access)]) expect(shown).not.toContain(alice.password)
  })

  test('a wrong password is a permission_denied problem that names neither the password nor the username', async () => {
    const dance = session()
    const error = await failure(
      dance.fetchAccessTokenViaXAuth(provider.accessTokenUrl, { username: alice.name, password: 'wrong pa55 w0rd' }),
    )
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({ code: 'permission_denied', advice: 'wrong username or password' })
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`
    expect(text).not.toContain('wrong pa55 w0rd')
    expect(text).not.toContain(encodeURIComponent('wrong pa55 w0rd'))
    expect(dance.authorized).toBe(false)
    for (const shown of [JSON.stringify(dance), String(dance)]) expect(shown).not.toContain('pa55')
  })

  test('a consumer without xAuth is refused with consumer_key_refused', async () => {
    const dance = oauth1Session({ consumerKey: legacyConsumer.key, consumerSecret: legacyConsumer.secret, timestamp: NOW_SECONDS, nonce })
    const error = await failure(dance.fetchAccessTokenViaXAuth(provider.accessTokenUrl, { username: alice.name, password: alice.password }))
    expect(error).toMatchObject({ code: 'consumer_key_refused' })
    expect(String(error)).not.toContain(alice.password)
  })
})

describe('error paths', () => {
  test('a provider without oauth_callback_confirmed (OAuth 1.0) is refused', async () => {
    const dance = oauth1Session({ consumerKey: legacyConsumer.key, consumerSecret: legacyConsumer.secret, timestamp: NOW_SECONDS, nonce })
    const error = await failure(dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK }))
    expect(error).toBeInstanceOf(OAuthError)
    expect(error).toMatchObject({ code: 'callback_not_confirmed' })
    expect(dance.toJSON().pendingRequestToken).toBe(false)
  })

  test('a denied authorization is user_refused', async () => {
    const dance = session()
    await dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    const denial = await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name, 'deny')
    const error = await failure(() => dance.parseAuthorizationResponse(denial.headers.get('location') ?? ''))
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({ code: 'user_refused' })
  })

  test('the callback of another dance is token_mismatch', async () => {
    const mine = session()
    const other = session()
    await mine.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    await other.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    const approval = await provider.approve(other.authorizationUrl(provider.authorizeUrl), alice.name)
    const error = await failure(() => mine.parseAuthorizationResponse(approval.headers.get('location') ?? ''))
    expect(error).toMatchObject({ code: 'token_mismatch' })
  })

  test('a wrong verifier is the provider report verifier_invalid', async () => {
    const dance = session()
    await dance.fetchRequestToken(provider.requestTokenUrl)
    await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name)
    const error = await failure(dance.fetchAccessToken(provider.accessTokenUrl, { verifier: 'not-the-pin' }))
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({ code: 'verifier_invalid' })
    expect((error as Error).message).toContain(`POST ${provider.accessTokenUrl}`)
    expect((error as Error).message).toContain('HTTP 401')
    expect(dance.authorized).toBe(false)
  })

  test('an unknown consumer is consumer_key_unknown; a wrong secret signature_invalid', async () => {
    const unknown = oauth1Session({ consumerKey: 'nobody', consumerSecret: 'x', timestamp: NOW_SECONDS, nonce })
    expect(await failure(unknown.fetchRequestToken(provider.requestTokenUrl))).toMatchObject({ code: 'consumer_key_unknown' })
    const wrong = session({ consumerSecret: 'not the secret' })
    const error = await failure(wrong.fetchRequestToken(provider.requestTokenUrl))
    expect(error).toMatchObject({ code: 'signature_invalid' })
    expect((error as Error).message).not.toContain('not the secret')
  })

  test('a revoked access token is the challenge token_revoked, through every adapter', async () => {
    const dance = await authorizedSession()
    await provider.revoke(dance.signer.token ?? '')
    for (const harness of harnesses) {
      const response = await harness.create(dance.signer, {}, { baseUrl: provider.url }).send({ method: 'GET', url: '/resource' })
      expect(response.status, harness.name).toBe(401)
      expect(response.refusal, harness.name).toBeInstanceOf(OAuthProblemError)
      expect(response.refusal?.code, harness.name).toBe('token_revoked')
    }
  })
})

describe('clock skew', () => {
  const SKEW = 3_600

  test('without the option, a clock an hour behind is a typed timestamp_refused with the acceptable range', async () => {
    const dance = session({ timestamp: NOW_SECONDS - SKEW })
    const error = await failure(dance.fetchRequestToken(provider.requestTokenUrl))
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({ code: 'timestamp_refused', acceptableTimestamps: { min: NOW_SECONDS - 300, max: NOW_SECONDS + 300 } })
  })

  test('with correctClockSkew the first refusal corrects the clock, and the whole dance then goes through', async () => {
    let reads = 0
    const dance = session({
      timestamp: undefined,
      now: () => {
        reads++
        return (NOW_SECONDS - SKEW) * 1000
      },
      correctClockSkew: true,
    })
    await dance.fetchRequestToken(provider.requestTokenUrl, { callback: CALLBACK })
    expect(reads).toBeGreaterThan(0)
    const approval = await provider.approve(dance.authorizationUrl(provider.authorizeUrl), alice.name)
    dance.parseAuthorizationResponse(approval.headers.get('location') ?? '')
    await dance.fetchAccessToken(provider.accessTokenUrl)
    expect(dance.signer.clockOffset).toBe(SKEW)
    expect((await resource(dance)).body).toMatchObject({ valid: true, user: alice.name })
  })
})

describe('the protected-resource call after the dance, through every adapter', () => {
  for (const harness of harnesses) {
    test(`${harness.name}: GET and POST with a form are accepted by oauthlib`, async () => {
      const dance = await authorizedSession()
      const client = harness.create(dance.signer, {}, { baseUrl: provider.url })
      const get = await client.send({ method: 'GET', url: '/resource', query: [['q', 'a b']] })
      expect([get.status, JSON.parse(get.body)]).toEqual([
        200,
        expect.objectContaining({ valid: true, user: alice.name, parameters: [['q', 'a b']] }),
      ])
      const post = await client.send({ method: 'POST', url: '/resource', form: [['status', 'Hello Ladies + Gentlemen!']] })
      expect([post.status, JSON.parse(post.body)]).toEqual([
        200,
        expect.objectContaining({ valid: true, parameters: [['status', 'Hello Ladies + Gentlemen!']] }),
      ])
    })
  }

  test('a session made straight from an access token obtained elsewhere is authorized at once', async () => {
    // The token comes from another program (here: an earlier xAuth exchange, as the OAuth Playground would give one).
    const obtained = await session().fetchAccessTokenViaXAuth(provider.accessTokenUrl, { username: alice.name, password: alice.password })
    const reused = session({ token: obtained.token, tokenSecret: obtained.tokenSecret })
    expect(reused.authorized).toBe(true)
    for (const harness of harnesses) {
      const response = await harness.create(reused.signer, {}, { baseUrl: provider.url }).send({ method: 'GET', url: '/resource' })
      expect([harness.name, response.status, JSON.parse(response.body).user]).toEqual([harness.name, 200, alice.name])
    }
  })
})
