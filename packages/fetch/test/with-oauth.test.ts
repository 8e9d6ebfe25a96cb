import { isOAuthError, oauth1, oauth2, oauthRefusal, verifyOAuth1 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/fetch'
import { afterEach, describe, expect, test, vi } from 'vitest'

const NOW = 1_700_000_000
const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', timestamp: NOW })
const verify = (request: Request) => verifyOAuth1(request, { lookupConsumer: () => ({ secret: 'secret' }), now: () => NOW * 1000 })

/** A fetch that records what it was given and answers from a script. */
function recordingFetch(answer: (request: Request) => Response = () => new Response('ok')) {
  const calls: { request: Request; init: RequestInit | undefined }[] = []
  const fetchFunction = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    calls.push({ request: request.clone(), init })
    return answer(request)
  })
  return { calls, fetchFunction }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('@oauthkit/fetch', () => {
  test('takes a Request as input, body included, and signs it', async () => {
    const { calls, fetchFunction } = recordingFetch()
    const signedFetch = withOAuth(fetchFunction, signer, { placement: 'body' })
    await signedFetch(new Request('https://api.test/r?q=1', { method: 'POST', body: new URLSearchParams({ a: 'b c' }) }))
    const sent = calls[0]?.request as Request
    expect(await verify(sent.clone())).toMatchObject({
      location: 'body',
      parameters: [
        ['q', '1'],
        ['a', 'b c'],
      ],
    })
  })

  test('init.oauth never reaches the underlying fetch; unsigned requests pass through untouched', async () => {
    const { calls, fetchFunction } = recordingFetch()
    const signedFetch = withOAuth(fetchFunction, signer)
    await signedFetch('https://api.test/r', { oauth: { placement: 'query' } })
    expect(calls[0]?.init).not.toHaveProperty('oauth')
    const init = { headers: { authorization: 'Basic abc' }, oauth: false as const }
    await signedFetch('https://api.test/plain', init)
    expect(fetchFunction).toHaveBeenLastCalledWith('https://api.test/plain', { headers: { authorization: 'Basic abc' } })
    expect(init.oauth).toBe(false)
  })

  test("the caller's headers, body and init are not changed", async () => {
    const { fetchFunction } = recordingFetch()
    const headers = new Headers({ 'x-trace': '1' })
    const body = new URLSearchParams({ a: '1' })
    const init = { method: 'POST', headers, body, oauth: { placement: 'body' as const } }
    await withOAuth(fetchFunction, signer)('https://api.test/r', init)
    expect([...headers]).toEqual([['x-trace', '1']])
    expect(body.toString()).toBe('a=1')
    expect(Object.keys(init)).toEqual(['method', 'headers', 'body', 'oauth'])
  })

  test("a refusal the platform fetched from another origin after a redirect is not the authorizer's to review", async () => {
    const refusal = (url: string) => {
      const response = new Response('oauth_problem=timestamp_refused', {
        status: 401,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      Object.defineProperty(response, 'url', { value: url })
      return response
    }
    vi.stubGlobal('document', {})
    vi.stubGlobal('process', undefined)
    let landing = 'https://elsewhere.test/landing'
    const signedFetch = withOAuth(async () => refusal(landing), signer)
    const elsewhere = await signedFetch('https://api.test/r')
    expect([elsewhere.status, oauthRefusal(elsewhere)]).toEqual([401, undefined])
    landing = 'https://api.test/landing'
    const landed = await signedFetch('https://api.test/r')
    expect([landed.status, oauthRefusal(landed)?.code]).toEqual([401, 'timestamp_refused'])
  })

  test("members a Request does not hold (undici's dispatcher) reach every attempt, redirects included", async () => {
    const dispatcher = { marker: 'proxy-agent' }
    let first = true
    const { calls, fetchFunction } = recordingFetch(() => {
      const answer = first ? new Response(null, { status: 302, headers: { location: 'https://api.test/next' } }) : new Response('ok')
      first = false
      return answer
    })
    const signedFetch = withOAuth(fetchFunction, signer)
    await signedFetch('https://api.test/r', { headers: { 'x-a': '1' }, dispatcher } as RequestInit)
    expect(calls.map((call) => (call.init as { dispatcher?: unknown }).dispatcher)).toEqual([dispatcher, dispatcher])
    await signedFetch(new Request('https://api.test/r'), { dispatcher } as RequestInit)
    expect((calls.at(-1)?.init as { dispatcher?: unknown } | undefined)?.dispatcher).toBe(dispatcher)
  })

  test("redirect: 'manual' and 'error' are the caller's: the adapter does not follow", async () => {
    const { calls, fetchFunction } = recordingFetch(() => new Response(null, { status: 302, headers: { location: '/next' } }))
    const signedFetch = withOAuth(fetchFunction, signer)
    expect((await signedFetch('https://api.test/r', { redirect: 'manual' })).status).toBe(302)
    await signedFetch('https://api.test/r', { redirect: 'error' })
    expect(calls.map((call) => call.init?.redirect)).toEqual(['manual', 'error'])
  })

  test('follows at most maxRedirects hops, then fails as fetch does', async () => {
    const { calls, fetchFunction } = recordingFetch(() => new Response(null, { status: 302, headers: { location: '/again?token=secret' } }))
    const error = await withOAuth(fetchFunction, signer, { maxRedirects: 3 })('https://api.test/loop').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).toContain('Too many redirects (more than 3) for GET https://api.test/loop')
    expect(calls).toHaveLength(4)
  })

  test('in a browser (manual redirects are opaque there) the platform follows redirects', async () => {
    // A page: a document, and no Node (a jsdom document alone leaves Node's fetch, which shows redirects).
    vi.stubGlobal('document', {})
    vi.stubGlobal('process', undefined)
    const { calls, fetchFunction } = recordingFetch(() => new Response(null, { status: 307, headers: { location: '/next' } }))
    const response = await withOAuth(fetchFunction, signer)('https://api.test/r')
    expect(calls.map((call) => call.init?.redirect)).toEqual(['follow'])
    expect(response.status).toBe(307)
  })

  test('in a browser, a signature in the URL or the body does not follow redirects: the browser would take it along', async () => {
    vi.stubGlobal('document', {})
    vi.stubGlobal('process', undefined)
    const { calls, fetchFunction } = recordingFetch()
    const bearer = oauth2({
      tokenEndpoint: 'https://api.test/token',
      clientId: 'app',
      token: { access_token: 'secret-at', token_type: 'Bearer' },
    })
    const form = { method: 'POST', body: new URLSearchParams({ a: '1' }) }
    await withOAuth(fetchFunction, signer, { placement: 'body' })('https://api.test/r', form)
    await withOAuth(fetchFunction, signer, { placement: 'query' })('https://api.test/r')
    await withOAuth(fetchFunction, bearer)('https://api.test/r', form)
    await withOAuth(fetchFunction, signer)('https://api.test/r')
    // An explicit choice of the caller stays; the browser does not follow then.
    await withOAuth(fetchFunction, bearer, { placement: 'body' })('https://api.test/r', { ...form, redirect: 'manual' })
    expect(calls.map((call) => call.init?.redirect)).toEqual(['error', 'error', 'follow', 'follow', 'manual'])
    expect(await calls[4]?.request.text()).toBe('a=1&access_token=secret-at')
  })

  test('in a browser, a bearer token or PLAINTEXT secrets in the URL or the body are refused before anything is sent', async () => {
    vi.stubGlobal('document', {})
    vi.stubGlobal('process', undefined)
    const { calls, fetchFunction } = recordingFetch()
    const bearer = oauth2({
      tokenEndpoint: 'https://api.test/token',
      clientId: 'app',
      token: { access_token: 'secret-at', token_type: 'Bearer' },
    })
    const plaintext = oauth1({ consumerKey: 'key', consumerSecret: 'secret-cs', signatureMethod: 'PLAINTEXT', timestamp: NOW })
    const form = { method: 'POST', body: new URLSearchParams({ a: '1' }) }
    const refusals = await Promise.all(
      [
        withOAuth(fetchFunction, bearer, { placement: 'body' })('https://api.test/r', form),
        withOAuth(fetchFunction, bearer, { placement: 'query' })('https://api.test/r?x=1'),
        withOAuth(fetchFunction, plaintext, { placement: 'body' })('https://api.test/r', form),
        withOAuth(fetchFunction, plaintext, { placement: 'header+query' })('https://api.test/r'),
      ].map((pending) => pending.catch((error: unknown) => error)),
    )
    expect(
      refusals.map((error) => [
        isOAuthError(error) && error.code,
        String(error)
          .match(/Cannot send (.+) in placement '(.+)' of (\S+ \S+):/)
          ?.slice(1),
      ]),
    ).toEqual([
      ['placement_unsupported', ['a bearer token', 'body', 'POST https://api.test/r']],
      ['placement_unsupported', ['a bearer token', 'query', 'GET https://api.test/r']],
      ['placement_unsupported', ['PLAINTEXT secrets', 'body', 'POST https://api.test/r']],
      ['placement_unsupported', ['PLAINTEXT secrets', 'header+query', 'GET https://api.test/r']],
    ])
    expect(calls).toEqual([])
    // The header placement goes: the browser drops Authorization on the way to another origin.
    await withOAuth(fetchFunction, plaintext)('https://api.test/r')
    expect(calls.map((call) => call.init?.redirect)).toEqual(['follow'])
  })

  test('the abort signal of the call reaches every attempt', async () => {
    const controller = new AbortController()
    const { calls, fetchFunction } = recordingFetch()
    await withOAuth(fetchFunction, signer)('https://api.test/r', { signal: controller.signal })
    controller.abort()
    expect(calls[0]?.init?.signal?.aborted).toBe(true)
  })

  test('without a fetch function, the global fetch is looked up at each call', async () => {
    const signedFetch = withOAuth(undefined, signer)
    const { calls, fetchFunction } = recordingFetch()
    vi.stubGlobal('fetch', fetchFunction)
    await signedFetch('https://api.test/r')
    expect(calls).toHaveLength(1)
    expect(calls[0]?.request.headers.get('authorization')).toMatch(/^OAuth /)
  })
})
