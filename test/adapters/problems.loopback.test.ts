// OAuth Problem Reporting and the opt-in clock-skew correction through every adapter, against a
// loopback server that verifies with the core's verifyOAuth1 on a fixed clock and reports its
// refusals the way the path asks: `/header/…` in the WWW-Authenticate challenge, `/body/…` in a
// form-encoded body, `/dated/…` with no report but the server's Date header. `/…/echo-WHAT-ENCODING`
// refuses with the advice echoing what it received (the Authorization header, the PLAINTEXT
// signature, or the secrets it knows), written as ENCODING.
import { createServer } from 'node:http'
import type { OAuth1Options, OAuthProblemError, OAuthRefusal, RequestOAuthOptions } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, verifyOAuth1 } from '@oauthkit/core'
import { formatAuthorizationHeader, parseAuthorizationHeader, parseForm, percentEncode } from '@oauthkit/core/oauth1'
import { countedSigner, listenOnLoopback, NOW_SECONDS } from '@oauthkit/test-support'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { EchoEncoding } from '../fixtures/echoed-secrets.ts'
import { ECHO_ENCODINGS, shownSecrets } from '../fixtures/echoed-secrets.ts'
import { harnesses } from './harness/index.ts'
import type { ContractResponse } from './harness/types.ts'

const NOW = NOW_SECONDS
const WINDOW = 300
const SKEW = 3_600
const CONSUMER = { key: 'problem-consumer', secret: 'problem consumer secret' }
const TOKEN = { token: 'problem-token', secret: 'problem/token+secret' }
/** A token secret given for one request only (`oauth: { token, tokenSecret }`). */
const PER_REQUEST = { token: 'per-request-token', secret: 'per request/secret+1' }
const FORM: [string, string][] = [
  ['status', 'Hello Ladies + Gentlemen!'],
  ['n', '0'],
]
/** A complete report: every field of the extension, names that need encoding included. */
const FULL_REPORT: [string, string][] = [
  ['oauth_problem', 'parameter_rejected'],
  ['oauth_parameters_rejected', 'oauth_nonce&x%20y&a%26b'],
  ['oauth_parameters_absent', 'oauth_verifier'],
  ['oauth_acceptable_versions', '1.0-1.0'],
  ['oauth_acceptable_timestamps', `${NOW - WINDOW}-${NOW + WINDOW}`],
  ['oauth_problem_advice', 'drop them, then try again'],
]

interface Received {
  path: string
  timestamp: string | undefined
  verified: boolean
}

const received: Received[] = []
let origin = ''
let close: () => Promise<void>

function report(
  mode: string,
  status: number,
  fields: [string, string][],
): { status: number; headers: Record<string, string>; body: string } {
  if (mode === 'header') {
    return {
      status,
      headers: { 'www-authenticate': formatAuthorizationHeader(fields, 'loopback'), 'content-type': 'application/json' },
      body: '{}',
    }
  }
  const body = new URLSearchParams(fields).toString()
  return { status, headers: { 'www-authenticate': 'OAuth realm="loopback"', 'content-type': 'application/x-www-form-urlencoded' }, body }
}

