import { withOAuth as withOAuthAxios } from '@oauthkit/axios'
import { clientSecretBasic, isOAuthError, type OAuth2Options, oauth2, oauthRefusal, refreshTokenGrant, type TokenSet } from '@oauthkit/core'
import { withOAuth as withOAuthFetch } from '@oauthkit/fetch'
import axios from 'axios'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { OidcServer } from './servers/oidc.ts'
import { authorizeInBrowser, startOidcServer } from './servers/oidc.ts'

let server: OidcServer
beforeEach(async () => {
  server = await startOidcServer()
})
afterEach(() => server.close())

function manualClock() {
  // The client's clock only decides when to refresh; oidc-provider keeps its own.
  let now = 1_700_000_000_000
  return {
    now: () => now,
    advance(seconds: number) {
      now += seconds * 1000
    },
  }
}

function confidential(options: Partial<OAuth2Options> = {}) {
  return oauth2({
    tokenEndpoint: server.tokenEndpoint,
    authorizationEndpoint: server.authorizationEndpoint,
    redirectUri: server.redirectUri,
    clientId: server.confidential.clientId,
    clientSecret: server.confidential.clientSecret,
    scope: 'openid offline_access',
    origins: [server.issuer],
    now: () => 1_700_000_000_000,
    ...options,
  })
}

/** The authorization code grant end to end: URL, login and consent in the "browser", code exchange. */
async function signIn(auth: ReturnType<typeof oauth2>): Promise<TokenSet> {
  const request = await auth.authorizationUrl({ parameters: { prompt: 'consent' } })
  const callback = await authorizeInBrowser(request.url, server.redirectUri)
  return auth.exchangeCode(callback, { state: request.state, codeVerifier: request.codeVerifier, issuer: server.issuer })
}

describe('oidc-provider: client credentials and client authentication (RFC 6749 2.3.1, 4.4)', () => {
  test('client_secret_basic with a secret that needs form-encoding; fetched on first use and cached', async () => {
    const auth = confidential({ grant: 'client_credentials', scope: 'api:read' })
    const [a, b] = await Promise.all([auth.getToken(), auth.getToken()])
    expect(a).toBe(b)
    expect(a).toMatchObject({ token_type: 'Bearer', scope: 'api:read', expires_in: 3600 })
    expect(server.tokenRequests).toEqual(['client_credentials'])
  })

  test('a client that skips the form-encoding (base64 of "id:secret" as is) is refused by the same server', async () => {
    const { clientId, clientSecret } = server.confidential
    const naive = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
    expect(naive).not.toBe(clientSecretBasic(clientId, clientSecret))
    const response = await fetch(server.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: naive, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_request' })
  })

  test('client_secret_post: id and secret in the form body, as they are', async () => {
    const auth = oauth2({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.confidential.clientId,
      clientSecret: server.confidential.clientSecret,
      clientAuth: 'client_secret_post',
    })
    await expect(auth.clientCredentials()).resolves.toMatchObject({ token_type: 'Bearer' })
    const wrong = oauth2({
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.confidential.clientId,
      clientSecret: 'wrong',
      clientAuth: 'client_secret_post',
    })
    const error = await wrong.clientCredentials().catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'OAuth2Error', code: 'invalid_client', status: 401 })
    expect(String(error)).not.toContain('wrong')
  })
})

