import { OAuth2Error, type OAuth2Options, oauth2, type ResponseParts, type TokenSet } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { flush, gate, json, manualClock, type SeenRequest, scriptedServer, TOKEN_ENDPOINT } from './helpers.ts'

const API = 'https://as.example.com/api'

/** A token server that rotates: each refresh (or grant) issues at-N / rt-N, valid for an hour. */
function rotatingServer() {
  let issued = 0
  const server = scriptedServer((request: SeenRequest) => {
    issued++
    const body: Record<string, unknown> = { access_token: `at-${issued}`, token_type: 'Bearer', expires_in: 3600 }
    if (request.form.get('grant_type') === 'refresh_token') body.refresh_token = `rt-${issued}`
    return json(body)
  })
  return server
}

function response(status: number, wwwAuthenticate?: string): ResponseParts {
  const headers = new Headers(wwwAuthenticate === undefined ? {} : { 'www-authenticate': wwwAuthenticate })
  return { status, headers, text: async () => '' }
}
const INVALID_TOKEN = 'Bearer realm="api", error="invalid_token", error_description="The access token expired"'

function setup(options: Partial<OAuth2Options> = {}) {
  const clock = manualClock()
  const server = rotatingServer()
  const saved: TokenSet[] = []
  const auth = oauth2({
    tokenEndpoint: TOKEN_ENDPOINT,
    clientId: 'app',
    clientSecret: 's',
    fetch: server.fetch,
    now: clock.now,
    onToken: (token) => {
      saved.push(token)
    },
    ...options,
  })
  const send = async (method = 'GET') => {
    const request = { method, url: API }
    const authorized = await auth.authorize(request)
    return { request, token: authorized.headers.get('authorization')?.slice('Bearer '.length) }
  }
  return { clock, server, saved, auth, send }
}

