import type { Authorizer, Placement } from '@oauthkit/core'
import { oauth1, oauth2 } from '@oauthkit/core'
import { bindAuthorizer, canFollowRedirectsManually, mayCarryCredentials, nextRedirectHop } from '@oauthkit/core/adapter'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { signerOptions } from './helpers/credentials.ts'

describe('origins', () => {
  const withOrigins = (origins: (string | URL)[]) => oauth1(signerOptions('HMAC-SHA1', { origins }))

  test('are normalized to scheme://host[:port] and deduplicated', () => {
    expect(
      withOrigins(['HTTPS://API.example.com:443/v1?x', new URL('http://api.example.com:8080/'), 'https://api.example.com']).origins,
    ).toEqual(['https://api.example.com', 'http://api.example.com:8080'])
  })

  test('a value that is not an absolute URL is a typed error', () => {
    expect(() => withOrigins(['api.example.com'])).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(() => withOrigins(['data:text/plain,x'])).toThrow(/has no origin/)
  })

  test('without a list, credentials go only to the origin of the request as made: scheme, host and port', () => {
    const scope = { initialUrl: 'https://api.example.com/a', origins: [] }
    expect(mayCarryCredentials('https://api.example.com/other?x=1', scope)).toBe(true)
    expect(mayCarryCredentials('https://API.EXAMPLE.COM:443/', scope)).toBe(true)
    for (const url of [
      'http://api.example.com/a',
      'https://api.example.com:8443/a',
      'https://evil.example.com/a',
      'https://example.com/a',
    ]) {
      expect(mayCarryCredentials(url, scope)).toBe(false)
    }
  })

  test('with a list, only the listed origins, the first request included', () => {
    const scope = { initialUrl: 'https://api.example.com/a', origins: ['https://upload.example.com'] }
    expect(mayCarryCredentials('https://upload.example.com/x', scope)).toBe(true)
    expect(mayCarryCredentials('https://api.example.com/a', scope)).toBe(false)
  })
})

describe('nextRedirectHop (the Fetch standard rules)', () => {
  // Fetch's request-body-header names: dropped with the body.
  const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']
  const post = { method: 'POST', url: 'https://a.test/form?x=1', body: 'a=1' }
  test.each([
    [301, 'POST', 'GET', null],
    [302, 'POST', 'GET', null],
    [303, 'POST', 'GET', null],
    [307, 'POST', 'POST', 'a=1'],
    [308, 'POST', 'POST', 'a=1'],
  ])('%i after %s: %s', (status, method, nextMethod, body) => {
    const hop = nextRedirectHop({ ...post, method }, status, '/next')
    const dropHeaders = body === null ? ['host', ...BODY_HEADERS] : ['host']
    expect(hop).toEqual({
      method: nextMethod,
      url: 'https://a.test/next',
      body,
      bodyDropped: body === null,
      crossOrigin: false,
      dropHeaders,
    })
  })

  test('301 and 302 keep PUT and its body; 303 turns PUT into GET but keeps HEAD', () => {
    expect(nextRedirectHop({ method: 'PUT', url: 'https://a.test/', body: 'x' }, 302, '/n')).toMatchObject({ method: 'PUT', body: 'x' })
    expect(nextRedirectHop({ method: 'PUT', url: 'https://a.test/', body: 'x' }, 303, '/n')).toMatchObject({ method: 'GET', body: null })
    expect(nextRedirectHop({ method: 'HEAD', url: 'https://a.test/' }, 303, '/n')).toMatchObject({ method: 'HEAD', bodyDropped: false })
  })

  test('resolves a relative Location against the current URL; no redirect without status or Location', () => {
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/a/b' }, 302, 'c?d=1')?.url).toBe('https://a.test/a/c?d=1')
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, 'https://b.test/x')?.url).toBe('https://b.test/x')
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 200, '/x')).toBeUndefined()
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 304, '/x')).toBeUndefined()
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, null)).toBeUndefined()
  })

  test('a hop to another origin drops authorization, cookie and proxy-authorization', () => {
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, 'http://a.test/')?.crossOrigin).toBe(true)
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, 'https://a.test/elsewhere')?.crossOrigin).toBe(false)
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, 'http://a.test/')?.dropHeaders).toEqual([
      'host',
      'authorization',
      'cookie',
      'proxy-authorization',
    ])
    expect(nextRedirectHop({ method: 'GET', url: 'https://a.test/' }, 302, 'https://a.test:8443/')?.dropHeaders).toContain('cookie')
  })
})

