// With Node's http adapter, axios's fetch adapter and an adapter of the application's own (a wrapper
// around http), redirects are followed by the adapter wrapper: each hop signed for itself.
import { Readable } from 'node:stream'
import { withOAuth } from '@oauthkit/axios'
import type { AdapterDefaults, Authorizer } from '@oauthkit/core'
import { oauth2 } from '@oauthkit/core'
import { serverForSuite, sortedPairs } from '@oauthkit/test-support'
import axios, { type AxiosAdapter, type AxiosInstance, getAdapter } from 'axios'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Received } from './server.ts'
import { CONSUMER, credentialsIn, signer, sortedParameters, startServer, TOKEN } from './server.ts'

const FORM: [string, string][] = [
  ['status', 'Hello Ladies + Gentlemen'],
  ['tag', 'a'],
  ['tag', 'b'],
]
const redirect = (status: number, to: string): string => `/redirect?status=${status}&to=${encodeURIComponent(to)}`

const server = serverForSuite(startServer)
const other = serverForSuite(startServer)

/** An adapter of the application's own: a logging or caching wrapper around http, as axios-cache-interceptor installs. */
const http = getAdapter('http')
const wrapped: AxiosAdapter = (config) => http(config)

/** The axios adapter of the tests below: Node's http, unless a block says otherwise. */
let adapter: 'http' | 'fetch' | AxiosAdapter = 'http'

function client(defaults: AdapterDefaults = {}, auth: Authorizer = signer()): AxiosInstance {
  const instance = axios.create({ baseURL: server.origin, validateStatus: () => true, adapter })
  withOAuth(instance, auth, defaults)
  return instance
}

const verified = (received: Received | undefined) => {
  expect(received?.problem).toBeUndefined()
  return received?.verified
}

