// The adapter contract: what every adapter must get right, run against each client (both majors of
// ky and got) under msw and against real loopback servers. Each case fails when its point breaks.
import type { AdapterDefaults, Authorizer, OAuth1Options, Placement } from '@oauthkit/core'
import { isOAuthError, OAuthError, OAuthProblemError, oauth1 } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import type { Received } from '@oauthkit/test-support'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { ContractClient, ContractRequest, Harness, HarnessOptions } from './harness/types.ts'
import type { ContractServer } from './servers.ts'
import { CONSUMER, carriesCredentials, NOW_SECONDS, startContractServer, TOKEN } from './servers.ts'

const QUERY: [string, string][] = [
  ['q', 'a b'],
  ['q', 'c+d'],
  ['list', '1'],
  ['list', '2'],
  ['empty', ''],
  ['zero', '0'],
  ['unicode', 'é☃😀'],
  ['reserved', "!*'()&=/?:@,;$"],
]
const FORM: [string, string][] = [
  ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
  ['tag', 'a'],
  ['tag', 'b'],
  ['unicode', 'ü'],
]

const sorted = (pairs: [string, string][]): [string, string][] => [...pairs].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1))
const count = (text: string, name: string): number => [...new URLSearchParams(text)].filter(([key]) => key === name).length

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('the request did not fail')
}

