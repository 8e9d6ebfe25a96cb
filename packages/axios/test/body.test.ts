// The body that is signed is the one axios sends: serialised by transformRequest, typed by Content-Type.
import { withOAuth } from '@oauthkit/axios'
import type { OAuth1Options } from '@oauthkit/core'
import { serverForSuite } from '@oauthkit/test-support'
import axios, { type AxiosInstance } from 'axios'
import { describe, expect, test } from 'vitest'
import type { Received } from './server.ts'
import { signer, sortedParameters, startServer } from './server.ts'

const FORM = 'application/x-www-form-urlencoded'

const server = serverForSuite(startServer)

function client(extra: Partial<OAuth1Options> = {}): AxiosInstance {
  const instance = axios.create({ baseURL: server.origin })
  withOAuth(instance, signer(extra))
  return instance
}

function only(): Received {
  expect(server.requests).toHaveLength(1)
  const received = server.requests[0] as Received
  expect(received.problem).toBeUndefined()
  return received
}

const contentLengthMatches = (received: Received): boolean =>
  Number(received.headers.get('content-length')) === Buffer.byteLength(received.body)

describe('form bodies are signed as axios serialises them', () => {
  test('an object with a form Content-Type (axios nests arrays as tag[])', async () => {
    await client().post('/things', { status: 'Hello Ladies + Gentlemen', tag: ['a', 'b'], n: 0 }, { headers: { 'Content-Type': FORM } })
    expect(sortedParameters(only())).toEqual([
      ['n', '0'],
      ['status', 'Hello Ladies + Gentlemen'],
      ['tag[]', 'a'],
      ['tag[]', 'b'],
    ])
  })

  test('an object with formSerializer indexes: null repeats the name', async () => {
    await client().put(
      '/things',
      { tag: ['a', 'b'] },
      { headers: { 'Content-Type': `${FORM};charset=UTF-8` }, formSerializer: { indexes: null } },
    )
    expect(sortedParameters(only())).toEqual([
      ['tag', 'a'],
      ['tag', 'b'],
    ])
  })

  test('a string body (axios types it as a form)', async () => {
    await client().post('/things', 'a=1&b=x+y%21&a=2')
    const received = only()
    expect(received.headers.get('content-type')).toBe(FORM)
    expect(sortedParameters(received)).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', 'x y!'],
    ])
  })

  test('URLSearchParams', async () => {
    await client().patch(
      '/things',
      new URLSearchParams([
        ['q', 'a b'],
        ['q', 'c+d'],
        ['u', 'ü'],
      ]),
    )
    expect(sortedParameters(only())).toEqual([
      ['q', 'a b'],
      ['q', 'c+d'],
      ['u', 'ü'],
    ])
  })

  test('the body placement appends to the form and the Content-Length is the new one', async () => {
    await client().post('/things', { status: 'hello' }, { headers: { 'Content-Type': FORM }, oauth: { placement: 'body' } })
    const received = only()
    expect(received.verified?.location).toBe('body')
    expect(received.body.startsWith('status=hello&oauth_consumer_key=')).toBe(true)
    expect(received.headers.has('authorization')).toBe(false)
    expect(contentLengthMatches(received)).toBe(true)
  })

  test('the body placement on a POST without a body makes a form body', async () => {
    await client().post('/things', undefined, { oauth: { placement: 'body' } })
    const received = only()
    expect(received.verified?.location).toBe('body')
    expect(received.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
    expect(contentLengthMatches(received)).toBe(true)
  })

  test.each([
    ['a Buffer', () => Buffer.from('a=1&b=x+y')],
    ['a Uint8Array', () => new TextEncoder().encode('a=1&b=x+y')],
    ['an ArrayBuffer', () => new TextEncoder().encode('a=1&b=x+y').buffer],
  ])('%s with a form Content-Type is signed as the form it is, in every placement', async (_, bytes) => {
    for (const placement of ['header', 'query', 'body'] as const) {
      server.requests.length = 0
      await client().post('/things', bytes(), { headers: { 'Content-Type': FORM }, oauth: { placement } })
      const received = only()
      expect(received.verified?.location).toBe(placement)
      expect(sortedParameters(received)).toEqual([
        ['a', '1'],
        ['b', 'x y'],
      ])
      expect(contentLengthMatches(received)).toBe(true)
    }
  })

  test('a Buffer without a Content-Type, which axios sends as a form, is signed as one', async () => {
    await client().post('/things', Buffer.from('a=1'))
    const received = only()
    expect(received.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
    expect(sortedParameters(received)).toEqual([['a', '1']])
  })

  test("a Content-Length set by the caller is recomputed when the body changes, kept when it doesn't", async () => {
    await client().post('/things', 'a=1', { headers: { 'Content-Length': '3' }, oauth: { placement: 'body' } })
    expect(contentLengthMatches(only())).toBe(true)
    server.requests.length = 0
    await client().post('/things', 'a=1', { headers: { 'Content-Length': '3' } })
    expect(only().headers.get('content-length')).toBe('3')
  })
})

describe('other bodies go out untouched and are never parsed as parameters', () => {
  test('JSON, even when its text looks like a form', async () => {
    const json = { status: 'a=1&b=2', list: [1, 2] }
    await client().post('/things', json)
    const received = only()
    expect(received.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(received.body)).toEqual(json)
    expect(received.verified?.parameters).toEqual([])
  })

  test('a JSON string with a JSON Content-Type', async () => {
    await client().post('/things', '{"a":"b=c"}', { headers: { 'Content-Type': 'application/json' } })
    const received = only()
    expect(received.body).toBe('{"a":"b=c"}')
    expect(received.verified?.parameters).toEqual([])
  })

  test('FormData (multipart)', async () => {
    const data = new FormData()
    data.append('field', 'a=1&b=2')
    await client().post('/upload', data)
    const received = only()
    expect(received.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
    expect(received.body).toContain('a=1&b=2')
    expect(received.verified?.parameters).toEqual([])
  })

  test('JSON and a Buffer get an oauth_body_hash the server checks', async () => {
    await client({ bodyHash: true }).put('/things', { a: 1 })
    expect(only().verified?.protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
    server.requests.length = 0
    await client({ bodyHash: true }).post('/things', Buffer.from('raw bytes'), { headers: { 'Content-Type': 'application/octet-stream' } })
    const received = only()
    expect(received.body).toBe('raw bytes')
    expect(received.verified?.protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
  })
})