describe.each(['http', 'fetch', 'wrapped'] as const)('with the %s adapter', (name) => {
  beforeEach(() => {
    adapter = name === 'wrapped' ? wrapped : name
  })
  afterAll(() => {
    adapter = 'http'
  })

  describe('same-origin redirects are signed hop by hop', () => {
    test.each([[301], [302], [303], [307], [308]])('POST, then a %i hop signed for its own URL and method', async (status) => {
      const response = await client().post(redirect(status, '/target?hop=1'), new URLSearchParams(FORM))
      expect(response.status).toBe(200)
      expect(server.requests).toHaveLength(2)
      const [first, hop] = server.requests as [Received, Received]
      verified(first)
      expect(hop.url.pathname).toBe('/target')
      expect(verified(hop)?.nonce).not.toBe(first.verified?.nonce)
      if (status < 307) {
        expect([hop.method, hop.body, hop.headers.has('content-type'), sortedParameters(hop)]).toEqual(['GET', '', false, [['hop', '1']]])
      } else {
        expect([hop.method, sortedParameters(hop)]).toEqual(['POST', sortedPairs([['hop', '1'], ...FORM])])
      }
    })

    test('a PUT answered with 303 becomes a GET; a DELETE answered with 302 stays a DELETE', async () => {
      await client().put(redirect(303, '/target'), 'a=1')
      expect(server.requests.map((received) => [received.method, received.problem])).toEqual([
        ['PUT', undefined],
        ['GET', undefined],
      ])
      server.requests.length = 0
      await client().delete(redirect(302, '/target'))
      expect(server.requests.map((received) => [received.method, received.problem])).toEqual([
        ['DELETE', undefined],
        ['DELETE', undefined],
      ])
    })

    test('the query placement: each hop carries one fresh set of oauth_*, and the hop keeps its own query', async () => {
      await client({ placement: 'query' }).get(redirect(302, '/target?page=2'), { params: { q: 'x' } })
      const hop = server.requests[1]
      expect(verified(hop)?.location).toBe('query')
      expect(hop?.url.searchParams.getAll('oauth_signature')).toHaveLength(1)
      expect(sortedParameters(hop)).toEqual([['page', '2']])
    })

    test('a 307 with the body placement re-signs the body, with the right Content-Length', async () => {
      await client({ placement: 'body' }).post(redirect(307, '/target'), new URLSearchParams(FORM))
      const hop = server.requests[1] as Received
      expect(verified(hop)?.location).toBe('body')
      expect([...new URLSearchParams(hop.body)].filter(([name]) => name === 'oauth_signature')).toHaveLength(1)
      expect(Number(hop.headers.get('content-length'))).toBe(Buffer.byteLength(hop.body))
    })

    test('a chain of hops, and a stream response', async () => {
      const response = await client().get(redirect(301, redirect(308, '/target')), { responseType: 'stream' })
      const chunks: Buffer[] = []
      for await (const chunk of response.data as Readable) chunks.push(chunk as Buffer)
      expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual({ location: 'header' })
      expect(server.requests.map((received) => [received.url.pathname, received.problem])).toEqual([
        ['/redirect', undefined],
        ['/redirect', undefined],
        ['/target', undefined],
      ])
    })
  })

  describe('a hop to another origin', () => {
    test.each([
      ['header', 'get', 302],
      ['query', 'get', 301],
      ['body', 'post', 307],
      ['header+body', 'post', 308],
      ['header+query', 'post', 303],
    ] as const)('carries no credentials (%s, %s %i)', async (placement, method, status) => {
      const data = method === 'post' ? new URLSearchParams(FORM) : undefined
      await client({ placement }).request({ method, url: redirect(status, `${other.origin}/elsewhere?x=1`), data })
      verified(server.requests[0])
      expect(other.requests).toHaveLength(1)
      const hop = other.requests[0] as Received
      expect(credentialsIn(hop)).toEqual([])
      expect(hop.url.search).toBe('?x=1')
      if (status >= 307) expect(sortedPairs([...new URLSearchParams(hop.body)])).toEqual(sortedPairs(FORM))
    })

    test('drops Cookie, Proxy-Authorization and sensitiveHeaders, which a same-origin hop keeps', async () => {
      const headers = { Cookie: 'session=1', 'Proxy-Authorization': 'Basic eDp5', 'X-Secret': 's', 'X-Plain': 'p' }
      await client().get(redirect(302, `${other.origin}/elsewhere`), { headers, sensitiveHeaders: ['X-Secret'] })
      const hop = other.requests[0] as Received
      expect(['cookie', 'proxy-authorization', 'x-secret', 'x-plain'].map((name) => hop.headers.get(name))).toEqual([null, null, null, 'p'])
      await client().get(redirect(302, '/target'), { headers, sensitiveHeaders: ['X-Secret'] })
      const sameOrigin = server.requests.at(-1) as Received
      expect(['cookie', 'x-secret', 'x-plain'].map((name) => sameOrigin.headers.get(name))).toEqual(['session=1', 's', 'p'])
    })

    test('drops basic auth (config.auth) as axios does, and keeps it on a hop back to the first origin', async () => {
      await client({ placement: 'query' }).get(
        redirect(302, `${other.origin}/redirect?status=302&to=${encodeURIComponent(`${server.origin}/back`)}`),
        {
          auth: { username: 'u', password: 'p' },
        },
      )
      expect(other.requests[0]?.headers.has('authorization')).toBe(false)
      expect(server.requests.map((received) => [received.url.pathname, received.headers.get('authorization')])).toEqual([
        ['/redirect', 'Basic dTpw'],
        ['/back', 'Basic dTpw'],
      ])
    })

    test('is signed for that origin when `origins` allows it', async () => {
      await client({ origins: [server.origin, other.origin] }).get(redirect(302, `${other.origin}/elsewhere`))
      expect(verified(other.requests[0])?.location).toBe('header')
    })
  })
})

