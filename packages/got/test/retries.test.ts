import type { Placement } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/got'
import { serverForSuite } from '@oauthkit/test-support'
import type { OptionsInit } from 'got'
import { describe, expect, test } from 'vitest'
import type { Received } from './helpers.ts'
import { count, credentialsIn, MAJORS, redirect, signer, sortedPairs, startServer, verified } from './helpers.ts'

const FORM = { status: 'Hello Ladies + Gentlemen', unicode: 'ü☃' }

/** Retries on 503 for every method, at once (got's rules decide; 0 would mean "no retry"). */
const retry = (limit: number): OptionsInit['retry'] => ({
  limit,
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  statusCodes: [503],
  calculateDelay: ({ computedValue }) => (computedValue > 0 ? 1 : 0),
})

const server = serverForSuite(startServer)
const other = serverForSuite(startServer)

const nonces = (requests: Received[]) => requests.map((received) => verified(received).nonce)
const lengthIsRight = (received: Received) => Number(received.headers.get('content-length')) === Buffer.byteLength(received.body)

describe.each(MAJORS)('%s', (_, got) => {
  const client = (placement: Placement = 'header') => withOAuth(got.extend({ prefixUrl: `${server.origin}/` }), signer(), { placement })

  test.each([['header'], ['query'], ['body'], ['header+query'], ['header+body']] as const)(
    'a retried POST (%s) gets a new nonce, one signature and a body of the right length',
    async (placement) => {
      const response = await client(placement).post('flaky/2/post', { form: FORM, searchParams: { page: 1 }, retry: retry(2) })
      expect(response.statusCode).toBe(200)
      expect(server.requests).toHaveLength(3)
      expect(new Set(nonces(server.requests)).size).toBe(3)
      for (const received of server.requests) {
        expect(verified(received).location).toBe(placement === 'query' || placement === 'body' ? placement : 'header')
        expect(sortedPairs(verified(received).parameters)).toEqual(sortedPairs([['page', '1'], ...Object.entries(FORM)]))
        expect(count(received.url.search, 'oauth_signature')).toBe(placement.includes('query') ? 1 : 0)
        expect(count(received.body, 'oauth_signature')).toBe(placement.includes('body') ? 1 : 0)
        expect(lengthIsRight(received)).toBe(true)
      }
    },
  )

  test('a retried GET in the query replaces the oauth_* of the earlier attempt', async () => {
    await client('query').get('flaky/1/get', { searchParams: { q: 'a b' }, retry: retry(1) })
    expect(server.requests).toHaveLength(2)
    expect(new Set(nonces(server.requests)).size).toBe(2)
    for (const received of server.requests) expect(count(received.url.search, 'oauth_nonce')).toBe(1)
  })

  test('a retried JSON PUT with a body hash is signed again over the same bytes', async () => {
    const api = withOAuth(got.extend({ prefixUrl: `${server.origin}/` }), signer({ bodyHash: true }))
    await api.put('flaky/1/json', { json: { a: [1, 2] }, retry: retry(1) })
    expect(server.requests).toHaveLength(2)
    expect(new Set(nonces(server.requests)).size).toBe(2)
    for (const received of server.requests) expect(verified(received).protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
  })

  test('a retry forced by an afterResponse hook (retryWithMergedOptions) is signed afresh', async () => {
    let first = true
    server.route('/forced', (received) => ({ status: received.verified && !first ? 200 : 401 }))
    const base = got.extend({
      prefixUrl: `${server.origin}/`,
      hooks: {
        afterResponse: [
          (response, retryWithMergedOptions) => {
            if (response.statusCode !== 401 || !first) return response
            first = false
            return retryWithMergedOptions({ headers: { 'x-retried': '1' } })
          },
        ],
      },
    })
    const response = await withOAuth(base, signer(), { placement: 'body' }).post('forced', { form: FORM })
    expect(response.statusCode).toBe(200)
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]?.headers.get('x-retried')).toBe('1')
    expect(new Set(nonces(server.requests)).size).toBe(2)
    for (const received of server.requests) expect(count(received.body, 'oauth_signature')).toBe(1)
  })

  test('a retry after a same-origin redirect is signed for the redirected URL', async () => {
    server.route('/moved', redirect(307, '/flaky/1/moved'))
    await client('body').post('moved', { form: FORM, retry: retry(1) })
    expect(server.requests.map((received) => received.url.pathname)).toEqual(['/moved', '/flaky/1/moved', '/flaky/1/moved'])
    expect(new Set(nonces(server.requests)).size).toBe(3)
    for (const received of server.requests) expect(lengthIsRight(received)).toBe(true)
  })

  test('a retry after a redirect to another origin still carries no credentials', async () => {
    server.route('/away', redirect(307, `${other.origin}/flaky/1/away`))
    const response = await client('body').post('away', { form: FORM, retry: retry(1), throwHttpErrors: false })
    expect(response.statusCode).toBe(401)
    expect(server.requests).toHaveLength(1)
    expect(other.requests).toHaveLength(2)
    for (const received of other.requests) {
      expect(credentialsIn(received)).toEqual([])
      expect(sortedPairs([...new URLSearchParams(received.body)])).toEqual(sortedPairs(Object.entries(FORM)))
      expect(lengthIsRight(received)).toBe(true)
    }
  })
})