describe('canFollowRedirectsManually', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })
  const withVersions = (versions: Record<string, string>) =>
    vi.stubGlobal('process', { ...process, versions: { ...process.versions, ...versions } })

  test("Node: yes, also under a DOM emulation (jsdom sets document; fetch stays Node's)", () => {
    expect(canFollowRedirectsManually()).toBe(true)
    vi.stubGlobal('document', {})
    expect(canFollowRedirectsManually()).toBe(true)
  })

  test("a page of Electron or NW.js (Node's process, Chromium's fetch): no", () => {
    vi.stubGlobal('document', {})
    withVersions({ electron: '33.0.0' })
    expect(canFollowRedirectsManually()).toBe(false)
    withVersions({ nw: '0.90.0' })
    expect(canFollowRedirectsManually()).toBe(false)
  })

  test('without Node: a page or a browser worker no, another runtime (a worker of an edge platform) yes', () => {
    vi.stubGlobal('process', undefined)
    expect(canFollowRedirectsManually()).toBe(true)
    vi.stubGlobal('document', {})
    expect(canFollowRedirectsManually()).toBe(false)
    vi.stubGlobal('document', undefined)
    vi.stubGlobal('importScripts', () => undefined)
    expect(canFollowRedirectsManually()).toBe(false)
  })
})