describe('an adapter of your own, with a secret that works on its own anywhere', () => {
  const ACCESS_TOKEN = 'bearer-secret-token'
  const bearer = () =>
    oauth2({
      tokenEndpoint: `${server.origin}/token`,
      clientId: 'app',
      token: { access_token: ACCESS_TOKEN, token_type: 'Bearer' },
    })
  const plaintext = () => signer({ signatureMethod: 'PLAINTEXT' })
  /** Whether a request carried `secret` in its URL, body or headers: as it is, percent-encoded once or twice. */
  const carries = (received: Received | undefined, secret: string): boolean =>
    [received?.url.href, received?.body, ...(received?.headers.values() ?? [])].some((text) =>
      [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))].some((form) => text?.includes(form)),
    )
  beforeEach(() => {
    adapter = wrapped
  })
  afterAll(() => {
    adapter = 'http'
  })

  test.each([
    ['the bearer token', 'body', 307],
    ['the bearer token', 'query', 307],
    ['the bearer token', 'query', 302],
    ["PLAINTEXT's signature", 'body', 308],
    ["PLAINTEXT's signature", 'query', 307],
    ["PLAINTEXT's signature", 'header+body', 307],
  ] as const)('%s in the %s stays behind on a %i to another origin', async (what, placement, status) => {
    const auth = what === 'the bearer token' ? bearer() : plaintext()
    const secrets = what === 'the bearer token' ? [ACCESS_TOKEN] : [CONSUMER.secret, TOKEN.secret]
    const data = placement.endsWith('body') ? new URLSearchParams(FORM) : undefined
    // The site moved: Location keeps the path's query, credentials and all, when they are in it.
    await client({ placement }, auth).post(`/moved?status=${status}&to=${encodeURIComponent(other.origin)}`, data)
    expect(secrets.every((secret) => carries(server.requests[0], secret))).toBe(true)
    expect(other.requests).toHaveLength(1)
    expect(secrets.filter((secret) => carries(other.requests[0], secret))).toEqual([])
    expect(other.requests[0]?.url.searchParams.get('status')).toBe(String(status))
  })

  test.each([['body'], ['query']] as const)('a same-origin 307 hop carries the bearer token in the %s once', async (placement) => {
    const data = placement === 'body' ? new URLSearchParams(FORM) : undefined
    await client({ placement }, bearer()).post(redirect(307, '/target'), data)
    const hop = server.requests[1] as Received
    const where = placement === 'body' ? new URLSearchParams(hop.body) : hop.url.searchParams
    expect([hop.url.pathname, where.getAll('access_token')]).toEqual(['/target', [ACCESS_TOKEN]])
  })

  test('a same-origin 307 hop is signed afresh with PLAINTEXT', async () => {
    await client({ placement: 'body' }, plaintext()).post(redirect(307, '/target'), new URLSearchParams(FORM))
    const [first, hop] = server.requests.map((received) => new URLSearchParams(received.body))
    expect(hop?.getAll('oauth_signature')).toEqual([`${encodeURIComponent(CONSUMER.secret)}&${encodeURIComponent(TOKEN.secret)}`])
    expect(hop?.get('oauth_nonce')).not.toBe(first?.get('oauth_nonce'))
  })
})

describe('limits', () => {
  test('more hops than maxRedirects is ERR_FR_TOO_MANY_REDIRECTS, as axios reports it', async () => {
    const error = await client()
      .get('/loop', { maxRedirects: 2 })
      .catch((caught: unknown) => caught)
    expect(axios.isAxiosError(error) && [error.code, error.message, error.response]).toEqual([
      'ERR_FR_TOO_MANY_REDIRECTS',
      'Maximum number of redirects exceeded',
      undefined,
    ])
    expect(axios.isAxiosError(error) && error.config?.url).toBe('/loop')
    expect(server.requests).toHaveLength(3)
    expect(server.requests.every((received) => received.problem === undefined)).toBe(true)
  })

  test('21 hops by default', async () => {
    const error = await client()
      .get('/loop')
      .catch((caught: unknown) => caught)
    expect(axios.isAxiosError(error) && error.code).toBe('ERR_FR_TOO_MANY_REDIRECTS')
    expect(server.requests).toHaveLength(22)
  })

  test('maxRedirects: 0 returns the redirect', async () => {
    const response = await client().get(redirect(302, '/target'), { maxRedirects: 0 })
    expect([response.status, response.headers.location, server.requests.length]).toEqual([302, '/target', 1])
  })

  test('a 302 answer rejects as axios does when validateStatus refuses it', async () => {
    const error = await client()
      .get(redirect(302, '/target'), { maxRedirects: 0, validateStatus: (status) => status < 300 })
      .catch((caught: unknown) => caught)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(302)
  })

  test('a stream body cannot be sent twice: a 307 after it is returned, not followed', async () => {
    const response = await client().post(redirect(307, '/target'), Readable.from([Buffer.from('streamed')]), {
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    expect(response.status).toBe(307)
    expect(server.requests.map((received) => [received.body, received.problem])).toEqual([['streamed', undefined]])
  })
})
