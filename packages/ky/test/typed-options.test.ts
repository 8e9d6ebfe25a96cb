// The per-request options as typed on the instance withOAuth returns (typed-options.test-d.ts), at run
// time: written without a cast, they reach the signer, for ky 1 and 2, also through `extend`.
import { verifyOAuth1 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/ky'
import ky from 'ky'
import ky1 from 'ky1'
import { describe, expect, test } from 'vitest'
import { NOW, recordingFetch, signer } from './helpers.ts'

/** Where each request carried its credentials, checked to verify when it carried any. */
async function placements(sent: Request[]): Promise<string[]> {
  const found: string[] = []
  for (const request of sent) {
    const body = await request.clone().text()
    const place = request.headers.has('authorization')
      ? 'header'
      : new URL(request.url).searchParams.has('oauth_signature')
        ? 'query'
        : body.includes('oauth_signature=')
          ? 'body'
          : 'none'
    if (place !== 'none') await verifyOAuth1(request, { lookupConsumer: () => ({ secret: 'secret' }), now: () => NOW * 1000 })
    found.push(place)
  }
  return found
}

describe('typed context.oauth through the returned instance', () => {
  test('ky 2: the call, a method, an extended instance; create inherits nothing and does not sign', async () => {
    const { sent, fetchFunction } = recordingFetch()
    const api = withOAuth(ky.create({ prefix: 'https://api.test/v1/' }), signer, { fetch: fetchFunction })
    await api('things', { context: { oauth: { placement: 'query' } } })
    await api.post('things', { body: new URLSearchParams({ title: 'x' }), context: { oauth: { placement: 'body' }, traceId: 'own data' } })
    await api.extend({ headers: { 'x-app': 'demo' } }).get('things', { context: { oauth: { placement: 'header' } } })
    await api.get('things', { context: { oauth: false } })
    await api.create({ fetch: fetchFunction }).get('https://api.test/v1/things')
    expect(await placements(sent)).toEqual(['query', 'body', 'header', 'none', 'none'])
    expect(sent[2]?.headers.get('x-app')).toBe('demo')
  })

  test('ky 1: the call, a method, an extended instance', async () => {
    const { sent, fetchFunction } = recordingFetch()
    const api = withOAuth(ky1.create({ prefixUrl: 'https://api.test/v1/' }), signer, { fetch: fetchFunction })
    await api('things', { context: { oauth: { placement: 'query' } } })
    await api.post('things', { body: new URLSearchParams({ title: 'x' }), context: { oauth: { placement: 'body' } } })
    await api.extend({ headers: { 'x-app': 'demo' } }).get('things', { context: { oauth: { placement: 'header' } } })
    await api.get('things', { context: { oauth: false } })
    expect(await placements(sent)).toEqual(['query', 'body', 'header', 'none'])
  })

  test.each([
    ['ky 2', ky],
    ['ky 1', ky1],
  ] as const)('%s: the top-level oauth option, on every retry; context.oauth wins over it', async (_, client) => {
    let failures = 1
    const { sent, fetchFunction } = recordingFetch(() => (failures-- > 0 ? new Response('busy', { status: 503 }) : undefined))
    const api = withOAuth(client as typeof ky, signer, { fetch: fetchFunction })
    const retry = { limit: 1, delay: () => 0 }
    await api.get('https://api.test/things', { retry, oauth: { placement: 'query' } })
    await api.get('https://api.test/things', { oauth: { placement: 'query' }, context: { oauth: { placement: 'header' } } })
    await api.get('https://api.test/things', { oauth: false })
    expect(await placements(sent)).toEqual(['query', 'query', 'header', 'none'])
    const nonces = sent.slice(0, 2).map((request) => new URL(request.url).searchParams.get('oauth_nonce'))
    expect(new Set(nonces).size).toBe(2)
  })
})