async function answer(method: string, url: URL, headers: Headers, body: string) {
  const [, mode = '', route = ''] = url.pathname.split('/')
  const formBody = /x-www-form-urlencoded/i.test(headers.get('content-type') ?? '') ? body : ''
  const sent = new Map([...parseForm(url.search.slice(1)), ...parseForm(formBody)])
  const timestamp = /oauth_timestamp="(\d+)"/.exec(headers.get('authorization') ?? '')?.[1] ?? sent.get('oauth_timestamp')
  const entry: Received = { path: url.pathname, timestamp, verified: false }
  received.push(entry)
  // The first three `held-*` requests are answered together: all three are signed before any answer.
  if (route.startsWith('held-') && held.arrived < 3) {
    held.arrived++
    if (held.arrived === 3) held.release()
    await held.all
  }
  if (route.startsWith('echo-')) {
    const [, what, encoding] = route.split('-') as [string, 'header' | 'signature' | 'secrets', EchoEncoding]
    const authorization = headers.get('authorization') ?? ''
    const signature = parseAuthorizationHeader(authorization)?.parameters.find(([name]) => name === 'oauth_signature')?.[1] ?? ''
    const echoed = { header: authorization, signature, secrets: `${CONSUMER.secret} and ${TOKEN.secret}` }[what]
    const text = ECHO_ENCODINGS[encoding](echoed)
    return report(mode, 401, [
      ['oauth_problem', 'signature_invalid'],
      ['oauth_problem_advice', `you sent ${text}`],
      ['oauth_parameters_rejected', encodeURIComponent(text)],
      ['oauth_acceptable_versions', `${text}-1.0`],
    ])
  }
  if (route === 'reported') return report(mode, 400, FULL_REPORT)
  if (route === 'unknown-problem') return report(mode, 401, [['oauth_problem', 'rate_limited']])
  if (route === 'forbidden') return report(mode, 403, [['oauth_problem', 'permission_denied']])
  if (route === 'always-refused')
    return report(mode, 401, [
      ['oauth_problem', 'timestamp_refused'],
      ['oauth_acceptable_timestamps', `${NOW - WINDOW}-${NOW + WINDOW}`],
    ])
  try {
    await verifyOAuth1(
      { method, url, headers, body },
      {
        lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
        lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
        nonceStore,
        now: () => NOW * 1000,
        timestampWindowSeconds: WINDOW,
      },
    )
  } catch (error) {
    if (!isOAuthError(error)) throw error
    if (mode === 'dated') return { status: 401, headers: { date: new Date(NOW * 1000).toUTCString() }, body: '' }
    const problem = error as OAuthProblemError
    const fields: [string, string][] = [['oauth_problem', problem.code]]
    if (problem.acceptableTimestamps)
      fields.push(['oauth_acceptable_timestamps', `${problem.acceptableTimestamps.min}-${problem.acceptableTimestamps.max}`])
    return report(mode, 401, fields)
  }
  entry.verified = true
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: true, form: formBody }) }
}

let nonceStore = new MemoryNonceStore({ now: () => NOW * 1000 })

function barrier(): { arrived: number; all: Promise<void>; release: () => void } {
  let release = (): void => {}
  const all = new Promise<void>((resolve) => {
    release = resolve
  })
  return { arrived: 0, all, release }
}
let held = barrier()

beforeAll(async () => {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) for (const item of [value ?? ''].flat()) headers.append(name, item)
    const url = new URL(request.url ?? '/', origin)
    const result = await answer(request.method ?? 'GET', url, headers, Buffer.concat(chunks).toString('utf8'))
    // No Date header of the real clock: only the `dated` routes send one, of the fixed clock.
    response.sendDate = false
    response.writeHead(result.status, result.headers)
    response.end(result.body)
  })
  ;({ origin, close } = await listenOnLoopback(server))
})
afterAll(async () => {
  await close()
})
beforeEach(() => {
  received.length = 0
  held = barrier()
  nonceStore = new MemoryNonceStore({ now: () => NOW * 1000 })
})

const signer = (options: Partial<OAuth1Options> = {}) => countedSigner({ consumer: CONSUMER, token: TOKEN }, options)

/**
 * The refusal of a refused call: the harnesses hand every status back as a response (axios with
 * `validateStatus`, ky and got without `throwHttpErrors`), its OAuth details read by `oauthRefusal`.
 */
async function refusal(promise: Promise<ContractResponse>): Promise<OAuthRefusal | undefined> {
  const response = await promise
  expect(response.status === 400 || response.status === 401).toBe(true)
  return response.refusal
}

const timestamps = (): (string | undefined)[] => received.map((entry) => entry.timestamp)