describe('oidc-provider: authorization code with PKCE', () => {
  test('a confidential client: login and consent, code exchange with the verifier, then UserInfo with the token', async () => {
    const auth = confidential()
    const token = await signIn(auth)
    expect(token).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access', refresh_token: expect.any(String) })
    expect(token.id_token).toEqual(expect.any(String))
    const api = withOAuthFetch(fetch, auth)
    const me = await api(server.userinfoEndpoint)
    expect(await me.json()).toEqual({ sub: 'alice' })
    // RFC 6750 2.2: oidc-provider also takes the token in a form body.
    const posted = await api(server.userinfoEndpoint, { method: 'POST', body: new URLSearchParams(), oauth: { placement: 'body' } })
    expect(await posted.json()).toEqual({ sub: 'alice' })
  })

  test('a public client (no secret, client_id in the body): PKCE is what binds the code to it', async () => {
    const auth = oauth2({
      tokenEndpoint: server.tokenEndpoint,
      authorizationEndpoint: server.authorizationEndpoint,
      redirectUri: server.redirectUri,
      clientId: server.public.clientId,
      scope: 'openid',
    })
    const token = await signIn(auth)
    expect(token.access_token).toEqual(expect.any(String))
  })

  test('a wrong code verifier is the server’s invalid_grant; a wrong state is refused before any token request', async () => {
    const auth = confidential()
    const request = await auth.authorizationUrl()
    const callback = await authorizeInBrowser(request.url, server.redirectUri)
    await expect(auth.exchangeCode(callback, { state: 'another-state', codeVerifier: request.codeVerifier })).rejects.toMatchObject({
      code: 'state_mismatch',
    })
    expect(server.tokenRequests).toEqual([])
    const error = await auth
      .exchangeCode(callback, { state: request.state, codeVerifier: `${request.codeVerifier.slice(0, -1)}x` })
      .catch((e: unknown) => e)
    expect(isOAuthError(error) && error.code).toBe('invalid_grant')
    expect(String(error)).not.toContain(request.codeVerifier.slice(0, -1))
    expect(auth.token).toBeUndefined()
  })

  test('the user cancels: the callback carries access_denied (RFC 6749 4.1.2.1), a typed error', async () => {
    const auth = confidential()
    const request = await auth.authorizationUrl()
    const callback = await authorizeInBrowser(request.url, server.redirectUri, { decision: 'abort' })
    await expect(auth.exchangeCode(callback, { state: request.state, codeVerifier: request.codeVerifier })).rejects.toMatchObject({
      name: 'OAuth2Error',
      code: 'access_denied',
      description: 'End-User aborted interaction',
    })
  })

  test('UserInfo refuses a token in the query: the Bearer challenge comes with the response, typed', async () => {
    const auth = confidential()
    await signIn(auth)
    const api = withOAuthFetch(fetch, auth)
    const response = await api(server.userinfoEndpoint, { oauth: { placement: 'query' } })
    expect(response.status).toBe(400)
    expect(oauthRefusal(response)).toMatchObject({ name: 'OAuth2Error', code: 'invalid_request', status: 400 })
  })
})

describe('oidc-provider: refresh token rotation with replay detection', () => {
  test('a refresh that is not single-flight trips over rotation: the second refresh replays the old token and the whole grant is revoked', async () => {
    const first = confidential()
    const stored = await signIn(first)
    const client = {
      tokenEndpoint: server.tokenEndpoint,
      clientId: server.confidential.clientId,
      clientSecret: server.confidential.clientSecret,
    }
    // Two refreshes of the same stored token, as two requests (or two processes) would make them without coordination.
    const winner = await refreshTokenGrant(client, stored)
    expect(winner.refresh_token).not.toBe(stored.refresh_token)
    const loser = await refreshTokenGrant(client, stored).catch((e: unknown) => e)
    expect(isOAuthError(loser) && loser.code).toBe('invalid_grant')
    // ...and the winner lost too: oidc-provider revoked the whole family on the replay.
    await expect(refreshTokenGrant(client, winner)).rejects.toMatchObject({ code: 'invalid_grant' })
    const me = await fetch(server.userinfoEndpoint, { headers: { authorization: `Bearer ${winner.access_token}` } })
    expect(me.status).toBe(401)
  })

  test('ours: 100 concurrent requests through two clients sharing one authorizer at expiry refresh once; the family stays valid', async () => {
    const clock = manualClock()
    const saved: TokenSet[] = []
    const auth = confidential({
      now: clock.now,
      onToken: (token) => {
        saved.push(token)
      },
    })
    const original = await signIn(auth)
    const api = withOAuthFetch(fetch, auth)
    const instance = axios.create({ validateStatus: () => true })
    withOAuthAxios(instance, auth)
    clock.advance(3600)
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0 ? api(server.userinfoEndpoint).then((r) => r.status) : instance.get(server.userinfoEndpoint).then((r) => r.status),
      ),
    )
    expect(statuses.every((status) => status === 200)).toBe(true)
    expect(server.tokenRequests).toEqual(['authorization_code', 'refresh_token'])
    expect(saved).toHaveLength(2)
    expect(saved[1]?.refresh_token).not.toBe(original.refresh_token)
    // The rotated refresh token works: the grant was never revoked.
    clock.advance(3600)
    expect((await api(server.userinfoEndpoint)).status).toBe(200)
    expect(server.tokenRequests).toEqual(['authorization_code', 'refresh_token', 'refresh_token'])
  })
})
