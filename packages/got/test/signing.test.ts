import { Readable } from 'node:stream'
import type { Placement } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import { withOAuth } from '@oauthkit/got'
import { serverForSuite } from '@oauthkit/test-support'
import { describe, expect, test } from 'vitest'
import { count, credentialsIn, MAJORS, signer, sortedPairs, startServer, verified } from './helpers.ts'

const QUERY: [string, string][] = [
  ['q', 'a b'],
  ['q', 'c+d'],
  ['list', '1'],
  ['list', '2'],
  ['empty', ''],
  ['zero', '0'],
  ['unicode', 'é☃😀'],
  ['reserved', "!*'()&=/?:@,;$[]#%"],
]
const FORM = { status: 'Hello Ladies + Gentlemen, a signed OAuth request!', unicode: 'ü☃', reserved: "!*'()&=/?:@,;$" }
const FORM_PAIRS = Object.entries(FORM)

const server = serverForSuite(startServer)

const only = () => {
  expect(server.requests).toHaveLength(1)
  return server.requests[0]
}

describe.each(MAJORS)('%s', (_, got) => {
  const client = (...args: Parameters<typeof withOAuth> extends [unknown, ...infer Rest] ? Rest : never) =>
    withOAuth(got.extend({ prefixUrl: `${server.origin}/api/` }), ...args)

  describe('signs the request as got sends it', () => {
    test('prefixUrl and searchParams with duplicates, spaces, plus, unicode and reserved characters', async () => {
      const response = await client(signer()).get('things', { searchParams: new URLSearchParams(QUERY) })
      expect(response.statusCode).toBe(200)
      const received = only()
      expect(received?.url.pathname).toBe('/api/things')
      expect(sortedPairs(verified(received).parameters)).toEqual(sortedPairs(QUERY))
    })

    test('searchParams as an object and as a string, next to a query in the input', async () => {
      await client(signer()).get('things', { searchParams: { a: 'x y', b: 0, c: true, d: null } })
      expect(sortedPairs(verified(only()).parameters)).toEqual(
        sortedPairs([
          ['a', 'x y'],
          ['b', '0'],
          ['c', 'true'],
          ['d', ''],
        ]),
      )
      server.reset()
      await client(signer()).get('things?kept=1', { searchParams: 'a=%5B1%5D&a=2' })
      expect(sortedPairs(verified(only()).parameters)).toEqual(
        sortedPairs([
          ['a', '[1]'],
          ['a', '2'],
        ]),
      )
      server.reset()
      await client(signer()).get('things?kept=1&x=a+b')
      expect(sortedPairs(verified(only()).parameters)).toEqual(
        sortedPairs([
          ['kept', '1'],
          ['x', 'a b'],
        ]),
      )
    })

    test('a `form` body is signed, for POST, PUT, PATCH and DELETE', async () => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        server.reset()
        await client(signer())(`things`, { method, searchParams: { page: 2 }, form: FORM })
        const received = only()
        expect(received?.method).toBe(method)
        expect(sortedPairs(verified(received).parameters)).toEqual(sortedPairs([['page', '2'], ...FORM_PAIRS]))
      }
    })

    test('a string body with a form content-type (any case, with charset) is signed as a form', async () => {
      const body = 'a=1&a=2&b=x+y&c=%E2%98%83'
      await client(signer()).post('things', { body, headers: { 'Content-Type': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8' } })
      expect(sortedPairs(verified(only()).parameters)).toEqual(
        sortedPairs([
          ['a', '1'],
          ['a', '2'],
          ['b', 'x y'],
          ['c', '☃'],
        ]),
      )
    })

    test('a Buffer body with a form content-type is signed as a form and sent as it is', async () => {
      const body = Buffer.from('a=1&b=%C3%BC')
      await client(signer()).post('things', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      const received = only()
      expect(received?.body).toBe('a=1&b=%C3%BC')
      expect(sortedPairs(verified(received).parameters)).toEqual(
        sortedPairs([
          ['a', '1'],
          ['b', 'ü'],
        ]),
      )
    })

    test('with bodyHash, `json` and Buffer bodies get an oauth_body_hash the verifier checks', async () => {
      await client(signer({ bodyHash: true })).put('things', { json: { a: 1 } })
      expect(verified(only()).protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
      server.reset()
      await client(signer({ bodyHash: true })).post('things', {
        body: Buffer.from('{"a":"ü"}'),
        headers: { 'content-type': 'application/json' },
      })
      expect(verified(only()).protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
    })

    test('a stream body and a FormData body pass through unsigned as bodies, the request signed', async () => {
      await client(signer()).post('things', { body: Readable.from(['a=1&', 'b=2']), headers: { 'content-type': 'text/plain' } })
      expect(only()?.body).toBe('a=1&b=2')
      expect(verified(only()).parameters).toEqual([])
      server.reset()
      const data = new FormData()
      data.append('field', 'value-in-part')
      await client(signer()).post('upload', { body: data })
      const received = only()
      expect(received?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
      expect(received?.body).toContain('value-in-part')
      expect(verified(received).parameters).toEqual([])
    })
  })

  describe('placements', () => {
    const expected = (placement: Placement) => ({
      location: placement === 'query' || placement === 'body' ? placement : 'header',
      wire: [placement.startsWith('header'), placement.includes('query') ? 1 : 0, placement.includes('body') ? 1 : 0],
    })
    const wire = () => {
      const received = only()
      return {
        location: verified(received).location,
        wire: [
          received?.headers.has('authorization'),
          count(received?.url.search ?? '', 'oauth_signature'),
          count(received?.body ?? '', 'oauth_signature'),
        ],
      }
    }

    test.each(PLACEMENTS.map((placement) => [placement]))('%s as the default', async (placement) => {
      await client(signer(), { placement }).post('things', { form: FORM })
      expect(wire()).toEqual(expected(placement))
    })

    test.each(PLACEMENTS.map((placement) => [placement]))('%s per request, over another default', async (placement) => {
      const other = placement === 'header' ? 'query' : 'header'
      await client(signer(), { placement: other }).post('things', { form: FORM, context: { oauth: { placement } } })
      expect(wire()).toEqual(expected(placement))
    })

    test('the body placement on a POST without a body makes a form body', async () => {
      await client(signer(), { placement: 'body' }).post('things')
      const received = only()
      expect(received?.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
      expect(Number(received?.headers.get('content-length'))).toBe(Buffer.byteLength(received?.body ?? ''))
      expect(verified(received).location).toBe('body')
    })

    test('the query placement next to prefixUrl with allowAbsoluteUrls: false (got 16)', async () => {
      // got 16 refuses an absolute URL in `options.url` then; the query is changed on the same origin.
      const options = got === MAJORS[1]?.[1] ? { allowAbsoluteUrls: false } : {}
      await client(signer(), { placement: 'query' })
        .extend(options)
        .get('things', { searchParams: { a: '1' } })
      expect(verified(only()).location).toBe('query')
    })

    test('a per-request default on the instance context, overridden per request', async () => {
      const api = client(signer()).extend({ context: { oauth: { placement: 'query' } } })
      await api.get('things')
      expect(verified(only()).location).toBe('query')
      server.reset()
      await api.get('things', { context: { oauth: { placement: 'header' } } })
      expect(verified(only()).location).toBe('header')
    })

    test('oauth: false sends that request without credentials, even with a default on the instance', async () => {
      await client(signer()).post('things', { form: FORM, context: { oauth: false }, throwHttpErrors: false })
      expect(credentialsIn(only() as NonNullable<ReturnType<typeof only>>)).toEqual([])
      server.reset()
      await client(signer())
        .extend({ context: { oauth: false } })
        .get('things', { throwHttpErrors: false })
      expect(only()?.problem).toBe('parameter_absent')
    })
  })

  describe('the caller and other hooks are left alone', () => {
    test("the caller's options, searchParams, form, json, headers and context are not mutated", async () => {
      const searchParams = new URLSearchParams([['a', '1']])
      const form = { b: '2' }
      const headers = { 'x-trace': 't' }
      const context = { oauth: { placement: 'body' as const }, mine: { deep: 1 } }
      const options = { searchParams, form, headers, context }
      const snapshot = { ...structuredClone({ form, headers, context }), searchParams: searchParams.toString() }
      const api = client(signer())
      await api.post('things', options)
      await api.post('things', options)
      expect({ ...structuredClone({ form, headers, context }), searchParams: searchParams.toString() }).toEqual(snapshot)
      expect(Object.keys(options)).toEqual(['searchParams', 'form', 'headers', 'context'])
      expect(Object.getOwnPropertySymbols(context)).toEqual([])
      expect(server.requests.map((received) => verified(received).location)).toEqual(['body', 'body'])

      server.reset()
      const json = { nested: { list: [1, 2] } }
      const jsonSnapshot = structuredClone(json)
      await api.put('things', { json, searchParams: { s: 'x' } })
      expect(json).toEqual(jsonSnapshot)
      verified(only())
    })

    test('hooks already on the instance run first and what they change is signed', async () => {
      const calls: string[] = []
      const base = got.extend({
        prefixUrl: `${server.origin}/api/`,
        hooks: {
          beforeRequest: [
            (options) => {
              calls.push('beforeRequest')
              options.headers['x-other'] = '1'
              ;(options.url as URL).searchParams.append('added', 'by hook')
            },
          ],
          afterResponse: [
            (response) => {
              calls.push('afterResponse')
              return response
            },
          ],
        },
      })
      const response = await withOAuth(base, signer(), { placement: 'query' }).get('things')
      expect(response.statusCode).toBe(200)
      const received = only()
      expect(received?.headers.get('x-other')).toBe('1')
      expect(verified(received).parameters).toEqual([['added', 'by hook']])
      expect(calls).toEqual(['beforeRequest', 'afterResponse'])
    })

    test('each call starts afresh: a second call to another path or origin is signed for its own URL', async () => {
      const api = client(signer())
      await api.get('first')
      await api.get(`${server.origin}/second`, { prefixUrl: '' })
      expect(server.requests.map((received) => [received.url.pathname, verified(received).location])).toEqual([
        ['/api/first', 'header'],
        ['/second', 'header'],
      ])
    })
  })
})
