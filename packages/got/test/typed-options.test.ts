// The per-request options as typed on the instance withOAuth returns (typed-options.test-d.ts), at run
// time: written without a cast, they reach the signer, for got 14 and 16.
import { withOAuth } from '@oauthkit/got'
import { serverForSuite } from '@oauthkit/test-support'
import got16 from 'got'
import got14 from 'got14'
import { describe, expect, test } from 'vitest'
import { credentialsIn, signer, startServer, verified } from './helpers.ts'

const server = serverForSuite(startServer)

/** Where each request carried its credentials, checked to verify. */
const placements = (): string[][] =>
  server.requests.map((received) => {
    verified(received)
    return credentialsIn(received)
  })

describe('typed context.oauth through the returned instance', () => {
  test('got 16: the call, an alias and an instance extended from it', async () => {
    const api = withOAuth(got16.extend({ prefixUrl: `${server.origin}/api/` }), signer())
    await api('things', { context: { oauth: { placement: 'query' } } })
    await api.post('things', { form: { title: 'x' }, context: { oauth: { placement: 'body' }, traceId: 'own data' } })
    await api.extend({ headers: { 'x-app': 'demo' } }).get('things', { context: { oauth: { placement: 'header' } } })
    const unsigned = await api.get('things', { throwHttpErrors: false, context: { oauth: false } })
    expect([unsigned.statusCode, credentialsIn(server.requests.at(-1) as NonNullable<(typeof server.requests)[number]>)]).toEqual([401, []])
    server.requests.pop()
    expect(placements().map((names) => names.filter((name) => name === 'authorization' || name === 'oauth_signature'))).toEqual([
      ['oauth_signature'],
      ['oauth_signature'],
      ['authorization'],
    ])
  })

  test('got 14: an alias and the options-only form', async () => {
    const api = withOAuth(got14, signer())
    await api.get(`${server.origin}/things`, { context: { oauth: { placement: 'query' } } })
    await api({ url: `${server.origin}/things`, method: 'POST', form: { title: 'x' }, context: { oauth: { placement: 'body' } } })
    expect(placements().map((names) => names.filter((name) => name === 'authorization' || name === 'oauth_signature'))).toEqual([
      ['oauth_signature'],
      ['oauth_signature'],
    ])
    expect(server.requests.map((received) => received.url.searchParams.has('oauth_signature'))).toEqual([true, false])
  })
})
