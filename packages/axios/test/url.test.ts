// The URL that is signed is the one axios sends: baseURL + url + params, serialised by axios.
import { withOAuth } from '@oauthkit/axios'
import { serverForSuite } from '@oauthkit/test-support'
import axios, { type AxiosInstance, type AxiosRequestConfig, type CreateAxiosDefaults } from 'axios'
import { describe, expect, test, vi } from 'vitest'
import type { Received } from './server.ts'
import { credentialsIn, signer, sortedParameters, startServer } from './server.ts'

const server = serverForSuite(startServer)

function client(options: CreateAxiosDefaults = {}): AxiosInstance {
  const instance = axios.create({ baseURL: `${server.origin}/api/v1/`, validateStatus: () => true, ...options })
  withOAuth(instance, signer())
  return instance
}

/** The path and query plain axios (no OAuth) sends for the same request, to compare with. */
async function plainAxios(url: string, config: AxiosRequestConfig, options: CreateAxiosDefaults = {}): Promise<string> {
  const before = server.requests.length
  await axios.create({ baseURL: `${server.origin}/api/v1/`, validateStatus: () => true, ...options }).get(url, config)
  const [received] = server.requests.splice(before)
  return `${received?.url.pathname}${received?.url.search}`
}

function only(): Received {
  expect(server.requests).toHaveLength(1)
  const received = server.requests[0] as Received
  expect(received.problem).toBeUndefined()
  return received
}

describe('the signed URL is the URL axios sends', () => {
  test('baseURL + url + params: arrays as ids[], null and undefined skipped, spaces, reserved and unicode', async () => {
    const config = {
      params: { ids: [1, 2], q: 'a b+c', none: null, missing: undefined, zero: 0, empty: '', reserved: ":$,!*'()@/?", word: 'é☃' },
    }
    const plain = await plainAxios('things', config)
    const response = await client().get('things', config)
    expect(response.status).toBe(200)
    const received = only()
    expect(`${received.url.pathname}${received.url.search}`).toBe(plain)
    expect(received.url.search).toContain('ids%5B%5D=1&ids%5B%5D=2&q=a+b%2Bc')
    expect(sortedParameters(received)).toEqual([
      ['empty', ''],
      ['ids[]', '1'],
      ['ids[]', '2'],
      ['q', 'a b+c'],
      ['reserved', ":$,!*'()@/?"],
      ['word', 'é☃'],
      ['zero', '0'],
    ])
  })

  test('a query in the url and params together, with a duplicate name', async () => {
    await client().get('things?a=1&a=2&b=x%20y', { params: { a: 3 } })
    expect(sortedParameters(only())).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['a', '3'],
      ['b', 'x y'],
    ])
  })

  test('URLSearchParams params, duplicates kept in order', async () => {
    await client().get('things', {
      params: new URLSearchParams([
        ['tag', 'b'],
        ['tag', 'a'],
        ['q', 'x+y z'],
      ]),
    })
    const received = only()
    expect([...received.url.searchParams]).toEqual([
      ['tag', 'b'],
      ['tag', 'a'],
      ['q', 'x+y z'],
    ])
  })

  test('a custom paramsSerializer function, and an object with serialize', async () => {
    const serialize = (params: Record<string, unknown>): string =>
      Object.entries(params)
        .map(([name, value]) => `${name}=${String(value).replaceAll(' ', '%20')}`)
        .join(';')
    await client({ paramsSerializer: serialize }).get('things', { params: { a: 'x y', b: 2 } })
    expect(only().url.search).toBe('?a=x%20y;b=2')
    server.requests.length = 0
    await client().get('things', { params: { ids: [1, 2] }, paramsSerializer: { serialize: () => 'ids=1,2&ids=3' } })
    expect(sortedParameters(only())).toEqual([
      ['ids', '1,2'],
      ['ids', '3'],
    ])
  })

  test('a custom paramsSerializer encode', async () => {
    await client({ paramsSerializer: { encode: (value: string) => encodeURIComponent(value).replaceAll('%20', '%2520') } }).get('things', {
      params: { q: 'a b' },
    })
    expect(sortedParameters(only())).toEqual([['q', 'a%20b']])
  })

  test('an absolute url wins over baseURL, unless allowAbsoluteUrls is false', async () => {
    await client({ baseURL: 'http://unused.invalid/' }).get(`${server.origin}/absolute`)
    expect(only().url.pathname).toBe('/absolute')
    server.requests.length = 0
    await client({ baseURL: `${server.origin}/base`, allowAbsoluteUrls: false }).get('/relative')
    expect(only().url.pathname).toBe('/base/relative')
  })

  test("a relative baseURL is resolved against the page's location, as a browser does", async () => {
    vi.stubGlobal('location', { href: `${server.origin}/app/page.html` })
    try {
      await client({ baseURL: '/api/' }).get('things', { params: { a: 1 } })
    } finally {
      vi.unstubAllGlobals()
    }
    const received = only()
    expect(`${received.url.pathname}${received.url.search}`).toBe('/api/things?a=1')
  })

  test('paths the WHATWG URL parser normalises (dot segments, raw characters) are signed as sent', async () => {
    const plain = await plainAxios("a/../b/./c d/[x]|{y}^'%41", { params: { '[k]': 'v' } })
    await client().get("a/../b/./c d/[x]|{y}^'%41", { params: { '[k]': 'v' } })
    const received = only()
    expect(`${received.url.pathname}${received.url.search}`).toBe(plain)
    expect(received.url.pathname).toBe("/api/v1/b/c%20d/[x]|%7By%7D%5E'%41")
  })

  test('what a later interceptor changes is signed, with the instance defaults it removed left out', async () => {
    const instance = axios.create({ baseURL: `${server.origin}/api/`, params: { debug: 1, keep: 'yes' } })
    // Registered first, so it runs after the OAuth interceptor (axios runs request interceptors in reverse).
    instance.interceptors.request.use((config) => {
      delete config.params.debug
      config.params.late = 'added'
      config.url = 'late-path'
      return config
    })
    withOAuth(instance, signer())
    await instance.get('first-path')
    const received = only()
    expect(received.url.pathname).toBe('/api/late-path')
    expect(sortedParameters(received)).toEqual([
      ['keep', 'yes'],
      ['late', 'added'],
    ])
  })

  test('the query placement adds one set of oauth_* to the query, the params stay as they are', async () => {
    await client().get('things', { params: { ids: [1, 2] }, oauth: { placement: 'query' } })
    const received = only()
    expect(received.verified?.location).toBe('query')
    expect(received.url.searchParams.getAll('oauth_signature')).toHaveLength(1)
    expect(received.url.search.startsWith('?ids%5B%5D=1&ids%5B%5D=2&oauth_consumer_key=')).toBe(true)
    expect(credentialsIn(received)).not.toContain('authorization')
  })
})