for (const harness of harnesses) {
  describe(`${harness.name}: problem reports`, () => {
    test.each(['header', 'body'])('a refusal reported in the %s comes back with the typed problem', async (mode) => {
      const client = harness.create(signer({ consumerSecret: 'not the consumer secret' }), {}, { baseUrl: origin })
      const error = await refusal(client.send({ method: 'POST', url: `/${mode}/things`, form: FORM }))
      expect(error).toMatchObject({ name: 'OAuthProblemError', code: 'signature_invalid' })
      expect((error as Error).message).toContain(`POST ${origin}/${mode}/things was refused: oauth_problem=signature_invalid (HTTP 401)`)
      expect((error as Error).message).not.toContain('not the consumer secret')
      expect(received).toHaveLength(1)
    })

    test.each(['header', 'body'])('every field of a report in the %s reaches the error', async (mode) => {
      const error = await refusal(harness.create(signer(), {}, { baseUrl: origin }).send({ method: 'GET', url: `/${mode}/reported` }))
      expect(error).toMatchObject({
        code: 'parameter_rejected',
        parametersRejected: ['oauth_nonce', 'x y', 'a&b'],
        parametersAbsent: ['oauth_verifier'],
        acceptableVersions: { min: '1.0', max: '1.0' },
        acceptableTimestamps: { min: NOW - WINDOW, max: NOW + WINDOW },
        advice: 'drop them, then try again',
      })
    })

    test.each(['header', 'body'])(
      'PLAINTEXT: a report in the %s echoing the Authorization header, the signature or the secrets, in any encoding, shows no secret in the error',
      async (mode) => {
        const client = harness.create(signer({ signatureMethod: 'PLAINTEXT' }), {}, { baseUrl: origin })
        const signature = `${percentEncode(CONSUMER.secret)}&${percentEncode(TOKEN.secret)}`
        for (const what of ['header', 'signature', 'secrets']) {
          for (const encoding of Object.keys(ECHO_ENCODINGS)) {
            const error = await refusal(client.send({ method: 'GET', url: `/${mode}/echo-${what}-${encoding}` }))
            expect(error).toMatchObject({ name: 'OAuthProblemError', code: 'signature_invalid' })
            expect((error as OAuthProblemError).advice).toMatch(/^you sent /)
            expect({ what, encoding, shown: shownSecrets(error, [CONSUMER.secret, TOKEN.secret, signature]) }).toEqual({
              what,
              encoding,
              shown: [],
            })
          }
        }
      },
    )

    test('PLAINTEXT: a token secret given for one request is redacted from its error too', async () => {
      const client = harness.create(
        signer({ signatureMethod: 'PLAINTEXT', token: undefined, tokenSecret: undefined }),
        {},
        { baseUrl: origin },
      )
      const oauth = { token: PER_REQUEST.token, tokenSecret: PER_REQUEST.secret } as RequestOAuthOptions
      for (const what of ['header', 'signature']) {
        const error = await refusal(client.send({ method: 'GET', url: `/header/echo-${what}-raw`, oauth }))
        expect(error).toMatchObject({ code: 'signature_invalid' })
        expect(shownSecrets(error, [CONSUMER.secret, PER_REQUEST.secret])).toEqual([])
      }
    })

    test('the base string of a refusal, a non-enumerable property, shows no secret: not even one the request carried', async () => {
      const client = harness.create(signer({ consumerSecret: 'not the consumer secret' }), {}, { baseUrl: origin })
      const query: [string, string][] = [['note', `not the consumer secret and ${TOKEN.secret}`]]
      const found = await refusal(client.send({ method: 'GET', url: '/header/things', query }))
      const baseString = found?.code === 'signature_invalid' ? found.baseString : undefined
      expect(baseString?.startsWith(`GET&${encodeURIComponent(`${origin}/header/things`)}&`)).toBe(true)
      expect(baseString).toContain('note%3D[redacted]%2520and%2520[redacted]')
      expect(shownSecrets(found, ['not the consumer secret', TOKEN.secret])).toEqual([])
      expect(Object.keys(found ?? {})).not.toContain('baseString')
    })

    test('a problem name outside the extension, a 403, and an unsigned call pass through as responses', async () => {
      const client = harness.create(signer(), {}, { baseUrl: origin })
      expect((await client.send({ method: 'GET', url: '/header/unknown-problem' })).status).toBe(401)
      expect((await client.send({ method: 'GET', url: '/body/forbidden' })).status).toBe(403)
      expect((await client.send({ method: 'GET', url: '/header/reported', oauth: false })).status).toBe(400)
    })
  })

  describe(`${harness.name}: clock skew`, () => {
    const behind = { timestamp: undefined, now: () => (NOW - SKEW) * 1000 }

    test('without the option a clock an hour behind is a typed timestamp_refused, sent once', async () => {
      const error = await refusal(
        harness.create(signer(behind), {}, { baseUrl: origin }).send({ method: 'POST', url: '/header/things', form: FORM }),
      )
      expect(error).toMatchObject({ code: 'timestamp_refused', acceptableTimestamps: { min: NOW - WINDOW, max: NOW + WINDOW } })
      expect(timestamps()).toEqual([String(NOW - SKEW)])
    })

    test.each(['header', 'body'])(
      'correctClockSkew: timestamp_refused with a range in the %s is corrected on the one retry, body intact',
      async (mode) => {
        const auth = signer({ ...behind, correctClockSkew: true })
        const client = harness.create(auth, {}, { baseUrl: origin })
        const response = await client.send({ method: 'POST', url: `/${mode}/things`, form: FORM })
        expect(response.status).toBe(200)
        expect(JSON.parse(response.body).form).toBe(new URLSearchParams(FORM).toString())
        expect(timestamps()).toEqual([String(NOW - SKEW), String(NOW)])
        expect(received.map((entry) => entry.verified)).toEqual([false, true])
        expect(auth.clockOffset).toBe(SKEW)
        // The next call starts with the corrected clock.
        await client.send({ method: 'GET', url: `/${mode}/other` })
        expect(timestamps()).toEqual([String(NOW - SKEW), String(NOW), String(NOW)])
      },
    )

    test("correctClockSkew: a refusal without a report is corrected from the server's Date", async () => {
      const auth = signer({ ...behind, correctClockSkew: true })
      const response = await harness.create(auth, {}, { baseUrl: origin }).send({ method: 'GET', url: '/dated/things' })
      expect(response.status).toBe(200)
      expect(timestamps()).toEqual([String(NOW - SKEW), String(NOW)])
    })

    test('correctClockSkew: a refusal the correction does not cure is typed after the one retry, never a loop', async () => {
      const error = await refusal(
        harness
          .create(signer({ ...behind, correctClockSkew: true }), {}, { baseUrl: origin })
          .send({ method: 'GET', url: '/header/always-refused' }),
      )
      expect(error).toMatchObject({ code: 'timestamp_refused' })
      expect(timestamps()).toEqual([String(NOW - SKEW), String(NOW)])
    })

    test('correctClockSkew: calls in flight when the clock is corrected are each replayed once', async () => {
      const client = harness.create(signer({ ...behind, correctClockSkew: true }), {}, { baseUrl: origin })
      const calls = await Promise.allSettled(['a', 'b', 'c'].map((name) => client.send({ method: 'GET', url: `/header/held-${name}` })))
      expect(calls.map((call) => (call.status === 'fulfilled' ? call.value.status : call.reason))).toEqual([200, 200, 200])
      expect(received.filter((entry) => entry.verified).map((entry) => entry.timestamp)).toEqual([String(NOW), String(NOW), String(NOW)])
      expect(received).toHaveLength(6)
    })
  })
}