/** Registers the contract suite of one harness in one mode. */
export function adapterContract(harness: Harness, mode: 'msw' | 'loopback'): void {
  describe(`${harness.name} adapter contract (${mode})`, () => {
    let server: ContractServer
    let other: ContractServer | undefined

    beforeAll(async () => {
      server = await startContractServer(mode)
      if (mode === 'loopback') other = await startContractServer(mode)
    })
    afterAll(async () => {
      await server.close()
      await other?.close()
    })
    beforeEach(() => {
      server.reset()
      other?.reset()
    })

    const signer = (extra: Partial<OAuth1Options> = {}) =>
      oauth1({
        consumerKey: CONSUMER.key,
        consumerSecret: CONSUMER.secret,
        token: TOKEN.token,
        tokenSecret: TOKEN.secret,
        timestamp: NOW_SECONDS,
        ...extra,
      })
    const client = (defaults?: AdapterDefaults, options: HarnessOptions = {}, extra?: Partial<OAuth1Options>): ContractClient =>
      harness.create(signer(extra), defaults, { baseUrl: server.origin, ...options })
    const received = (): Received[] => server.requests
    const only = (): Received => {
      expect(received()).toHaveLength(1)
      return received()[0] as Received
    }
    const verified = (recorded: Received) => {
      expect(recorded.problem).toBeUndefined()
      return recorded.verified as NonNullable<Received['verified']>
    }

    describe('1. signs the request as it goes on the wire', () => {
      test('base URL, path and query parameters (duplicates, spaces, plus, unicode, reserved, empty, zero)', async () => {
        const response = await client().send({ method: 'GET', url: '/things', query: QUERY })
        expect(response.status).toBe(200)
        const recorded = only()
        expect(recorded.url.pathname).toBe('/things')
        expect(sorted(verified(recorded).parameters)).toEqual(sorted(QUERY))
      })

      test('a form body is signed, for POST, PUT, PATCH and DELETE', async () => {
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
          server.reset()
          await client().send({ method, url: '/things', query: [['page', '2']], form: FORM })
          const recorded = only()
          expect(recorded.method).toBe(method)
          expect(sorted(verified(recorded).parameters)).toEqual(sorted([['page', '2'], ...FORM]))
        }
      })

      test('a JSON body goes out unchanged and is not signed as parameters', async () => {
        const json = { status: 'a=1&b=2', list: [1, 2] }
        await client().send({ method: 'POST', url: '/things', json })
        const recorded = only()
        expect(JSON.parse(recorded.body)).toEqual(json)
        expect(verified(recorded).parameters).toEqual([])
      })

      test('with bodyHash, a JSON body gets oauth_body_hash (checked by the verifier)', async () => {
        await client({}, {}, { bodyHash: true }).send({ method: 'PUT', url: '/things', json: { a: 1 } })
        expect(verified(only()).protocolParameters.map(([name]) => name)).toContain('oauth_body_hash')
      })

      test('a multipart body goes out unchanged and is not signed as parameters', async () => {
        await client().send({ method: 'POST', url: '/upload', multipart: { field: 'value-in-part' } })
        const recorded = only()
        expect(recorded.body).toContain('value-in-part')
        expect(recorded.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
        expect(verified(recorded).parameters).toEqual([])
      })
    })

    describe('2. every placement, as the default and per request', () => {
      test.each(PLACEMENTS.map((placement) => [placement]))('default %s', async (placement) => {
        await client({ placement: placement as Placement }).send({ method: 'POST', url: '/things', form: FORM })
        const recorded = only()
        const location = verified(recorded).location
        expect(location).toBe(placement === 'query' || placement === 'body' ? placement : 'header')
        const inQuery = count(recorded.url.search, 'oauth_signature')
        const inBody = count(recorded.body, 'oauth_signature')
        expect([recorded.headers.has('authorization'), inQuery, inBody]).toEqual([
          placement.startsWith('header'),
          placement.includes('query') ? 1 : 0,
          placement.includes('body') ? 1 : 0,
        ])
      })

      test('per request: query over a header default, and header over a query default', async () => {
        await client({ placement: 'header' }).send({ method: 'GET', url: '/things', query: QUERY, oauth: { placement: 'query' } })
        expect(verified(only()).location).toBe('query')
        server.reset()
        await client({ placement: 'query' }).send({ method: 'GET', url: '/things', oauth: { placement: 'header' } })
        expect(verified(only()).location).toBe('header')
      })

      test('oauth: false sends that request without credentials', async () => {
        await client().send({ method: 'POST', url: '/things', form: FORM, oauth: false })
        const recorded = only()
        expect(carriesCredentials(recorded)).toBe(false)
        expect(recorded.problem).toBe('parameter_absent')
      })

      test("no request header steers signing: x-oauthkit-request-options is the caller's, passed on untouched", async () => {
        // An app that forwards its callers' headers must not let them move or switch off the credentials.
        for (const hostile of ['{"placement":"query","nonce":"chosen-by-a-caller","realm":"r"}', 'false']) {
          server.reset()
          await client().send({ method: 'GET', url: '/things', headers: { 'x-oauthkit-request-options': hostile } })
          const recorded = only()
          expect(verified(recorded)).toMatchObject({ location: 'header' })
          expect(verified(recorded).nonce).not.toBe('chosen-by-a-caller')
          expect(recorded.headers.get('authorization')).not.toContain('realm=')
          expect(count(recorded.url.search, 'oauth_signature')).toBe(0)
          expect(recorded.headers.get('x-oauthkit-request-options')).toBe(hostile)
        }
      })
    })

    describe('5. the caller and other interceptors are left alone', () => {
      test("the caller's request objects are not mutated", async () => {
        const request: ContractRequest = {
          method: 'POST',
          url: '/things',
          query: [['a', '1']],
          form: [['b', '2']],
          headers: { 'x-trace': 't' },
        }
        const snapshot = structuredClone(request)
        const signed = client({ placement: 'body' })
        await signed.send(request)
        await signed.send(request)
        expect(request).toEqual(snapshot)
        expect(received().map((recorded) => verified(recorded).location)).toEqual(['body', 'body'])
      })

      test('works on a client that already has another interceptor or hook', async () => {
        await client({}, { withOtherHook: true }).send({ method: 'GET', url: '/things' })
        const recorded = only()
        expect(recorded.headers.get('x-other')).toBe('1')
        verified(recorded)
      })

      if (harness.ejectable) {
        test('eject() makes the client send unsigned requests again', async () => {
          const signed = client()
          signed.eject?.()
          await signed.send({ method: 'GET', url: '/things' })
          expect(carriesCredentials(only())).toBe(false)
        })
      }
    })

    describe("the authorizer's verdict on a response", () => {
      /** The contract signer, with an onResponse that asks for a replay on 401 and fails on an oauth_problem in a 400 body. */
      const reviewing = (): { auth: Authorizer; reviewed: number[]; problem: OAuthProblemError } => {
        const inner = signer()
        const reviewed: number[] = []
        const problem = new OAuthProblemError('signature_invalid', 'the provider refused the signature')
        const auth: Authorizer = {
          kind: inner.kind,
          placement: inner.placement,
          origins: inner.origins,
          authorize: (request, options) => inner.authorize(request, options),
          strip: (request) => inner.strip(request),
          async onResponse(response) {
            reviewed.push(response.status)
            if (response.status === 401) return 'retry'
            if (response.status === 400 && (await response.text()).includes('oauth_problem=')) throw problem
            return undefined
          },
        }
        return { auth, reviewed, problem }
      }

      test('a retry verdict replays the request once, authorized afresh, with its body', async () => {
        const { auth, reviewed } = reviewing()
        const response = await harness
          .create(auth, { placement: 'body' }, { baseUrl: server.origin })
          .send({ method: 'POST', url: '/unauthorized-once', query: [['key', 'replay']], form: FORM })
        expect(response.status).toBe(200)
        expect(reviewed).toEqual([401, 200])
        const [first, replay] = received().map(verified)
        expect(replay?.nonce).not.toBe(first?.nonce)
        expect(sorted(replay?.parameters ?? [])).toEqual(sorted([['key', 'replay'], ...FORM]))
      })

      test('a call is replayed at most once: never a loop', async () => {
        const { auth, reviewed } = reviewing()
        const response = await harness.create(auth, {}, { baseUrl: server.origin }).send({ method: 'GET', url: '/always-unauthorized' })
        expect(response.status).toBe(401)
        expect(received()).toHaveLength(2)
        expect(reviewed).toEqual([401, 401])
      })

      test('a typed error of the authorizer fails the call with that very error', async () => {
        const { auth, problem } = reviewing()
        const error = await failure(
          harness.create(auth, {}, { baseUrl: server.origin }).send({ method: 'POST', url: '/problem', form: FORM }),
        )
        expect(error).toBe(problem)
      })

      test('oauth: false calls are not reviewed', async () => {
        const { auth, reviewed } = reviewing()
        await harness.create(auth, {}, { baseUrl: server.origin }).send({ method: 'GET', url: '/always-unauthorized', oauth: false })
        expect([reviewed, received().length]).toEqual([[], 1])
      })
    })

    describe('6. core errors reach the caller unchanged', () => {
      test("'body' on a GET is the core's placement_unsupported error", async () => {
        const error = await failure(client({ placement: 'body' }).send({ method: 'GET', url: '/things' }))
        expect(error).toBeInstanceOf(OAuthError)
        expect(isOAuthError(error) && error.code).toBe('placement_unsupported')
        expect(received()).toHaveLength(0)
      })

      test('an unknown per-request placement is the core invalid_options error', async () => {
        const error = await failure(client().send({ method: 'GET', url: '/things', oauth: { placement: 'cookie' as Placement } }))
        expect(isOAuthError(error) && error.code).toBe('invalid_options')
      })
    })

    if (mode === 'loopback') {
      // fetch has no retries of its own; the other clients retry natively.
      if (harness.retries) {
        describe('3. every attempt is signed afresh', () => {
          test('a retried POST gets a new nonce, one signature and a body of the right length', async () => {
            const response = await client({ placement: 'body' }).send({
              method: 'POST',
              url: '/flaky',
              query: [['key', 'post']],
              form: FORM,
              retries: 2,
            })
            expect(response.status).toBe(200)
            expect(received()).toHaveLength(2)
            const [first, second] = received().map(verified)
            expect(second?.nonce).not.toBe(first?.nonce)
            for (const recorded of received()) {
              expect(count(recorded.body, 'oauth_signature')).toBe(1)
              expect(Number(recorded.headers.get('content-length'))).toBe(new TextEncoder().encode(recorded.body).length)
            }
          })

          test('a retried GET in the query replaces the oauth_* of the earlier attempt', async () => {
            await client({ placement: 'query' }).send({ method: 'GET', url: '/flaky', query: [['key', 'get']], retries: 2 })
            expect(received()).toHaveLength(2)
            expect(new Set(received().map((recorded) => verified(recorded).nonce)).size).toBe(2)
            for (const recorded of received()) expect(count(recorded.url.search, 'oauth_signature')).toBe(1)
          })

          test('per-request options hold on every attempt: query stays query, each signed afresh', async () => {
            await client({ placement: 'header' }).send({
              method: 'GET',
              url: '/flaky',
              query: [['key', 'per-request']],
              oauth: { placement: 'query' },
              retries: 2,
            })
            expect(received()).toHaveLength(2)
            expect(received().map((recorded) => verified(recorded).location)).toEqual(['query', 'query'])
            expect(new Set(received().map((recorded) => verified(recorded).nonce)).size).toBe(2)
          })

          test('a retry of an oauth: false call stays unsigned', async () => {
            const response = await client().send({ method: 'GET', url: '/flaky', query: [['key', 'unsigned']], oauth: false, retries: 2 })
            expect(received()).toHaveLength(2)
            expect(received().map(carriesCredentials)).toEqual([false, false])
            expect(response.status).toBe(401)
          })
        })
      }

      describe('4. redirects', () => {
        test.each([[301], [302], [303], [307], [308]])('a same-origin %i hop is signed for its own URL and method', async (status) => {
          const to = encodeURIComponent('/target?hop=1')
          const response = await client().send({ method: 'POST', url: `/redirect?status=${status}&to=${to}`, form: FORM })
          expect(response.status).toBe(200)
          expect(received()).toHaveLength(2)
          const [first, hop] = received() as [Received, Received]
          verified(first)
          expect(hop.url.pathname).toBe('/target')
          expect(verified(hop).nonce).not.toBe(first.verified?.nonce)
          if (status === 303) expect(hop.method).toBe('GET')
          if (status >= 307) expect([hop.method, sorted(verified(hop).parameters)]).toEqual(['POST', sorted([['hop', '1'], ...FORM])])
        })

        test('a 303 after a POST in the body placement signs the GET hop in the query', async () => {
          await client({ placement: 'body' }).send({
            method: 'POST',
            url: `/redirect?status=303&to=${encodeURIComponent('/done')}`,
            form: FORM,
          })
          const [first, hop] = received() as [Received, Received]
          expect(verified(first).location).toBe('body')
          expect([hop.method, verified(hop).location]).toEqual(['GET', 'query'])
        })

        test('a 307 with the body placement re-signs the body for the hop', async () => {
          await client({ placement: 'body' }).send({
            method: 'POST',
            url: `/redirect?status=307&to=${encodeURIComponent('/target')}`,
            form: FORM,
          })
          const hop = received()[1] as Received
          expect(verified(hop).location).toBe('body')
          expect(count(hop.body, 'oauth_signature')).toBe(1)
        })

        test.each([
          ['header', 'GET', 302],
          ['query', 'GET', 302],
          ['body', 'POST', 307],
          ['header+body', 'POST', 308],
        ] as const)('a hop to another origin carries no credentials (%s, %s %i)', async (placement, method, status) => {
          const target = `${other?.origin}/elsewhere?x=1`
          const form = method === 'POST' ? FORM : undefined
          await client({ placement }).send({
            method,
            url: `/redirect?status=${status}&to=${encodeURIComponent(target)}`,
            headers: { cookie: 'session=for-the-first-origin' },
            ...(form ? { form } : {}),
          })
          verified(only())
          const hops = other?.requests ?? []
          expect(hops).toHaveLength(1)
          expect(carriesCredentials(hops[0] as Received)).toBe(false)
          expect((hops[0] as Received).headers.has('cookie')).toBe(false)
          if (method === 'POST') expect(sorted([...new URLSearchParams((hops[0] as Received).body)])).toEqual(sorted(FORM))
        })

        test('a hop to an allowed origin is signed for that origin', async () => {
          const target = `${other?.origin}/elsewhere`
          await client({ origins: [server.origin, other?.origin as string] }).send({
            method: 'GET',
            url: `/redirect?status=302&to=${encodeURIComponent(target)}`,
          })
          const hops = other?.requests ?? []
          expect(hops).toHaveLength(1)
          expect(verified(hops[0] as Received).location).toBe('header')
        })
      })
    }
  })
}
