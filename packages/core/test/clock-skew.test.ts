import type { OAuth1Options, ResponseParts } from '@oauthkit/core'
import { OAuthError, OAuthProblemError, oauth1 } from '@oauthkit/core'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { failure } from '../../../test/fixtures/failure.ts'

const NOW = 1_700_000_000
const REQUEST = { method: 'GET', url: 'https://api.example.com/me' }

function response(status: number, headers: Record<string, string> = {}, body = ''): ResponseParts {
  const raw = new Response(body, { status, headers })
  return { status, headers: raw.headers, text: () => raw.clone().text() }
}

const refused = (min: number, max: number): ResponseParts =>
  response(401, { 'www-authenticate': `OAuth oauth_problem="timestamp_refused", oauth_acceptable_timestamps="${min}-${max}"` })
const dated = (seconds: number, status = 401): ResponseParts => response(status, { date: new Date(seconds * 1000).toUTCString() })

function signer(options: Partial<OAuth1Options> = {}) {
  return oauth1({ consumerKey: 'key', consumerSecret: 'secret', nonce: 'n', ...options })
}

async function timestampOf(auth: ReturnType<typeof signer>, request = REQUEST): Promise<string | undefined> {
  const signed = await auth.sign(request)
  return signed.oauth.parameters.find(([name]) => name === 'oauth_timestamp')?.[1]
}

afterEach(() => {
  vi.useRealTimers()
})

describe('without correctClockSkew', () => {
  test('a timestamp_refused report is thrown as is and the clock stays', async () => {
    const auth = signer({ timestamp: NOW - 3600 })
    await auth.sign(REQUEST)
    const error = await failure(auth.onResponse(refused(NOW - 300, NOW + 300), REQUEST))
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({ code: 'timestamp_refused', acceptableTimestamps: { min: NOW - 300, max: NOW + 300 } })
    expect(auth.clockOffset).toBe(0)
    expect(await timestampOf(auth)).toBe(String(NOW - 3600))
    // A far Date changes nothing either.
    expect(await auth.onResponse(dated(NOW), REQUEST)).toBeUndefined()
  })

  test('only 400 and 401 are reviewed; other statuses pass even with a report', async () => {
    const auth = signer()
    const body = { 'content-type': 'application/x-www-form-urlencoded' }
    await expect(auth.onResponse(response(400, body, 'oauth_problem=parameter_absent'), REQUEST)).rejects.toMatchObject({
      code: 'parameter_absent',
    })
    for (const status of [200, 302, 403, 500])
      expect(await auth.onResponse(response(status, body, 'oauth_problem=token_rejected'), REQUEST)).toBeUndefined()
    expect(await auth.onResponse(response(401), REQUEST)).toBeUndefined()
  })
})

