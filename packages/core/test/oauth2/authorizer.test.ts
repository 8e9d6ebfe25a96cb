import { isOAuthError, oauth2, type TokenSet } from '@oauthkit/core'
import { bindAuthorizer } from '@oauthkit/core/adapter'
import { describe, expect, test } from 'vitest'
import { json, scriptedServer, TOKEN_ENDPOINT } from './helpers.ts'

const TOKEN: TokenSet = { access_token: 'mF_9.B5f-4.1JqM/a+b=', token_type: 'Bearer' }
const FORM = 'application/x-www-form-urlencoded'
const withToken = (options: Partial<Parameters<typeof oauth2>[0]> = {}) =>
  oauth2({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', token: TOKEN, origins: ['https://api.example.com'], ...options })

describe('bearer placement (RFC 6750 2)', () => {
  test("'header' (default): Authorization: Bearer, nothing else changed", async () => {
    const auth = withToken()
    const body = new URLSearchParams({ a: '1' })
    const out = await auth.authorize({ method: 'POST', url: 'https://api.example.com/x?q=1', body })
    expect(out.headers.get('authorization')).toBe('Bearer mF_9.B5f-4.1JqM/a+b=')
    expect(out.url).toBe('https://api.example.com/x?q=1')
    expect(out.body).toBe(body)
    expect(auth.placement).toBe('header')
  })

  test("'body': appended to the form body (2.2), Content-Type set when missing; an empty POST gets a form", async () => {
    const auth = withToken({ placement: 'body' })
    const out = await auth.authorize({
      method: 'POST',
      url: 'https://api.example.com/x',
      headers: { 'content-type': FORM },
      body: 'a=1&b=x+y',
    })
    expect(out.body).toBe('a=1&b=x+y&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(out.headers.has('authorization')).toBe(false)
    const empty = await auth.authorize({ method: 'PUT', url: 'https://api.example.com/x' })
    expect(empty.body).toBe('access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(empty.headers.get('content-type')).toBe(FORM)
    const params = await auth.authorize({ method: 'POST', url: 'https://api.example.com/x', body: new URLSearchParams({ a: '1' }) })
    expect(params.body).toBe('a=1&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(params.headers.get('content-type')).toBe(FORM)
    const emptyParams = await auth.authorize({ method: 'POST', url: 'https://api.example.com/x', body: new URLSearchParams() })
    expect(emptyParams.body).toBe('access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
  })

  test("'body' on a GET or with a JSON / multipart body is placement_unsupported, and no token is fetched", async () => {
    const server = scriptedServer(json(TOKEN))
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      clientSecret: 's',
      grant: 'client_credentials',
      placement: 'body',
      fetch: server.fetch,
    })
    for (const request of [
      { method: 'GET', url: 'https://as.example.com/x' },
      // RFC 6750 2.2: never in the body of a GET, even one that carries a form.
      { method: 'GET', url: 'https://as.example.com/x', headers: { 'content-type': FORM }, body: 'q=x' },
      { method: 'HEAD', url: 'https://as.example.com/x', body: new URLSearchParams({ q: 'x' }) },
      { method: 'POST', url: 'https://as.example.com/x', headers: { 'content-type': 'application/json' }, body: '{}' },
      { method: 'POST', url: 'https://as.example.com/x', body: new FormData() },
    ]) {
      await expect(auth.authorize(request)).rejects.toMatchObject({ code: 'placement_unsupported' })
    }
    expect(server.requests).toHaveLength(0)
  })

  test("'query': appended percent-encoded, with Cache-Control: no-store (2.3)", async () => {
    const auth = withToken()
    const out = await auth.authorize({ method: 'GET', url: 'https://api.example.com/x?q=a+b' }, { placement: 'query' })
    expect(out.url).toBe('https://api.example.com/x?q=a+b&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(out.headers.get('cache-control')).toBe('no-store')
    expect(out.headers.has('authorization')).toBe(false)
  })

  test('the FULL placements (header+query, header+body) are refused for OAuth 2 with invalid_options', async () => {
    expect(() => withToken({ placement: 'header+query' as 'header' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    const auth = withToken()
    for (const placement of ['header+query', 'header+body'] as const) {
      const error = await auth.authorize({ method: 'POST', url: 'https://api.example.com/x' }, { placement }).catch((e: unknown) => e)
      expect(isOAuthError(error) && error.code).toBe('invalid_options')
      expect(String(error)).toMatch(/sends the token twice/)
    }
  })

  test('a token of an earlier attempt is replaced wherever it is, never appended', async () => {
    const auth = withToken()
    const stale = {
      method: 'POST',
      url: 'https://api.example.com/x?access_token=old&q=1',
      headers: { authorization: 'Bearer old', 'content-type': FORM },
      body: 'access_token=old&a=1',
    }
    const header = await auth.authorize(stale)
    expect(header.url).toBe('https://api.example.com/x?q=1')
    expect(header.body).toBe('a=1')
    expect(header.headers.get('authorization')).toBe('Bearer mF_9.B5f-4.1JqM/a+b=')
    const query = await auth.authorize(stale, { placement: 'query' })
    expect(query.url).toBe('https://api.example.com/x?q=1&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(query.headers.has('authorization')).toBe(false)
    // Another scheme in Authorization is the caller's: left alone by the body placement.
    const basic = await auth.authorize({ ...stale, headers: { authorization: 'Basic eDp5', 'content-type': FORM } }, { placement: 'body' })
    expect(basic.headers.get('authorization')).toBe('Basic eDp5')
    expect(basic.body).toBe('a=1&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
  })

  test('a token goes over https, or http to a loopback host; plain http elsewhere only with allowInsecureRequests (RFC 6750 5.3)', async () => {
    const auth = withToken()
    const error = await auth.authorize({ method: 'GET', url: 'http://api.example.com/x?q=1' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'OAuthError', code: 'request_invalid' })
    expect((error as Error).message).toBe(
      'Authorizing GET http://api.example.com/x: a bearer token goes over https only (RFC 6750 5.3); http is for loopback hosts, or with allowInsecureRequests',
    )
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]/x', 'https://api.example.com/x']) {
      expect((await auth.authorize({ method: 'GET', url })).headers.get('authorization')).toBe(`Bearer ${TOKEN.access_token}`)
    }
    const insecure = withToken({ allowInsecureRequests: true })
    expect((await insecure.authorize({ method: 'GET', url: 'http://api.example.com/x' })).headers.get('authorization')).toBe(
      `Bearer ${TOKEN.access_token}`,
    )
  })

  test('strip() removes Authorization and access_token from the query and the form body', () => {
    const auth = withToken()
    const out = auth.strip({
      method: 'POST',
      url: 'https://cdn.example.net/x?a=1&access_token=t&access%5Ftoken=t2',
      headers: { authorization: 'Bearer t', 'content-type': FORM, 'x-keep': '1' },
      body: 'b=2&access_token=t',
    })
    expect(out.url).toBe('https://cdn.example.net/x?a=1')
    expect(out.body).toBe('b=2')
    expect(out.headers.has('authorization')).toBe(false)
    expect(out.headers.get('x-keep')).toBe('1')
  })

  test('the authorizer shows no credential when logged or serialized', async () => {
    const { inspect } = await import('node:util')
    const auth = withToken({ clientSecret: 'the-client-secret', token: { ...TOKEN, refresh_token: 'the-refresh-token' } })
    for (const shown of [JSON.stringify(auth), inspect(auth, { depth: 5, getters: false })]) {
      expect(shown).not.toContain('mF_9')
      expect(shown).not.toContain('the-client-secret')
      expect(shown).not.toContain('the-refresh-token')
    }
    expect(auth.token?.refresh_token).toBe('the-refresh-token')
  })

  test('a token that is not a bearer token is refused with unsupported_token_type', async () => {
    const auth = withToken({ token: { access_token: 'x', token_type: 'DPoP' } })
    await expect(auth.authorize({ method: 'GET', url: 'https://api.example.com/' })).rejects.toMatchObject({
      code: 'unsupported_token_type',
    })
    // Lowercase "bearer", as many servers send it, is a bearer token.
    const lower = withToken({ token: { access_token: 'x', token_type: 'bearer' } })
    expect((await lower.authorize({ method: 'GET', url: 'https://api.example.com/' })).headers.get('authorization')).toBe('Bearer x')
  })
})

describe('where the token may go', () => {
  test("origins: the token endpoint's origin plus the option", () => {
    expect(withToken().origins).toEqual(['https://as.example.com', 'https://api.example.com'])
    expect(oauth2({ tokenEndpoint: 'https://as.example.com:8443/t', clientId: 'a' }).origins).toEqual(['https://as.example.com:8443'])
  })

  test('through bindAuthorizer: another origin gets a stripped request; a body-placed token moves to the header on a GET hop, never to the query', async () => {
    const binding = bindAuthorizer(withToken(), { placement: 'body' })
    const call = binding.call('https://api.example.com/form', undefined)
    const first = await call.attempt({
      method: 'POST',
      url: 'https://api.example.com/form',
      headers: { 'content-type': FORM },
      body: 'a=1',
    })
    expect(first.body).toBe('a=1&access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    // 303 to a GET on the same origin: the token goes in the header.
    const hop = await call.attempt({ method: 'GET', url: 'https://api.example.com/done' })
    expect(hop.url).toBe('https://api.example.com/done')
    expect(hop.headers.get('authorization')).toBe('Bearer mF_9.B5f-4.1JqM/a+b=')
    // A hop elsewhere carries nothing, even when the previous hop's URL and headers had the token.
    const away = await call.attempt({ method: 'GET', url: 'https://evil.example.net/?access_token=x', headers: hop.headers })
    expect(away.url).toBe('https://evil.example.net/')
    expect(away.headers.has('authorization')).toBe(false)
  })

  test("with 'query' chosen for the client, a hop keeps it in the query", async () => {
    const call = bindAuthorizer(withToken(), { placement: 'query' }).call('https://api.example.com/a', undefined)
    await call.attempt({ method: 'GET', url: 'https://api.example.com/a' })
    const hop = await call.attempt({ method: 'GET', url: 'https://api.example.com/b' })
    expect(hop.url).toBe('https://api.example.com/b?access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
  })
})

describe('compliance hooks (requests-oauthlib register_compliance_hook)', () => {
  test('beforeTokenRequest changes the request; afterTokenResponse fixes the answer before it is read', async () => {
    const server = scriptedServer(json({ data: { access_token: 'nested', expires: '60' } }))
    const seen: string[] = []
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      clientSecret: 's',
      grant: 'client_credentials',
      fetch: server.fetch,
      hooks: {
        beforeTokenRequest: [
          (state) => {
            seen.push(state.grantType)
            state.body.set('audience', 'api')
          },
          async (state) => {
            state.url = new URL('https://as.example.com/v2/token')
            state.headers.set('x-tenant', 'acme')
          },
        ],
        afterTokenResponse: (state) => {
          const { data } = state.body as { data: { access_token: string; expires: string } }
          state.body = { access_token: data.access_token, token_type: 'Bearer', expires_in: data.expires }
        },
      },
    })
    const token = await auth.getToken()
    expect(seen).toEqual(['client_credentials'])
    expect(server.requests[0]?.url.href).toBe('https://as.example.com/v2/token')
    expect(server.requests[0]?.headers.get('x-tenant')).toBe('acme')
    expect(server.requests[0]?.form.get('audience')).toBe('api')
    expect(token).toMatchObject({ access_token: 'nested', expires_in: 60 })
  })

  test('afterTokenResponse can turn a 200 into an error; the error is typed', async () => {
    const server = scriptedServer(json({ ok: false, reason: 'invalid_client' }))
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      grant: 'client_credentials',
      fetch: server.fetch,
      hooks: {
        afterTokenResponse: (state) => {
          const body = state.body as { ok: boolean; reason: string }
          if (!body.ok) {
            state.status = 401
            state.body = { error: body.reason }
          }
        },
      },
    })
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'invalid_client', status: 401 })
  })

  test('beforeProtectedRequest sees the token and placement and changes each attempt', async () => {
    const auth = withToken({
      placement: 'query',
      hooks: {
        beforeProtectedRequest: (state) => {
          const url = new URL(state.request.url)
          url.searchParams.delete('access_token')
          url.searchParams.set('oauth2_access_token', state.token.access_token)
          state.request.url = url.href
          state.request.headers.set('x-placement', state.placement)
        },
      },
    })
    const out = await auth.authorize({ method: 'GET', url: 'https://api.example.com/me', headers: { 'x-drop': '1' } })
    expect(out.url).toBe('https://api.example.com/me?oauth2_access_token=mF_9.B5f-4.1JqM%2Fa%2Bb%3D')
    expect(out.headers.get('x-placement')).toBe('query')
    // What the adapters apply to their client's headers is what the hook left.
    expect(out.headerChanges).toEqual({ 'cache-control': 'no-store', 'x-placement': 'query' })
    const dropping = withToken({ hooks: { beforeProtectedRequest: (state) => state.request.headers.delete('x-drop') } })
    const dropped = await dropping.authorize({ method: 'GET', url: 'https://api.example.com/me', headers: { 'x-drop': '1' } })
    expect(dropped.headerChanges).toEqual({ authorization: 'Bearer mF_9.B5f-4.1JqM/a+b=', 'x-drop': null })
  })
})
