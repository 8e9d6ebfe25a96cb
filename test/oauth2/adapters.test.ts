import { type OAuth2Options, oauth2 } from '@oauthkit/core'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { harnesses } from '../adapters/harness/index.ts'
import type { ContractClient, ContractResponse, Harness } from '../adapters/harness/types.ts'
import type { Echo, NodeOAuthServer } from './servers/node-oauth.ts'
import { startNodeOAuthServer } from './servers/node-oauth.ts'

/** A clock the tests move by hand (milliseconds). */
function manualClock() {
  let now = 1_700_000_000_000
  return {
    now: () => now,
    advance(seconds: number) {
      now += seconds * 1000
    },
  }
}

const echoOf = (response: ContractResponse): Echo => {
  expect(response.status).toBe(200)
  return JSON.parse(response.body) as Echo
}

let server: NodeOAuthServer
let elsewhere: NodeOAuthServer

beforeEach(async () => {
  server = await startNodeOAuthServer()
  elsewhere = await startNodeOAuthServer()
})
afterEach(async () => {
  await server.close()
  await elsewhere.close()
})

/** An authorizer signed in with the (legacy) password grant: a token and a refresh token, on a manual clock. */
async function signedIn(options: Partial<OAuth2Options> = {}) {
  const clock = manualClock()
  const auth = oauth2({
    tokenEndpoint: server.tokenEndpoint,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    now: clock.now,
    ...options,
  })
  await auth.passwordGrant({ username: server.username, password: server.password })
  return { auth, clock, token: () => auth.token?.access_token }
}

function create(harness: Harness, auth: Parameters<Harness['create']>[0], defaults = {}): ContractClient {
  return harness.create(auth, defaults, { baseUrl: server.origin })
}