/** An authorizer on a token server answering `answer`, on a manual clock; `send` authorizes a GET. */
function onServer(answer: Parameters<typeof scriptedServer>[0], options: Partial<OAuth2Options> = {}) {
  const clock = manualClock()
  const server = scriptedServer(answer)
  const auth = oauth2({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', fetch: server.fetch, now: clock.now, ...options })
  const send = async () => (await auth.authorize({ method: 'GET', url: API })).headers.get('authorization')
  return { clock, server, auth, send }
}

const expiring = (clock: ReturnType<typeof manualClock>, seconds: number): TokenSet => ({
  access_token: 'at-0',
  token_type: 'Bearer',
  refresh_token: 'rt-0',
  expires_at: clock.seconds() + seconds,
})

describe('getting a token', () => {
  test("grant 'client_credentials': fetched on first use, then cached; concurrent first uses make one request", async () => {
    const { server, send, saved } = setup({ grant: 'client_credentials', scope: 'read' })
    const results = await Promise.all(Array.from({ length: 50 }, () => send()))
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(['at-1']))
    await send()
    expect(server.requests).toHaveLength(1)
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({ grant_type: 'client_credentials', scope: 'read' })
    expect(saved.map((t) => t.access_token)).toEqual(['at-1'])
  })

  test('a client-credentials token without a refresh token is fetched again when it expires', async () => {
    const { server, send, clock } = setup({ grant: 'client_credentials' })
    expect((await send()).token).toBe('at-1')
    clock.advance(3600 - 31)
    expect((await send()).token).toBe('at-1')
    clock.advance(2) // within the 30 s skew
    expect((await send()).token).toBe('at-2')
    expect(server.requests.map((r) => r.form.get('grant_type'))).toEqual(['client_credentials', 'client_credentials'])
  })

  test('a custom grant function runs the same way', async () => {
    const calls: string[] = []
    const { send } = setup({
      grant: async (client) => {
        calls.push(client.clientId)
        return { access_token: 'custom', token_type: 'Bearer' }
      },
    })
    await Promise.all([send(), send(), send()])
    expect((await send()).token).toBe('custom')
    expect(calls).toEqual(['app'])
  })

  test('no token and no grant is token_missing; expired without a refresh token or grant is token_unrenewable', async () => {
    const { auth, send, clock } = setup()
    await expect(send()).rejects.toMatchObject({ name: 'OAuth2Error', code: 'token_missing' })
    auth.setToken({ access_token: 'lonely', token_type: 'Bearer', expires_at: clock.seconds() + 20 })
    // Within the skew but not expired: nothing to renew with, so it is sent as it is.
    expect((await send()).token).toBe('lonely')
    clock.advance(20)
    await expect(send()).rejects.toMatchObject({ code: 'token_unrenewable' })
    await expect(auth.refresh()).rejects.toMatchObject({ code: 'token_unrenewable' })
  })

  test('a stored token with expires_in but no expires_at counts from when it was given (as requests-oauthlib)', async () => {
    const { auth, clock, send, server } = setup()
    auth.setToken({ access_token: 'stored', token_type: 'Bearer', refresh_token: 'rt-0', expires_in: 100 })
    expect(auth.token?.expires_at).toBe(clock.seconds() + 100)
    clock.advance(69)
    expect((await send()).token).toBe('stored')
    clock.advance(2)
    expect((await send()).token).toBe('at-1')
    expect(server.requests).toHaveLength(1)
    expect(() => auth.setToken({ token_type: 'Bearer' } as TokenSet)).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })
})

describe('proactive refresh (no timers: expiry is checked on each request)', () => {
  test('renews refreshSkewSeconds before expires_at, with the refresh token; the rotated one is kept and persisted', async () => {
    const { clock, server, send, saved, auth } = setup({ refreshSkewSeconds: 60 })
    auth.setToken(expiring(clock, 100))
    clock.advance(39)
    expect((await send()).token).toBe('at-0')
    clock.advance(1)
    expect((await send()).token).toBe('at-1')
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-0' })
    expect(auth.token).toMatchObject({ access_token: 'at-1', refresh_token: 'rt-1', expires_at: clock.seconds() + 3600 })
    expect(saved).toEqual([auth.token])
    // The next renewal uses the rotated refresh token.
    clock.advance(3600)
    await send()
    expect(server.requests[1]?.form.get('refresh_token')).toBe('rt-1')
  })

  test('SINGLE-FLIGHT: 200 concurrent requests at expiry make exactly one token request and all carry the new token', async () => {
    const { clock, server, send, auth } = setup()
    auth.setToken(expiring(clock, 10))
    const results = await Promise.all(Array.from({ length: 200 }, () => send()))
    expect(server.requests).toHaveLength(1)
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(['at-1']))
  })

  test('onToken is awaited before the waiting requests go on', async () => {
    const persisted = gate()
    const order: string[] = []
    const { clock, send, auth } = setup({
      onToken: async () => {
        order.push('persisting')
        await persisted.promise
        order.push('persisted')
      },
    })
    auth.setToken(expiring(clock, 0))
    const sending = send().then(() => order.push('sent'))
    await flush()
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['persisting'])
    persisted.open()
    await sending
    expect(order).toEqual(['persisting', 'persisted', 'sent'])
  })

  test('a failed refresh of an expired token fails every waiting request with the typed RFC 6749 error; a transient failure is tried again', async () => {
    const answer = gate<Response>()
    let calls = 0
    const { clock, server, auth, send } = onServer(async () => {
      calls++
      return calls === 1 ? answer.promise : json({ access_token: 'at-ok', token_type: 'Bearer', refresh_token: 'rt-ok' })
    })
    auth.setToken(expiring(clock, 0))
    const waiting = Array.from({ length: 20 }, () => send().catch((e: unknown) => e))
    await flush()
    answer.open(json({ error: 'temporarily_unavailable', error_description: 'refresh token rt-0 cannot be checked now' }, 503))
    const errors = await Promise.all(waiting)
    expect(server.requests).toHaveLength(1)
    const first = errors[0]
    expect(first).toBeInstanceOf(OAuth2Error)
    expect(first).toMatchObject({
      code: 'temporarily_unavailable',
      status: 503,
      description: 'refresh token [redacted] cannot be checked now',
    })
    for (const error of errors) expect(error).toBe(first)
    expect(await send()).toBe('Bearer at-ok')
    expect(server.requests).toHaveLength(2)
  })

  test('a refresh token refused with invalid_grant is never sent again; without a grant, an expired token is token_unrenewable at once', async () => {
    const { clock, server, auth, send } = onServer(async () => json({ error: 'invalid_grant', error_description: 'revoked' }, 400))
    auth.setToken(expiring(clock, 0))
    await expect(send()).rejects.toMatchObject({ code: 'invalid_grant' })
    for (let i = 0; i < 3; i++) await expect(send()).rejects.toMatchObject({ code: 'token_unrenewable' })
    expect(server.requests).toHaveLength(1)
    // A new token (a new login) has a refresh token of its own, which is used.
    auth.setToken({ ...expiring(clock, 0), refresh_token: 'rt-new' })
    await expect(send()).rejects.toMatchObject({ code: 'invalid_grant' })
    expect(server.requests.map((request) => request.form.get('refresh_token'))).toEqual(['rt-0', 'rt-new'])
  })

  test("with grant 'client_credentials', a token set holding a refused refresh token falls back to the grant", async () => {
    const { clock, server, auth, send } = onServer(
      async (request) =>
        request.form.get('grant_type') === 'refresh_token'
          ? json({ error: 'invalid_grant' }, 400)
          : json({ access_token: 'at-grant', token_type: 'Bearer', expires_in: 3600 }),
      { clientSecret: 's', grant: 'client_credentials' },
    )
    auth.setToken(expiring(clock, 0))
    expect(await send()).toBe('Bearer at-grant')
    expect(server.requests.map((request) => request.form.get('grant_type'))).toEqual(['refresh_token', 'client_credentials'])
  })

  test('a token due but not expired: a failed renewal leaves the requests the token they have', async () => {
    const { clock, auth, send } = onServer(async () => {
      throw new TypeError('fetch failed')
    })
    auth.setToken(expiring(clock, 20))
    expect(await send()).toBe('Bearer at-0')
    clock.advance(20)
    await expect(send()).rejects.toMatchObject({ code: 'token_request_failed' })
  })

  test('a token from the token endpoint that lives less than twice the skew is renewed halfway, not on arrival', async () => {
    let issued = 0
    const { clock, server, send } = onServer(async () => json({ access_token: `at-${++issued}`, token_type: 'Bearer', expires_in: 20 }), {
      clientSecret: 's',
      grant: 'client_credentials',
    })
    const tokens: (string | null)[] = []
    for (let i = 0; i < 10; i++) tokens.push(await send())
    clock.advance(10)
    tokens.push(await send())
    expect(tokens).toEqual([...Array.from({ length: 10 }, () => 'Bearer at-1'), 'Bearer at-2'])
    expect(server.requests).toHaveLength(2)
  })

  test('a renewal that ends after setToken() — a sign-out, another user — is void: neither kept nor handed to onToken', async () => {
    const answer = gate<Response>()
    const saved: string[] = []
    const { clock, auth, send } = onServer(async () => answer.promise, { onToken: (token) => void saved.push(token.access_token) })
    auth.setToken(expiring(clock, 0))
    const during = send().catch((error: unknown) => error)
    await flush()
    auth.setToken(undefined)
    answer.open(json({ access_token: 'alice-2', token_type: 'Bearer', refresh_token: 'rt-alice-2', expires_in: 3600 }))
    expect(await during).toMatchObject({ code: 'token_missing' })
    expect([auth.token, saved]).toEqual([undefined, []])

    const second = gate<Response>()
    const bobs = onServer(async () => second.promise)
    bobs.auth.setToken(expiring(bobs.clock, 0))
    const waiting = bobs.send()
    await flush()
    bobs.auth.setToken({ access_token: 'bob-1', token_type: 'Bearer', expires_at: bobs.clock.seconds() + 3600 })
    second.open(json({ access_token: 'alice-2', token_type: 'Bearer', expires_in: 3600 }))
    expect(await waiting).toBe('Bearer bob-1')
    expect(bobs.auth.token?.access_token).toBe('bob-1')
  })

  test('when onToken rejects, the waiting requests fail with its error, but the new token is kept (the old refresh token is spent)', async () => {
    const failure = new Error('disk full')
    const { clock, auth, send, server } = setup({
      onToken: async () => {
        throw failure
      },
    })
    auth.setToken(expiring(clock, 0))
    await expect(send()).rejects.toBe(failure)
    expect(auth.token?.refresh_token).toBe('rt-1')
    expect((await send()).token).toBe('at-1')
    expect(server.requests).toHaveLength(1)
  })

  test('renewalDue() says whether the next request would get a new token first', async () => {
    const { clock, auth, send } = setup()
    expect(auth.renewalDue()).toBe(false) // no token and no grant: nothing to renew with
    auth.setToken(expiring(clock, 3600))
    expect(auth.renewalDue()).toBe(false)
    clock.advance(3600 - 30)
    expect(auth.renewalDue()).toBe(true)
    await send()
    expect(auth.renewalDue()).toBe(false)
    auth.setToken({ access_token: 'no-refresh', token_type: 'Bearer', expires_at: clock.seconds() })
    expect(auth.renewalDue()).toBe(false) // due, but no refresh token and no grant
    expect(setup({ grant: 'client_credentials' }).auth.renewalDue()).toBe(true) // none yet, the grant gets one
  })

  test('refresh() renews now and joins a renewal in flight', async () => {
    const { clock, auth, server } = setup()
    auth.setToken(expiring(clock, 3600))
    const [a, b] = await Promise.all([auth.refresh(), auth.refresh()])
    expect(a).toBe(b)
    expect(server.requests).toHaveLength(1)
    expect((await auth.getToken()).access_token).toBe('at-1')
  })
})

