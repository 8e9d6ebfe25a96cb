// The adapter contract: what every adapter must get right, run against each client (both majors of
// ky and got) under msw and against real loopback servers. Each case fails when its point breaks.
import { inspect } from 'node:util'
import type { AdapterDefaults, Authorizer, OAuth1Options, OAuthRefusal, Placement } from '@oauthkit/core'
import { isOAuthError, OAuthError, OAuthProblemError, oauth2, oauthRefusal } from '@oauthkit/core'
import { markRefusal, PLACEMENTS } from '@oauthkit/core/adapter'
import type { Received } from '@oauthkit/test-support'
import { countedSigner, serverForSuite, sortedPairs } from '@oauthkit/test-support'
import { describe, expect, test } from 'vitest'
import { failure } from '../fixtures/failure.ts'
import type { ClientHttpError, ContractClient, ContractRequest, ContractResponse, Harness, HarnessOptions } from './harness/types.ts'
import { CONSUMER, carriesCredentials, startContractServer, TOKEN } from './servers.ts'

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

const count = (text: string, name: string): number => [...new URLSearchParams(text)].filter(([key]) => key === name).length

/** Registers the contract suite of one harness in one mode. */
export function adapterContract(harness: Harness, mode: 'msw' | 'loopback'): void {
  describe(`${harness.name} adapter contract (${mode})`, () => {
    const server = serverForSuite(() => startContractServer(mode))
    // A second origin, for redirects that leave the first: real servers only.
    const other = mode === 'loopback' ? serverForSuite(() => startContractServer(mode)) : undefined

    const signer = (extra: Partial<OAuth1Options> = {}) => countedSigner({ consumer: CONSUMER, token: TOKEN }, extra)
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
        expect(sortedPairs(verified(recorded).parameters)).toEqual(sortedPairs(QUERY))
      })

      test('a form body is signed, for POST, PUT, PATCH and DELETE', async () => {
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
          server.reset()
          await client().send({ method, url: '/things', query: [['page', '2']], form: FORM })
          const recorded = only()
          expect(recorded.method).toBe(method)
          expect(sortedPairs(verified(recorded).parameters)).toEqual(sortedPairs([['page', '2'], ...FORM]))
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
        expect(sortedPairs(replay?.parameters)).toEqual(sortedPairs([['key', 'replay'], ...FORM]))
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

      test('a refusal the one replay cures leaves no trace: only the final response decides', async () => {
        const { auth } = reviewing()
        const signed = harness.create(auth, {}, { baseUrl: server.origin })
        const response = await signed.send({ method: 'GET', url: '/unauthorized-once', query: [['key', 'cured']] })
        expect([response.status, response.refusal]).toEqual([200, undefined])
        expect(received()).toHaveLength(2)
      })

      test('a refusal the authorizer marks comes back with the response, not thrown', async () => {
        const { auth, problem } = reviewing()
        markRefusal(problem)
        const response = await harness.create(auth, {}, { baseUrl: server.origin }).send({ method: 'POST', url: '/problem', form: FORM })
        expect([response.status, response.refusal]).toEqual([400, problem])
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

    describe("7. a provider's refusal is the client's own: its error for the status, or its response", () => {
      const WRONG = { consumerSecret: 'not the contract secret', nonce: () => 'refused-nonce' }
      const REFUSED: ContractRequest = { method: 'POST', url: '/refused', query: [['page', '2']], form: FORM }

      /** What the bare signer signs for the refused request: the base string the refusal must carry. */
      const expectedBaseString = async (form = FORM): Promise<string> => {
        const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' })
        const url = `${server.origin}/refused?page=2`
        return (await signer(WRONG).sign({ method: 'POST', url, headers, body: new URLSearchParams(form).toString() })).oauth.baseString
      }

      /** The refusal of a provider's signature_invalid, typed, with its base string kept out of serialisation. */
      const checkRefusal = async (refusal: OAuthRefusal | undefined): Promise<void> => {
        expect(refusal).toBeInstanceOf(OAuthProblemError)
        expect(refusal?.code).toBe('signature_invalid')
        expect(refusal?.message).toContain(`POST ${server.origin}/refused was refused: oauth_problem=signature_invalid (HTTP 401)`)
        if (refusal?.code !== 'signature_invalid') return
        expect(refusal.baseString).toBe(await expectedBaseString())
        expect(Object.getOwnPropertyDescriptor(refusal, 'baseString')?.enumerable).toBe(false)
        expect(JSON.stringify(refusal)).not.toContain('oauth_nonce%3Drefused-nonce')
        expect(inspect(refusal)).not.toContain('oauth_nonce%3Drefused-nonce')
      }

      /** The client's own error for the status (or, for fetch, the response), with the refusal on it. */
      const strictly = async (signed: ContractClient, request: ContractRequest): Promise<ClientHttpError | ContractResponse> => {
        const outcome = await signed.strict(request)
        if (harness.name === 'fetch') {
          expect(outcome).toHaveProperty('response')
          return (outcome as { response: ContractResponse }).response
        }
        expect(outcome).toHaveProperty('thrown')
        const { thrown } = outcome as { thrown: unknown }
        const read = harness.httpError(thrown)
        expect(read, `${harness.name} throws its own error class`).toBeDefined()
        expect(read?.oauth).toBe(oauthRefusal(thrown))
        expect(inspect(thrown, { depth: 1 })).not.toContain('oauth_nonce%3Drefused-nonce')
        return read as ClientHttpError
      }

      test("a 401 oauth_problem=signature_invalid is the client's own error (fetch: the Response), status, response and typed details on it", async () => {
        const failed = await strictly(client({}, {}, WRONG), REFUSED)
        expect(failed.status).toBe(401)
        await checkRefusal('oauth' in failed ? (failed.oauth as OAuthRefusal) : failed.refusal)
        expect(received().map((recorded) => recorded.problem)).toEqual(['signature_invalid'])
      })

      test('where the client does not throw for the status, the response comes back, its refusal readable', async () => {
        const response = await client({}, {}, WRONG).send(REFUSED)
        expect([response.status, response.body]).toEqual([401, 'refused'])
        await checkRefusal(response.refusal)
      })

      test('the base string of a refused request shows no xAuth password', async () => {
        const form: [string, string][] = [...FORM, ['x_auth_password', 'hunter2 of the user']]
        const response = await client({}, {}, WRONG).send({ ...REFUSED, form })
        const baseString = response.refusal?.code === 'signature_invalid' ? response.refusal.baseString : undefined
        expect(baseString).toContain('x_auth_password%3D[redacted]')
        expect(baseString).not.toMatch(/hunter2/)
        expect(baseString?.replace('[redacted]', 'hunter2%2520of%2520the%2520user')).toBe(await expectedBaseString(form))
      })

      test('OAuth 2: a 401 with WWW-Authenticate: Bearer error="invalid_token" likewise, the challenge typed', async () => {
        const bearer = oauth2({
          tokenEndpoint: `${server.origin}/token`,
          clientId: 'contract-app',
          token: { access_token: 'contract-access-token', token_type: 'Bearer' },
          allowInsecureRequests: true,
        })
        const signed = harness.create(bearer, {}, { baseUrl: server.origin })
        const failed = await strictly(signed, { method: 'GET', url: '/bearer-refused' })
        const lenient = await signed.send({ method: 'GET', url: '/bearer-refused' })
        for (const refusal of ['oauth' in failed ? (failed.oauth as OAuthRefusal) : failed.refusal, lenient.refusal]) {
          expect(refusal).toMatchObject({ name: 'OAuth2Error', code: 'invalid_token', description: 'the token expired', realm: 'contract' })
          expect(refusal).not.toHaveProperty('baseString')
        }
        expect([failed.status, lenient.status]).toEqual([401, 401])
        expect(received()).toHaveLength(2) // nothing to refresh with: no replay
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

          test('with the client throwing for a status, its retry of a 503 still signs each attempt afresh', async () => {
            const outcome = await client().strict({ method: 'POST', url: '/flaky', query: [['key', 'strict']], form: FORM, retries: 2 })
            expect(outcome).toMatchObject({ response: { status: 200 } })
            expect(received()).toHaveLength(2)
            const [first, second] = received().map(verified)
            expect(second?.nonce).not.toBe(first?.nonce)
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
          if (status >= 307)
            expect([hop.method, sortedPairs(verified(hop).parameters)]).toEqual(['POST', sortedPairs([['hop', '1'], ...FORM])])
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
          if (method === 'POST') expect(sortedPairs([...new URLSearchParams((hops[0] as Received).body)])).toEqual(sortedPairs(FORM))
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
