// The client side of the dance (oauth1Session) against the provider of @oauthkit/server over real
// HTTP: three-legged with a callback, with oob, and xAuth; then the resource through every adapter.
import { isOAuthError, oauth1Session } from '@oauthkit/core'
import type { OAuth1Provider } from '@oauthkit/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TestUser } from '../../packages/server/test/helpers.ts'
import { CALLBACK, CONSUMER, createTestProvider, JANE, nextNonce, PASSWORD, TestClock } from '../../packages/server/test/helpers.ts'
import type { RunningServer } from '../../packages/server/test/server.ts'
import { serve } from '../../packages/server/test/server.ts'
import { harnesses } from '../adapters/harness/index.ts'

const clock = new TestClock()
const { provider } = createTestProvider({}, clock)

async function app(request: Request): Promise<Response> {
  if (new URL(request.url).pathname !== '/api/me') return (provider as OAuth1Provider<TestUser>).handle(request)
  const result = await provider.protect(request)
  return result.ok ? Response.json({ user: result.user.id, location: result.location }) : result.response
}

let server: RunningServer
beforeAll(async () => {
  server = await serve(app)
})
afterAll(() => server.close())

const session = (extra = {}) =>
  oauth1Session({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, now: clock.now, nonce: nextNonce, ...extra })
const url = (path: string) => `${server.origin}${path}`

/**
 * The user's browser: posts the consent form (to the authorization URL, `oauth_token` in its query) as
 * jane and returns where the provider redirects (or what it shows).
 */
async function approve(authorizationUrl: string): Promise<Response> {
  return fetch(authorizationUrl, { method: 'POST', headers: { 'x-session': JANE.id }, redirect: 'manual' })
}

describe('oauth1Session against @oauthkit/server', () => {
  test('three-legged with a callback, then the resource through every adapter in the header and query placements', async () => {
    const client = session()
    await client.fetchRequestToken(url('/oauth/request_token'), { callback: CALLBACK })
    const redirect = await approve(client.authorizationUrl(url('/oauth/authorize')))
    expect(redirect.status).toBe(302)
    const { verifier } = client.parseAuthorizationResponse(redirect.headers.get('location') as string)
    const access = await client.fetchAccessToken(url('/oauth/access_token'), { verifier })
    expect(access).toMatchObject({ user_id: JANE.id, screen_name: 'jane' })
    for (const harness of harnesses) {
      for (const placement of ['header', 'query'] as const) {
        const response = await harness
          .create(client.signer, { placement }, { baseUrl: server.origin })
          .send({ method: 'GET', url: '/api/me' })
        expect([harness.name, response.status, JSON.parse(response.body)]).toEqual([
          harness.name,
          200,
          { user: JANE.id, location: placement },
        ])
      }
    }
  })

  test('oob: the verifier is shown to the user, who types it in', async () => {
    const client = session()
    await client.fetchRequestToken(url('/oauth/request_token'))
    const page = await approve(client.authorizationUrl(url('/oauth/authorize')))
    const text = await page.text()
    const shown = /<code id="oauth_verifier">([^<]+)<\/code>/.exec(text)?.[1] as string
    expect(shown).toMatch(/^verifier-\d+$/)
    await expect(client.fetchAccessToken(url('/oauth/access_token'), { verifier: shown })).resolves.toMatchObject({ user_id: JANE.id })
  })

  test('xAuth: the password is used once and a wrong one is a typed error without it', async () => {
    const client = session()
    await expect(
      client.fetchAccessTokenViaXAuth(url('/oauth/access_token'), { username: 'jane', password: PASSWORD }),
    ).resolves.toMatchObject({
      user_id: JANE.id,
    })
    const error = await session()
      .fetchAccessTokenViaXAuth(url('/oauth/access_token'), { username: 'jane', password: 'wrong password here' })
      .catch((caught: unknown) => caught)
    expect(isOAuthError(error)).toBe(true)
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('wrong password here')
  })

  test('a verifier that is not the one issued is refused, and the request token is then used up', async () => {
    const client = session()
    await client.fetchRequestToken(url('/oauth/request_token'), { callback: CALLBACK })
    const redirect = await approve(client.authorizationUrl(url('/oauth/authorize')))
    client.parseAuthorizationResponse(redirect.headers.get('location') as string)
    await expect(client.fetchAccessToken(url('/oauth/access_token'), { verifier: 'not-the-verifier' })).rejects.toMatchObject({
      code: 'verifier_invalid',
    })
  })
})
