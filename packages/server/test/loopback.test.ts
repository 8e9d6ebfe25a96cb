// The provider mounted in node:http on loopback: the dance driven by core's signer over real HTTP, then
// protected resources through every adapter (axios, fetch, ky 1 and 2, got 14 and 16) in every placement.
import type { Placement } from '@oauthkit/core'
import { MemoryNonceStore, oauth1 } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import type { OAuth1Provider } from '@oauthkit/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { harnesses } from '../../../test/adapters/harness/index.ts'
import type { TestUser } from './helpers.ts'
import { CONSUMER, createTestProvider, Dance, expectProblem, formOf, JANE, nextNonce, PASSWORD, TestClock } from './helpers.ts'
import type { RunningServer } from './server.ts'
import { send, serve } from './server.ts'

const clock = new TestClock()
const permissive = createTestProvider({ allowCopiedParameters: true, nonceStore: new MemoryNonceStore({ now: clock.now }) }, clock)
// A second provider on the same stores that follows RFC 5849 3.5 strictly.
const strict = createTestProvider(
  { tokens: permissive.provider.tokens, nonceStore: permissive.options.nonceStore, consumers: permissive.options.consumers },
  clock,
)

async function resource(provider: OAuth1Provider<TestUser>, request: Request): Promise<Response> {
  const result = await provider.protect(request)
  if (!result.ok) return result.response
  return Response.json({ user: result.user, consumer: result.consumer.key, location: result.location, parameters: result.parameters })
}

async function app(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url)
  if (pathname === '/api/me') return resource(permissive.provider, request)
  if (pathname === '/strict/api/me') return resource(strict.provider, request)
  return permissive.provider.handle(request)
}

let server: RunningServer
let dance: Dance
beforeAll(async () => {
  server = await serve(app)
  dance = new Dance(send, server.origin, clock)
})
afterAll(() => server.close())

describe('the dance over node:http', () => {
  test('three-legged with a callback: request token, 302 with the verifier, access token, resource', async () => {
    const { token, secret } = await dance.requestToken()
    const response = await dance.authorize(token)
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') as string)
    expect(`${location.origin}${location.pathname}`).toBe('https://printer.example.com/ready')
    const verifier = location.searchParams.get('oauth_verifier') as string
    const access = await dance.exchange(token, secret, verifier)
    expect(access.status).toBe(200)
    const form = await formOf(access)
    expect(form).toMatchObject({ user_id: JANE.id, screen_name: 'jane' })

    const signer = oauth1({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, now: clock.now, nonce: nextNonce })
    const user = signer.with({ token: form.oauth_token, tokenSecret: form.oauth_token_secret })
    const signed = await user.sign({ method: 'GET', url: `${server.origin}/api/me?x=1` })
    const me = await fetch(signed.url, { headers: signed.headers })
    expect(await me.json()).toEqual({
      user: { id: JANE.id, name: 'jane' },
      consumer: CONSUMER.key,
      location: 'header',
      parameters: [['x', '1']],
    })
  })

  test('three-legged with oob: the verifier read from the page', async () => {
    const { token, secret } = await dance.requestToken('oob')
    const page = await dance.authorize(token)
    expect(page.status).toBe(200)
    const verifier = /<code id="oauth_verifier">([^<]+)<\/code>/.exec(await page.text())?.[1] as string
    expect((await dance.exchange(token, secret, verifier)).status).toBe(200)
    await expectProblem(await dance.exchange(token, secret, verifier), 401, 'token_used')
  })

  test('xAuth: a password for an access token; a wrong one refused', async () => {
    const response = await dance.xAuth(JANE.name, PASSWORD)
    expect(response.status).toBe(200)
    expect(await formOf(response)).toMatchObject({ user_id: JANE.id })
    await expectProblem(await dance.xAuth(JANE.name, 'nope'), 401, 'permission_denied')
  })

  test('a refusal over the wire keeps its challenge and body', async () => {
    const signer = oauth1({
      consumerKey: CONSUMER.key,
      consumerSecret: 'wrong',
      callback: 'oob',
      timestamp: clock.seconds,
      nonce: nextNonce,
    })
    const signed = await signer.sign({ method: 'POST', url: `${server.origin}/oauth/request_token` })
    await expectProblem(await fetch(signed.url, { method: 'POST', headers: signed.headers }), 401, 'signature_invalid')
  })
})

describe('protected resources through every adapter, in every placement', () => {
  let access: { token: string; secret: string }
  beforeAll(async () => {
    const form = await formOf(await dance.xAuth(JANE.name, PASSWORD))
    access = { token: form.oauth_token as string, secret: form.oauth_token_secret as string }
  })
  const signer = () =>
    oauth1({
      consumerKey: CONSUMER.key,
      consumerSecret: CONSUMER.secret,
      token: access.token,
      tokenSecret: access.secret,
      now: clock.now,
      nonce: nextNonce,
    })
  const expectedLocation = (placement: Placement): string => (placement.startsWith('header') ? 'header' : placement)

  for (const harness of harnesses) {
    describe(harness.name, () => {
      for (const placement of PLACEMENTS) {
        test(`${placement}: POST with a form body${placement.includes('body') ? '' : ', and GET with a query'}`, async () => {
          const client = harness.create(signer(), { placement }, { baseUrl: server.origin })
          const post = await client.send({
            method: 'POST',
            url: '/api/me',
            query: [['page', '2']],
            form: [['status', 'Hello Ladies + Gentlemen']],
          })
          expect(post.status).toBe(200)
          expect(JSON.parse(post.body)).toEqual({
            user: JANE,
            consumer: CONSUMER.key,
            location: expectedLocation(placement),
            parameters: [
              ['page', '2'],
              ['status', 'Hello Ladies + Gentlemen'],
            ],
          })
          if (placement.includes('body')) return
          const get = await client.send({
            method: 'GET',
            url: '/api/me',
            query: [
              ['q', 'a b'],
              ['q', 'é'],
            ],
          })
          expect(get.status).toBe(200)
          expect(JSON.parse(get.body)).toMatchObject({
            location: expectedLocation(placement),
            parameters: [
              ['q', 'a b'],
              ['q', 'é'],
            ],
          })
        })
      }

      test('a strict provider refuses the FULL placements and accepts the others; the refusal carries the reported problem', async () => {
        for (const placement of PLACEMENTS) {
          const client = harness.create(signer(), { placement }, { baseUrl: server.origin })
          const response = await client.send({ method: 'POST', url: '/strict/api/me', form: [['a', '1']] })
          if (placement.startsWith('header+')) {
            expect(response.status).not.toBe(200)
            expect(response.refusal).toMatchObject({ name: 'OAuthProblemError', code: 'parameter_rejected' })
          } else {
            expect([response.status, response.refusal]).toEqual([200, undefined])
          }
        }
      })
    })
  }
})