describe.each(harnesses)('OAuth 2 through $name against @node-oauth/oauth2-server', (harness) => {
  test('placement: header (default), form body and query per request (RFC 6750 2.1–2.3)', async () => {
    const { auth, token } = await signedIn()
    const client = create(harness, auth)

    const header = echoOf(await client.send({ method: 'GET', url: '/echo', query: [['q', 'a b']] }))
    expect(header).toMatchObject({ via: 'header', token: token(), search: '?q=a+b' })

    const body = echoOf(await client.send({ method: 'POST', url: '/echo', form: [['a', '1']], oauth: { placement: 'body' } }))
    expect(body.via).toBe('body')
    expect(body.token).toBe(token())
    expect([...new URLSearchParams(body.body)]).toEqual([
      ['a', '1'],
      ['access_token', token()],
    ])
    expect(body.search).toBe('')

    const query = echoOf(await client.send({ method: 'GET', url: '/echo', query: [['q', '1']], oauth: { placement: 'query' } }))
    expect(query.via).toBe('query')
    expect([...new URLSearchParams(query.search)]).toEqual([
      ['q', '1'],
      ['access_token', token()],
    ])
  })

  test("placement 'query' as the client's default", async () => {
    const { auth, token } = await signedIn()
    const client = create(harness, auth, { placement: 'query' })
    const echo = echoOf(await client.send({ method: 'DELETE', url: '/echo' }))
    expect(echo).toMatchObject({ via: 'query', search: `?access_token=${token()}` })
  })

  test('CONCURRENCY: 200 concurrent requests at expiry make exactly 1 token request, and all 200 succeed', async () => {
    const { auth, clock, token } = await signedIn()
    const client = create(harness, auth)
    const before = token()
    clock.advance(3600)
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => client.send({ method: 'GET', url: `/echo?i=${i}` })))
    expect(server.tokenRequests).toEqual(['password', 'refresh_token'])
    const tokens = new Set(responses.map((response) => echoOf(response).token))
    expect(tokens).toEqual(new Set([token()]))
    expect(token()).not.toBe(before)
  })

  test('REACTIVE: a 401 invalid_token refreshes once and the request is replayed with its body intact', async () => {
    const { auth, token } = await signedIn()
    const client = create(harness, auth)
    const before = token()
    server.expireAccessTokens() // the server says no; the client's clock still says the token is fine

    const json = echoOf(await client.send({ method: 'POST', url: '/echo', json: { hello: 'wörld', n: [1, 2] } }))
    expect(json.token).not.toBe(before)
    expect(json.token).toBe(token())
    expect(JSON.parse(json.body)).toEqual({ hello: 'wörld', n: [1, 2] })
    expect(server.tokenRequests).toEqual(['password', 'refresh_token'])

    server.expireAccessTokens()
    const form = echoOf(
      await client.send({
        method: 'PUT',
        url: '/echo',
        form: [
          ['a', '1'],
          ['b', 'x y'],
        ],
        oauth: { placement: 'body' },
      }),
    )
    expect([...new URLSearchParams(form.body)]).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['access_token', token()],
    ])
    expect(server.tokenRequests).toEqual(['password', 'refresh_token', 'refresh_token'])
  })

  test('REACTIVE, concurrent: 50 requests refused as invalid_token at once make one refresh and are all replayed', async () => {
    const { auth, token } = await signedIn()
    const client = create(harness, auth)
    server.expireAccessTokens()
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? client.send({ method: 'POST', url: '/echo', json: { i } })
          : client.send({ method: 'POST', url: '/echo', form: [['i', String(i)]], oauth: { placement: 'body' } }),
      ),
    )
    expect(server.tokenRequests).toEqual(['password', 'refresh_token'])
    responses.forEach((response, i) => {
      const echo = echoOf(response)
      expect(echo.token).toBe(token())
      expect(echo.body).toBe(i % 2 === 0 ? JSON.stringify({ i }) : `i=${i}&access_token=${token()}`)
    })
  })

  test('never a loop: a resource that always answers 401 invalid_token gets one replay and one refresh, then its typed challenge', async () => {
    const { auth } = await signedIn()
    const client = create(harness, auth)
    const response = await client.send({ method: 'POST', url: '/reject', json: { n: 1 } })
    expect([response.status, response.refusal?.code]).toEqual([401, 'invalid_token'])
    expect(server.rejected).toEqual(['{"n":1}', '{"n":1}'])
    expect(server.tokenRequests).toEqual(['password', 'refresh_token'])
  })

  test('the token never follows a redirect to another origin, in any placement', async () => {
    const { auth } = await signedIn()
    const client = create(harness, auth)
    const away = `${elsewhere.origin}/record`
    await client.send({ method: 'GET', url: `/redirect?status=302&to=${encodeURIComponent(away)}` })
    await client.send({ method: 'GET', url: `/redirect?status=302&to=${encodeURIComponent(away)}`, oauth: { placement: 'query' } })
    await client.send({
      method: 'POST',
      url: `/redirect?status=307&to=${encodeURIComponent(away)}`,
      form: [['a', '1']],
      oauth: { placement: 'body' },
    })
    expect(elsewhere.recorded).toHaveLength(3)
    for (const hop of elsewhere.recorded) {
      expect(hop.authorization).toBeNull()
      expect(hop.url).not.toContain('access_token')
      expect(hop.body).not.toContain('access_token')
    }
    expect(elsewhere.recorded[2]?.body).toBe('a=1')
  })

  test('a form POST answered 303 goes on as a GET with the token in the header, not the query', async () => {
    const { auth, token } = await signedIn()
    const client = create(harness, auth)
    const echo = echoOf(
      await client.send({ method: 'POST', url: '/redirect?status=303&to=/echo', form: [['a', '1']], oauth: { placement: 'body' } }),
    )
    expect(echo).toMatchObject({ method: 'GET', via: 'header', token: token(), search: '' })
  })
})

test('several clients of every adapter sharing one authorizer: 240 concurrent requests at expiry, 1 token request', async () => {
  const { auth, clock, token } = await signedIn()
  const clients = harnesses.map((harness) => create(harness, auth))
  clock.advance(3600)
  const responses = await Promise.all(
    clients.flatMap((client) => Array.from({ length: 40 }, () => client.send({ method: 'GET', url: '/echo' }))),
  )
  expect(responses).toHaveLength(240)
  expect(new Set(responses.map((response) => echoOf(response).token))).toEqual(new Set([token()]))
  expect(server.tokenRequests).toEqual(['password', 'refresh_token'])
})

test("client credentials through an adapter: fetched on first use with grant: 'client_credentials', once for concurrent first requests", async () => {
  const auth = oauth2({
    tokenEndpoint: server.tokenEndpoint,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    clientAuth: 'client_secret_post',
    grant: 'client_credentials',
    now: manualClock().now,
  })
  const client = create(harnesses[0] as Harness, auth)
  const responses = await Promise.all(Array.from({ length: 20 }, () => client.send({ method: 'GET', url: '/echo' })))
  expect(new Set(responses.map((response) => echoOf(response).token))).toEqual(new Set([auth.token?.access_token]))
  expect(server.tokenRequests).toEqual(['client_credentials'])
})
