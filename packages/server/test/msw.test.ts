// The provider's handlers behind msw: one dance through the global fetch, then a protected resource
// through the fetch adapter.
import { oauth1 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/fetch'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CONSUMER, createTestProvider, Dance, expectProblem, formOf, JANE, nextNonce } from './helpers.ts'

const ORIGIN = 'http://provider.msw.test'
const { provider, clock } = createTestProvider()

const server = setupServer(
  http.all(`${ORIGIN}/oauth/*`, ({ request }) => provider.handle(request)),
  http.all(`${ORIGIN}/api/me`, async ({ request }) => {
    const result = await provider.protect(request)
    return result.ok ? Response.json({ user: result.user, via: result.location }) : result.response
  }),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

// Resolved at each call, so msw's patched fetch is the one used.
const dance = new Dance((request) => fetch(request, { redirect: 'manual' }), ORIGIN, clock)

test('one dance through fetch under msw, then the resource through @oauthkit/fetch', async () => {
  const { token, secret } = await dance.requestToken()
  const redirect = await dance.authorize(token)
  expect(redirect.status).toBe(302)
  const verifier = new URL(redirect.headers.get('location') as string).searchParams.get('oauth_verifier') as string
  const access = await formOf(await dance.exchange(token, secret, verifier))
  expect(access).toMatchObject({ user_id: JANE.id, screen_name: 'jane' })

  const signer = oauth1({
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    token: access.oauth_token,
    tokenSecret: access.oauth_token_secret,
    now: clock.now,
    nonce: nextNonce,
  })
  const signedFetch = withOAuth(undefined, signer)
  const me = await signedFetch(`${ORIGIN}/api/me?full=1`, { oauth: { placement: 'query' } })
  expect(await me.json()).toEqual({ user: { id: JANE.id, name: 'jane' }, via: 'query' })

  // The request token is spent; the access token is not a request token.
  await expectProblem(await dance.exchange(token, secret, verifier), 401, 'token_used')
  await expectProblem(await dance.authorize(access.oauth_token as string), 401, 'token_rejected')
})