describe('reactive refresh: 401 with WWW-Authenticate: Bearer error="invalid_token"', () => {
  test('renews once and asks for one replay; the replay carries the new token', async () => {
    const { clock, auth, send, server, saved } = setup()
    auth.setToken(expiring(clock, 3600))
    const first = await send('POST')
    expect(first.token).toBe('at-0')
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), first.request)).toBe('retry')
    expect(server.requests).toHaveLength(1)
    expect(saved.map((t) => t.access_token)).toEqual(['at-1'])
    const replay = await auth.authorize(first.request)
    expect(replay.headers.get('authorization')).toBe('Bearer at-1')
  })

  test('N concurrent 401s for the same token make one token request; all are replayed', async () => {
    const { clock, auth, send, server } = setup()
    auth.setToken(expiring(clock, 3600))
    const sent = await Promise.all(Array.from({ length: 100 }, () => send()))
    const verdicts = await Promise.all(sent.map(({ request }) => auth.onResponse?.(response(401, INVALID_TOKEN), request)))
    expect(verdicts.every((verdict) => verdict === 'retry')).toBe(true)
    expect(server.requests).toHaveLength(1)
  })

  test('a late 401 for a token already replaced is replayed without another renewal', async () => {
    const { clock, auth, send, server } = setup()
    auth.setToken(expiring(clock, 3600))
    const a = await send()
    const b = await send()
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), a.request)).toBe('retry')
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), b.request)).toBe('retry')
    expect(server.requests).toHaveLength(1)
  })

  test('a proactive renewal in flight and a 401 do not race: the 401 joins it', async () => {
    const clock = manualClock()
    const answer = gate<Response>()
    const server = scriptedServer(() => answer.promise)
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      fetch: server.fetch,
      now: clock.now,
      token: expiring(clock, 3600),
    })
    const old = { method: 'GET', url: API }
    await auth.authorize(old)
    clock.advance(3600)
    const proactive = auth.authorize({ method: 'GET', url: API })
    await flush()
    const reactive = auth.onResponse?.(response(401, INVALID_TOKEN), old)
    answer.open(json({ access_token: 'at-new', token_type: 'Bearer', refresh_token: 'rt-new', expires_in: 3600 }))
    expect(await reactive).toBe('retry')
    expect((await proactive).headers.get('authorization')).toBe('Bearer at-new')
    expect(server.requests).toHaveLength(1)
  })

  test('never a loop: when the fresh token is refused too, the typed invalid_token error ends the call, with no second renewal', async () => {
    const { clock, auth, send, server } = setup()
    auth.setToken(expiring(clock, 3600))
    const first = await send()
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), first.request)).toBe('retry')
    const replay = await send()
    expect(replay.token).toBe('at-1')
    const error = await auth.onResponse?.(response(401, INVALID_TOKEN), replay.request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuth2Error)
    expect(error).toMatchObject({ code: 'invalid_token', status: 401, realm: 'api', description: 'The access token expired' })
    expect(String((error as Error).message)).toBe(
      'GET https://as.example.com/api was refused: invalid_token — The access token expired (HTTP 401)',
    )
    // Later calls refused with the same token do not renew either (no refresh storm)...
    const later = await send()
    await expect(auth.onResponse?.(response(401, INVALID_TOKEN), later.request)).rejects.toMatchObject({ code: 'invalid_token' })
    expect(server.requests).toHaveLength(1)
    // ...until the token has been accepted once: then a 401 renews again.
    const ok = await send()
    expect(await auth.onResponse?.(response(200), ok.request)).toBeUndefined()
    const next = await send()
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), next.request)).toBe('retry')
    expect(server.requests).toHaveLength(2)
  })

  test('a request whose token cannot be read back (another object, token in a body it does not show) is replayed, not renewed twice', async () => {
    const { clock, auth, send, server } = setup()
    auth.setToken(expiring(clock, 3600))
    await send()
    const opaque = { method: 'POST', url: API }
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), opaque)).toBe('retry')
    expect(await auth.onResponse?.(response(401, INVALID_TOKEN), { method: 'POST', url: API })).toBe('retry')
    expect(server.requests).toHaveLength(1)
    // The token is read from the request when it carries one.
    const carrying = { method: 'GET', url: API, headers: { authorization: 'Bearer at-1' } }
    await expect(auth.onResponse?.(response(401, INVALID_TOKEN), carrying)).rejects.toMatchObject({ code: 'invalid_token' })
  })

  test('a failed reactive refresh fails the call with the typed refresh error', async () => {
    const server = scriptedServer(json({ error: 'invalid_grant' }, 400))
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      fetch: server.fetch,
      token: { access_token: 'a', token_type: 'Bearer', refresh_token: 'r' },
    })
    const request = { method: 'GET', url: API }
    await auth.authorize(request)
    await expect(auth.onResponse?.(response(401, INVALID_TOKEN), request)).rejects.toMatchObject({ code: 'invalid_grant', status: 400 })
  })

  test('without a refresh token or grant, a 401 invalid_token is the typed error; the token in a description is redacted', async () => {
    const { auth, send } = setup({ token: { access_token: 'secret-at', token_type: 'Bearer' } })
    const { request } = await send()
    const error = await auth
      .onResponse?.(response(401, 'Bearer error="invalid_token", error_description="secret-at is unknown"'), request)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_token', description: '[redacted] is unknown' })
    expect(String((error as Error).message)).not.toContain('secret-at')
  })
})

describe('other responses', () => {
  test('403 insufficient_scope and 400 invalid_request challenges are typed errors; the needed scope is kept', async () => {
    const { auth, send, server } = setup({ token: { access_token: 'a', token_type: 'Bearer', refresh_token: 'r' } })
    const { request } = await send()
    await expect(
      auth.onResponse?.(response(403, 'Bearer realm="api", error="insufficient_scope", scope="photos:write"'), request),
    ).rejects.toMatchObject({ name: 'OAuth2Error', code: 'insufficient_scope', scope: 'photos:write', status: 403 })
    await expect(auth.onResponse?.(response(400, 'Bearer error="invalid_request"'), request)).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(server.requests).toHaveLength(0)
  })

  test('success, a 401 without an error code, a 401 of another scheme and a 500 pass through untouched', async () => {
    const { auth, send, server } = setup({ token: { access_token: 'a', token_type: 'Bearer', refresh_token: 'r' } })
    const { request } = await send()
    for (const parts of [
      response(200),
      response(401, 'Bearer realm="api"'),
      response(401, 'Basic realm="x"'),
      response(401),
      response(500),
    ]) {
      expect(await auth.onResponse?.(parts, request)).toBeUndefined()
    }
    expect(server.requests).toHaveLength(0)
  })
})
