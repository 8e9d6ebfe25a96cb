import { MemoryConsumerStore, oauth1Provider } from '@oauthkit/server'
import { describe, expect, test } from 'vitest'
import { CONSUMER, consumerSigner, createTestProvider, Dance, ORIGIN, signed } from './helpers.ts'

const invalid = expect.objectContaining({ name: 'OAuthError', code: 'invalid_options' })

describe('oauth1Provider() options', () => {
  test('consumers is required; lifetimes, window, realm and maxParameters are checked', () => {
    expect(() => oauth1Provider({} as never)).toThrow(invalid)
    const consumers = new MemoryConsumerStore([CONSUMER])
    for (const bad of [
      { requestTokenLifetimeSeconds: 0 },
      { accessTokenLifetimeSeconds: -1 },
      { timestampWindowSeconds: Number.NaN },
      { retainExpiredTokensSeconds: -5 },
      { realm: 'line\nbreak' },
      { maxParameters: Number.NaN },
      { maxParameters: -1 },
    ]) {
      expect(() => oauth1Provider({ consumers, ...bad }), JSON.stringify(bad)).toThrow(invalid)
    }
  })

  test('generateId must give non-empty strings', async () => {
    const { provider, clock } = createTestProvider({ generateId: () => '' })
    const request = await signed(consumerSigner(clock, { callback: 'oob' }), 'POST', `${ORIGIN}/oauth/request_token`)
    await expect(provider.requestToken(request)).rejects.toThrow(invalid)
  })

  test('handle routes the paths given, and answers 404 elsewhere', async () => {
    const paths = { requestToken: '/api/oauth/request', authorize: '/api/oauth/authorize', accessToken: '/api/oauth/access' }
    const { provider, clock } = createTestProvider({ paths })
    const response = await provider.handle(
      await signed(consumerSigner(clock, { callback: 'oob' }), 'POST', `${ORIGIN}${paths.requestToken}`),
    )
    expect(response.status).toBe(200)
    const token = new URLSearchParams(await response.text()).get('oauth_token') as string
    const page = await provider.handle(
      new Request(`${ORIGIN}${paths.authorize}?oauth_token=${token}`, { method: 'POST', headers: { 'x-session': 'u-1' } }),
    )
    expect(page.status).toBe(200)
    expect((await provider.handle(new Request(`${ORIGIN}/oauth/request_token`, { method: 'POST' }))).status).toBe(404)
  })

  test('the handlers are plain functions: they work detached from the provider', async () => {
    const { provider, clock } = createTestProvider()
    const { requestToken, authorize, accessToken } = provider
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      '/oauth/request_token': requestToken,
      '/oauth/authorize': authorize,
      '/oauth/access_token': accessToken,
    }
    const dance = new Dance(
      (request) => (routes[new URL(request.url).pathname] as (r: Request) => Promise<Response>)(request),
      ORIGIN,
      clock,
    )
    expect(await dance.run()).toMatchObject({ user_id: 'u-1' })
  })
})