describe('signer.strip', () => {
  test('removes the Authorization header and every oauth_* of the query and form body, and nothing else', () => {
    const stripped = oauth1(signerOptions('HMAC-SHA1')).strip({
      method: 'POST',
      url: 'https://a.test/x?keep=1&oauth_token=t&oauth_signature=s',
      headers: { authorization: 'OAuth oauth_token="t"', 'content-type': 'application/x-www-form-urlencoded', 'x-keep': '1' },
      body: 'oauth_nonce=n&b=2',
    })
    expect(stripped.url).toBe('https://a.test/x?keep=1')
    expect(stripped.body).toBe('b=2')
    expect(stripped.headers.has('authorization')).toBe(false)
    expect(stripped.headers.get('x-keep')).toBe('1')
  })

  test('removes credentials whose names are escaped too (a Location that echoes them so)', () => {
    const stripped = oauth1(signerOptions('HMAC-SHA1')).strip({
      method: 'POST',
      url: 'https://b.test/x?keep=1&oauth%5Ftoken=t&%6Fauth_signature=s',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'oauth%5Fnonce=n&b=2',
    })
    expect([stripped.url, stripped.body]).toEqual(['https://b.test/x?keep=1', 'b=2'])
    const bearer = oauth2({ tokenEndpoint: 'https://as.test/token', clientId: 'app', token: { access_token: 't', token_type: 'Bearer' } })
    expect(bearer.strip({ method: 'GET', url: 'https://b.test/x?access%5Ftoken=t&keep=1' }).url).toBe('https://b.test/x?keep=1')
  })

  test('leaves a non-form body alone', () => {
    const body = '{"oauth_token":"t"}'
    const stripped = oauth1(signerOptions('HMAC-SHA1')).strip({
      method: 'POST',
      url: 'https://a.test/',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(stripped.body).toBe(body)
  })
})

describe('bindAuthorizer', () => {
  const signer = oauth1(signerOptions('HMAC-SHA1', { origins: ['https://upload.test'] }))

  test('merges per-request options over the defaults and signs allowed origins', async () => {
    const binding = bindAuthorizer(signer, { placement: 'header', origins: ['https://a.test'] })
    const call = binding.call('https://a.test/x', { placement: 'query' })
    expect(call.unsigned).toBe(false)
    const first = await call.attempt({ method: 'GET', url: 'https://a.test/x' })
    expect(new URL(first.url).searchParams.has('oauth_signature')).toBe(true)
    const upload = await call.attempt({ method: 'GET', url: 'https://upload.test/x' })
    expect(new URL(upload.url).searchParams.has('oauth_signature')).toBe(true)
    const elsewhere = await call.attempt({
      method: 'GET',
      url: 'https://b.test/x?oauth_token=stale',
      headers: { authorization: 'OAuth stale' },
    })
    expect(elsewhere.url).toBe('https://b.test/x')
    expect(elsewhere.headers.has('authorization')).toBe(false)
  })

  test("the authorizer's own placement is the default; a hop that lost its body moves the body placements to the query", async () => {
    const bodySigner = oauth1(signerOptions('HMAC-SHA1', { placement: 'body' }))
    const call = bindAuthorizer(bodySigner).call('https://a.test/form', undefined)
    const post = await call.attempt({ method: 'POST', url: 'https://a.test/form', body: new URLSearchParams('a=1') })
    expect(new URLSearchParams(post.body as string).has('oauth_signature')).toBe(true)
    const hop = await call.attempt({ method: 'GET', url: 'https://a.test/done' })
    expect(new URL(hop.url).searchParams.has('oauth_signature')).toBe(true)
    const full = bindAuthorizer(bodySigner, { placement: 'header+body' }).call('https://a.test/form', undefined)
    await full.attempt({ method: 'POST', url: 'https://a.test/form' })
    const fullHop = await full.attempt({ method: 'GET', url: 'https://a.test/done' })
    expect([fullHop.headers.has('authorization'), new URL(fullHop.url).searchParams.has('oauth_signature')]).toEqual([true, true])
    // A GET the caller makes with the body placement is still an error, not a silent move.
    await expect(
      bindAuthorizer(bodySigner).call('https://a.test/x', undefined).attempt({ method: 'GET', url: 'https://a.test/x' }),
    ).rejects.toMatchObject({
      code: 'placement_unsupported',
    })
  })

  test('oauth: false passes the request through untouched', async () => {
    const call = bindAuthorizer(signer).call('https://a.test/x', false)
    expect(call.unsigned).toBe(true)
    const sent = await call.attempt({ method: 'GET', url: 'https://a.test/x?oauth_custom=1', headers: { authorization: 'Basic abc' } })
    expect(sent.url).toBe('https://a.test/x?oauth_custom=1')
    expect(sent.headers.get('authorization')).toBe('Basic abc')
  })

  test('invalid defaults and per-request placements are typed errors', () => {
    // @ts-expect-error: not a placement
    expect(() => bindAuthorizer(signer, { placement: 'cookie' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    // @ts-expect-error: not a placement
    expect(() => bindAuthorizer(signer).call('https://a.test/', { placement: 'x' })).toThrow(/per-request oauth options/)
    expect(() => bindAuthorizer(signer, { origins: ['nope'] })).toThrow(/origins/)
  })
  test('reviews(status): only what the authorizer looks at, never for an unsigned call', () => {
    expect(signer.onResponseStatuses).toEqual([400, 401])
    const call = bindAuthorizer(signer).call('https://a.test/', undefined)
    expect([200, 302, 400, 401, 403, 500].filter((status) => call.reviews(status))).toEqual([400, 401])
    expect(bindAuthorizer(signer).call('https://a.test/', false).reviews(401)).toBe(false)
    const bearer = oauth2({ tokenEndpoint: 'https://as.test/token', clientId: 'app', token: { access_token: 't', token_type: 'Bearer' } })
    expect(bearer.onResponseStatuses).toBeUndefined()
    expect(bindAuthorizer(bearer).call('https://a.test/', undefined).reviews(200)).toBe(true)
    const silent: Authorizer = { kind: 'oauth1', placement: 'header', origins: [], authorize: signer.authorize, strip: signer.strip }
    expect(bindAuthorizer(silent).call('https://a.test/', undefined).reviews(401)).toBe(false)
  })

  test('review() shows the authorizer the responses of authorized requests only, from origins that may see them', async () => {
    const seen: string[] = []
    const watching: Authorizer = {
      ...oauth1(signerOptions('HMAC-SHA1')),
      kind: 'oauth1',
      onResponse: async (_response, request) => {
        seen.push(String(request.url))
        return undefined
      },
    }
    const call = bindAuthorizer(watching).call('https://a.test/x', undefined)
    const refused = { status: 401, headers: new Headers(), text: async () => '' }
    const here = { method: 'GET', url: 'https://a.test/x' }
    await call.attempt(here)
    const elsewhere = { method: 'GET', url: 'https://b.test/x' }
    await call.attempt(elsewhere)
    await call.review(refused, here)
    await call.review(refused, elsewhere)
    // One request object authorized here, then sent elsewhere (and stripped there): decided again.
    const reused = { method: 'GET', url: 'https://a.test/y' }
    await call.attempt(reused)
    reused.url = 'https://b.test/y'
    await call.attempt(reused)
    await call.review(refused, reused)
    // A response that a browser fetched from another origin after a redirect.
    await call.review({ ...refused, url: 'https://b.test/landing' }, here)
    expect(seen).toEqual(['https://a.test/x'])
  })

  test("an authorizer's placements bound the defaults and the per-request options", () => {
    const bearer = oauth2({ tokenEndpoint: 'https://as.test/token', clientId: 'app', token: { access_token: 't', token_type: 'Bearer' } })
    expect(bearer.placements).toEqual(['header', 'body', 'query'])
    expect(() => bindAuthorizer(bearer, { placement: 'header+query' })).toThrow(
      expect.objectContaining({ code: 'invalid_options', message: expect.stringMatching(/withOAuth\(\) defaults: .*'header\+query'/) }),
    )
    expect(() => bindAuthorizer(bearer).call('https://a.test/', { placement: 'header+body' })).toThrow(/per-request oauth options/)
    expect(() => bindAuthorizer(bearer, { placement: 'query' }).call('https://a.test/', { placement: 'body' })).not.toThrow()
    // An OAuth 1.0a signer can use every placement.
    expect(() => bindAuthorizer(signer, { placement: 'header+query' })).not.toThrow()
  })
})

describe('bindAuthorizer, where the platform follows redirects unseen (a browser)', () => {
  const bearer = oauth2({
    tokenEndpoint: 'https://a.test/token',
    clientId: 'app',
    token: { access_token: 'at-secret', token_type: 'Bearer' },
  })
  const plaintext = oauth1(signerOptions('PLAINTEXT'))
  const post = { method: 'POST', url: 'https://a.test/x?q=1', body: new URLSearchParams('a=1') }
  const attempt = (auth: Authorizer, placement: Placement, unseen = true) =>
    bindAuthorizer(auth, { placement }).call(post.url, undefined, unseen).attempt(post)

  test.each([
    ['a bearer token', 'query', bearer],
    ['a bearer token', 'body', bearer],
    ['PLAINTEXT secrets', 'query', plaintext],
    ['PLAINTEXT secrets', 'body', plaintext],
    ['PLAINTEXT secrets', 'header+query', plaintext],
    ['PLAINTEXT secrets', 'header+body', plaintext],
  ] as const)('%s in the %s placement is refused, naming no secret', async (what, placement, auth) => {
    const error = await attempt(auth, placement).catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      code: 'placement_unsupported',
      message: `Cannot send ${what} in placement '${placement}' of POST https://a.test/x: a browser follows its redirects, to any origin; use 'header'`,
    })
    expect(String((error as Error).message)).not.toMatch(/at-secret|consumer-secret|token-secret|q=1/)
  })

  test('the header placement is not refused (the browser drops Authorization across origins), nor a signature in the query or body', async () => {
    expect((await attempt(bearer, 'header')).headers.get('authorization')).toBe('Bearer at-secret')
    expect((await attempt(plaintext, 'header')).headers.get('authorization')).toMatch(/oauth_signature_method="PLAINTEXT"/)
    for (const method of ['HMAC-SHA1', 'RSA-SHA256'] as const) {
      const signature = oauth1(signerOptions(method))
      expect(new URL((await attempt(signature, 'query')).url).searchParams.has('oauth_signature')).toBe(true)
      expect(new URLSearchParams(String((await attempt(signature, 'body')).body)).has('oauth_signature')).toBe(true)
    }
  })

  test('where the adapter follows the redirects itself, every placement goes', async () => {
    expect(new URL((await attempt(bearer, 'query', false)).url).searchParams.get('access_token')).toBe('at-secret')
    expect(new URLSearchParams(String((await attempt(plaintext, 'body', false)).body)).has('oauth_signature')).toBe(true)
  })
})

describe('header changes', () => {
  const request = { method: 'POST', url: 'https://a.test/x', headers: { 'X-Keep': '1', Authorization: 'OAuth stale="1"' }, body: 'a=1' }

  test('a signed request says what it changed, and its headers are the request headers with those changes', async () => {
    const header = await oauth1(signerOptions('HMAC-SHA1')).sign(request)
    expect(Object.keys(header.headerChanges ?? {})).toEqual(['authorization'])
    expect(header.headerChanges?.authorization).toMatch(/^OAuth oauth_consumer_key=/)
    expect([...header.headers]).toEqual([
      ['authorization', header.headerChanges?.authorization],
      ['x-keep', '1'],
    ])
    // 'body' drops an OAuth Authorization header of an earlier attempt; the form body it makes of an
    // empty one gets its content type.
    const body = await oauth1(signerOptions('HMAC-SHA1', { placement: 'body' })).sign({
      ...request,
      headers: { authorization: 'OAuth x' },
      body: '',
    })
    expect(body.headerChanges).toEqual({ authorization: null, 'content-type': 'application/x-www-form-urlencoded' })
    expect([...body.headers]).toEqual([['content-type', 'application/x-www-form-urlencoded']])
  })

  test('authorize() makes headers when read; headerChanges is its own, so a spread copy keeps it', async () => {
    const authorized = await oauth1(signerOptions('HMAC-SHA1')).authorize(request)
    const copy = { ...authorized }
    expect(copy).not.toHaveProperty('headers')
    expect(copy.headerChanges).toEqual({ authorization: authorized.headers.get('authorization') })
    authorized.headers = new Headers({ 'x-keep': '1' })
    expect(authorized.headers.get('x-keep')).toBe('1')
  })

  test('an authorizer that wraps another and spreads its result still signs through bindAuthorizer', async () => {
    const inner = oauth1(signerOptions('HMAC-SHA1'))
    const wrapper: Authorizer = {
      ...inner,
      kind: 'oauth1',
      authorize: async (parts, options) => ({ ...(await inner.authorize(parts, options)), url: `${String(parts.url)}#wrapped` }),
    }
    const attempt = await bindAuthorizer(wrapper).call('https://a.test/x', undefined).attempt(request)
    expect(attempt.url).toBe('https://a.test/x#wrapped')
    expect(attempt.headerChanges.authorization).toMatch(/^OAuth oauth_consumer_key=/)
    // One that returns neither headerChanges nor headers is a clear error, not a request sent unsigned.
    const broken: Authorizer = {
      ...wrapper,
      authorize: async (parts) => ({ method: parts.method, url: String(parts.url), body: null }) as never,
    }
    await expect(bindAuthorizer(broken).call('https://a.test/x', undefined).attempt(request)).rejects.toThrow(
      /neither headerChanges nor headers/,
    )
  })

  test('sign() gives people a plain object: a spread copy keeps its headers', async () => {
    const signed = await oauth1(signerOptions('HMAC-SHA1')).sign(request)
    const copy = { ...signed }
    expect(copy.headers).toBeInstanceOf(Headers)
    expect(copy.headers.get('authorization')).toBe(copy.headerChanges?.authorization)
    expect(Object.keys(copy).sort()).toEqual(['body', 'headerChanges', 'headers', 'method', 'oauth', 'url'])
  })

  test('bindAuthorizer works them out for an authorizer that does not give them', async () => {
    const custom: Authorizer = {
      kind: 'oauth2',
      placement: 'header',
      origins: [],
      authorize: async (parts) => ({
        method: parts.method,
        url: String(parts.url),
        headers: new Headers({ 'x-keep': '1', authorization: 'Custom' }),
        body: null,
      }),
      strip: (parts) => ({ method: parts.method, url: String(parts.url), headers: new Headers(), body: null }),
    }
    const call = bindAuthorizer(custom).call('https://a.test/x', undefined)
    expect((await call.attempt(request)).headerChanges).toEqual({ authorization: 'Custom' })
    expect((await call.attempt({ ...request, url: 'https://b.test/' })).headerChanges).toEqual({ authorization: null, 'x-keep': null })
  })
})