describe('correctClockSkew', () => {
  test('a range moves the clock to its middle and asks for the one replay', async () => {
    let reads = 0
    const auth = signer({
      now: () => {
        reads++
        return (NOW - 3600) * 1000
      },
      correctClockSkew: true,
    })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(refused(NOW - 300, NOW + 301), REQUEST)).toBe('retry')
    expect(reads).toBe(2)
    expect(auth.clockOffset).toBe(3600)
    expect(await timestampOf(auth)).toBe(String(NOW))
  })

  test('a clock ahead is moved back', async () => {
    const auth = signer({ timestamp: NOW + 900, correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(refused(NOW - 60, NOW + 60), REQUEST)).toBe('retry')
    expect(auth.clockOffset).toBe(-900)
    expect(await timestampOf(auth)).toBe(String(NOW))
  })

  test('the default clock is shifted too', async () => {
    vi.useFakeTimers({ now: (NOW - 7200) * 1000 + 400, toFake: ['Date'] })
    const auth = signer({ correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(refused(NOW - 300, NOW + 300), REQUEST)).toBe('retry')
    expect(await timestampOf(auth)).toBe(String(NOW))
  })

  test('a string timestamp is shifted; a per-request timestamp is taken as given', async () => {
    const auth = signer({ timestamp: String(NOW - 100), correctClockSkew: true })
    await auth.sign(REQUEST)
    await auth.onResponse(refused(NOW - 10, NOW + 10), REQUEST)
    expect(await timestampOf(auth)).toBe(String(NOW))
    const explicit = await auth.sign(REQUEST, { timestamp: 123 })
    expect(explicit.oauth.parameters.find(([name]) => name === 'oauth_timestamp')?.[1]).toBe('123')
  })

  test('without a range, a Date further than the threshold moves the clock to it', async () => {
    const auth = signer({ timestamp: NOW - 31, correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(dated(NOW), REQUEST)).toBe('retry')
    expect(await timestampOf(auth)).toBe(String(NOW))
    // Also with a timestamp_refused report that has no range.
    const other = signer({ timestamp: NOW - 100, correctClockSkew: true })
    await other.sign(REQUEST)
    expect(
      await other.onResponse(
        response(401, { 'www-authenticate': 'OAuth oauth_problem="timestamp_refused"', date: new Date(NOW * 1000).toUTCString() }),
        REQUEST,
      ),
    ).toBe('retry')
  })

  test('a Date within the threshold (30 s by default, or as set) is not skew', async () => {
    const auth = signer({ timestamp: NOW - 30, correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(dated(NOW), REQUEST)).toBeUndefined()
    expect(auth.clockOffset).toBe(0)

    const strict = signer({ timestamp: NOW - 6, correctClockSkew: { dateThresholdSeconds: 5 } })
    await strict.sign(REQUEST)
    expect(await strict.onResponse(dated(NOW), REQUEST)).toBe('retry')
    const lax = signer({ timestamp: NOW - 100, correctClockSkew: { dateThresholdSeconds: 120 } })
    await lax.sign(REQUEST)
    expect(await lax.onResponse(dated(NOW), REQUEST)).toBeUndefined()
  })

  test("a successful response's Date never moves the clock: a cache may have served it", async () => {
    const auth = signer({ timestamp: NOW - 3600, correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(dated(NOW, 200), REQUEST)).toBeUndefined()
    expect(auth.clockOffset).toBe(0)
  })

  test('a refusal of a request signed with the corrected clock is thrown, not replayed again', async () => {
    const auth = signer({ timestamp: NOW - 3600, correctClockSkew: true })
    await auth.sign(REQUEST)
    expect(await auth.onResponse(refused(NOW - 300, NOW + 300), REQUEST)).toBe('retry')
    await auth.sign(REQUEST)
    await expect(auth.onResponse(refused(NOW - 300, NOW + 300), REQUEST)).rejects.toMatchObject({ code: 'timestamp_refused' })
    // A request signed before the correction (another call in flight) gets its replay.
    const other = { method: 'POST', url: 'https://api.example.com/other?x=1' }
    const fresh = signer({ timestamp: NOW - 3600, correctClockSkew: true })
    await fresh.sign(REQUEST)
    await fresh.sign(other)
    expect(await fresh.onResponse(refused(NOW - 300, NOW + 300), REQUEST)).toBe('retry')
    expect(await fresh.onResponse(refused(NOW - 300, NOW + 300), { ...other, url: 'https://api.example.com/other?oauth_nonce=n' })).toBe(
      'retry',
    )
  })

  test('other problems are thrown even with the correction on; the clock stays', async () => {
    const auth = signer({ timestamp: NOW - 3600, correctClockSkew: true })
    await auth.sign(REQUEST)
    const headers = { 'www-authenticate': 'OAuth oauth_problem="signature_invalid"', date: new Date(NOW * 1000).toUTCString() }
    await expect(auth.onResponse(response(401, headers), REQUEST)).rejects.toMatchObject({ code: 'signature_invalid' })
    expect(auth.clockOffset).toBe(0)
  })

  test('signers made with with() share the correction', async () => {
    const consumer = signer({ timestamp: NOW - 3600, correctClockSkew: true })
    const user = consumer.with({ token: 'token', tokenSecret: 'token-secret' })
    await user.sign(REQUEST)
    expect(await user.onResponse(refused(NOW - 300, NOW + 300), REQUEST)).toBe('retry')
    expect([consumer.clockOffset, user.clockOffset, user.with({ realm: 'r' }).clockOffset]).toEqual([3600, 3600, 3600])
    expect(await timestampOf(consumer)).toBe(String(NOW))
    expect(consumer.with({ correctClockSkew: false }).clockOffset).toBe(0)
  })

  test('invalid options are refused', () => {
    for (const correctClockSkew of [
      'yes',
      1,
      null,
      { dateThresholdSeconds: -1 },
      { dateThresholdSeconds: Number.NaN },
      { dateThresholdSeconds: '5' },
    ]) {
      expect(() => signer({ correctClockSkew: correctClockSkew as never })).toThrow(OAuthError)
    }
  })
})
