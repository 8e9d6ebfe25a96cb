import type { Placement } from '@oauthkit/core'
import { oauth2 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/got'
import { serverForSuite } from '@oauthkit/test-support'
import { describe, expect, test } from 'vitest'
import type { Received } from './helpers.ts'
import { count, credentialsIn, MAJORS, redirect, signer, sortedPairs, startServer, verified } from './helpers.ts'

const FORM = { status: 'Hello Ladies + Gentlemen', unicode: 'ü☃' }
const FORM_PAIRS = Object.entries(FORM)

const server = serverForSuite(() => startServer({ dual: true }))
const other = serverForSuite(startServer)

const formOf = (received: Received | undefined) => sortedPairs([...new URLSearchParams(received?.body)])
const lengthIsRight = (received: Received | undefined) =>
  received?.body === ''
    ? !received.headers.has('content-length') || received.headers.get('content-length') === '0'
    : Number(received?.headers.get('content-length')) === Buffer.byteLength(received?.body ?? '')

describe.each(MAJORS)('%s', (major, got) => {
  const client = (placement: Placement = 'header', origins?: string[]) =>
    withOAuth(got.extend({ prefixUrl: `${server.origin}/`, https: { rejectUnauthorized: false } }), signer(), { placement, origins })

  describe('same origin: every hop is signed for its own URL and method', () => {
    test.each([[301], [302], [303], [307], [308]])('POST with a form, %i', async (status) => {
      server.route('/from', redirect(status, '/to?hop=1'))
      const response = await client().post('from', { form: FORM })
      expect(response.statusCode).toBe(200)
      const [first, hop] = server.requests
      expect(server.requests).toHaveLength(2)
      expect(verified(hop).nonce).not.toBe(verified(first).nonce)
      expect(hop?.url.pathname).toBe('/to')
      // got does not rewrite methods (methodRewriting: false): only a 303 becomes a GET.
      const method = status === 303 ? 'GET' : 'POST'
      expect(hop?.method).toBe(method)
      expect(sortedPairs(verified(hop).parameters)).toEqual(sortedPairs(method === 'GET' ? [['hop', '1']] : [['hop', '1'], ...FORM_PAIRS]))
    })

    test.each([['query'], ['body'], ['header+query'], ['header+body']] as const)(
      '%s: the hop replaces the credentials of the first request, even when Location repeats them',
      async (placement) => {
        // The server sends the whole query back in Location: its oauth_* must not be signed twice.
        server.route(
          '/echo',
          redirect(307, (received) => `/to${received.url.search}`),
        )
        await client(placement).post('echo', { form: FORM, searchParams: { q: 'a b' } })
        expect(server.requests).toHaveLength(2)
        const hop = server.requests[1]
        expect(verified(hop).location).toBe(placement === 'query' || placement === 'body' ? placement : 'header')
        expect(sortedPairs(verified(hop).parameters)).toEqual(sortedPairs([['q', 'a b'], ...FORM_PAIRS]))
        expect(count(hop?.url.search ?? '', 'oauth_signature')).toBe(placement.includes('query') ? 1 : 0)
        expect(count(hop?.body ?? '', 'oauth_signature')).toBe(placement.includes('body') ? 1 : 0)
        expect(lengthIsRight(hop)).toBe(true)
      },
    )

    test('several hops in a row, each with its own nonce', async () => {
      server.route('/one', redirect(302, '/two'))
      server.route('/two', redirect(308, `${server.origin}/three`))
      server.route('/three', redirect(301, '/four'))
      await client('query').get('one')
      expect(server.requests.map((received) => received.url.pathname)).toEqual(['/one', '/two', '/three', '/four'])
      expect(new Set(server.requests.map((received) => verified(received).nonce)).size).toBe(4)
    })
  })

  describe('another origin: the hop carries no credentials', () => {
    test.each([
      ['header', 'GET', 302],
      ['query', 'GET', 301],
      ['query', 'POST', 307],
      ['body', 'POST', 307],
      ['body', 'POST', 302],
      ['header+query', 'PUT', 308],
      ['header+body', 'POST', 308],
      ['header', 'POST', 303],
    ] as const)('%s, %s %i to another port', async (placement, method, status) => {
      server.route(
        '/away',
        redirect(status, (received) => `${other.origin}/elsewhere${received.url.search}`),
      )
      const response = await client(placement)('away', {
        method,
        searchParams: { q: 'a b' },
        ...(method === 'GET' ? {} : { form: FORM }),
        throwHttpErrors: false,
      })
      expect(response.statusCode).toBe(401)
      verified(server.requests[0])
      expect(other.requests).toHaveLength(1)
      const hop = other.requests[0] as Received
      expect(credentialsIn(hop)).toEqual([])
      expect(sortedPairs([...hop.url.searchParams])).toEqual([['q', 'a b']])
      if (hop.method !== 'GET') expect(formOf(hop)).toEqual(sortedPairs(FORM_PAIRS))
      expect(lengthIsRight(hop)).toBe(true)
    })

    test.each([['header'], ['query'], ['body']] as const)('%s: https to http on the same host and port', async (placement) => {
      server.route(
        '/secure',
        redirect(307, (received) => `${server.origin}/plain${received.url.search}`),
      )
      const response = await client(placement).post(`${server.secureOrigin}/secure`, { form: FORM, throwHttpErrors: false })
      expect(response.statusCode).toBe(401)
      const [first, hop] = server.requests
      expect(first?.url.protocol).toBe('https:')
      verified(first)
      expect(hop?.url.href).toBe(`${server.origin}/plain`)
      expect(credentialsIn(hop as Received)).toEqual([])
      expect(formOf(hop)).toEqual(sortedPairs(FORM_PAIRS))
    })

    test('an `Authorization` header written by another hook (capital A) does not follow the hop', async () => {
      // got 14 deletes only a lowercase `authorization` on a cross-origin redirect.
      const base = got.extend({
        prefixUrl: `${server.origin}/`,
        hooks: {
          beforeRequest: [
            (options) => {
              if ((options.url as URL).origin === server.origin) Object.assign(options.headers, { Authorization: 'Secret for-this-origin' })
            },
          ],
        },
      })
      server.route('/away', redirect(302, `${other.origin}/elsewhere`))
      await withOAuth(base, signer(), { placement: 'query' }).get('away', { throwHttpErrors: false })
      expect(server.requests[0]?.headers.get('authorization')).toBe('Secret for-this-origin')
      expect(verified(server.requests[0]).location).toBe('query')
      expect(credentialsIn(other.requests[0] as Received)).toEqual([])
    })

    test('headers an authorizer added on the first request (an OAuth 2 hook) do not follow the hop', async () => {
      const auth = oauth2({
        tokenEndpoint: `${server.origin}/token`,
        clientId: 'app',
        token: { access_token: 'secret-access-token', token_type: 'Bearer' },
        hooks: { beforeProtectedRequest: (state) => state.request.headers.set('x-api-token', state.token.access_token) },
      })
      server.route('/away', redirect(302, `${other.origin}/elsewhere`))
      await withOAuth(got.extend({ prefixUrl: `${server.origin}/` }), auth).get('away', { throwHttpErrors: false })
      expect(server.requests[0]?.headers.get('x-api-token')).toBe('secret-access-token')
      const hop = other.requests[0] as Received
      expect([hop.headers.get('x-api-token'), hop.headers.get('authorization')]).toEqual([null, null])
    })

    test('a hop to an origin listed in `origins` is signed for that origin', async () => {
      server.route(
        '/away',
        redirect(307, (received) => `${other.origin}/elsewhere${received.url.search}`),
      )
      await client('query', [server.origin, other.origin]).post('away', { form: FORM })
      const hop = other.requests[0]
      expect(verified(hop).location).toBe('query')
      expect(count(hop?.url.search ?? '', 'oauth_signature')).toBe(1)
      expect(sortedPairs(verified(hop).parameters)).toEqual(sortedPairs(FORM_PAIRS))
    })

    test('with `origins`, a request to an origin not listed goes out without credentials', async () => {
      await client('header', [other.origin]).get('direct', { throwHttpErrors: false })
      expect(credentialsIn(server.requests[0] as Received)).toEqual([])
    })

    test('oauth: false stays unsigned across hops', async () => {
      server.route('/from', redirect(302, '/to'))
      await client().get('from', { context: { oauth: false }, throwHttpErrors: false })
      expect(server.requests.map(credentialsIn)).toEqual([[], []])
    })
  })

  test(`${major}: got's own stripping is not relied on (same host, another port, 307 keeps the body)`, async () => {
    server.route('/away', redirect(307, `${other.origin}/elsewhere`))
    await client('body').post('away', { form: FORM, throwHttpErrors: false })
    expect(other.requests[0]?.method).toBe('POST')
    expect(credentialsIn(other.requests[0] as Received)).toEqual([])
  })
})
