import { oauth2 } from '@oauthkit/core'
import { parseBearerChallenge } from '@oauthkit/core/adapter'
import { describe, expect, test } from 'vitest'
import { relativeCost } from '../../../../test/fixtures/relative-cost.ts'

/** `prefix`, then `unit` repeated, then `suffix`: exactly `length` characters. */
function sized(length: number, prefix: string, unit: string, suffix = ''): string {
  const middle = length - prefix.length - suffix.length
  return `${prefix}${unit.repeat(Math.ceil(middle / unit.length)).slice(0, middle)}${suffix}`
}

describe('WWW-Authenticate: Bearer (RFC 6750 3)', () => {
  test.each([
    ['Bearer realm="example"', { realm: 'example' }],
    [
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' },
    ],
    // @node-oauth/oauth2-server writes no space after the comma.
    ['Bearer realm="Service",error="invalid_token"', { realm: 'Service', error: 'invalid_token' }],
    [
      'bearer error=insufficient_scope, scope="photos:read photos:write"',
      { error: 'insufficient_scope', scope: 'photos:read photos:write' },
    ],
    ['Bearer error="invalid_request", error_uri="https://as/e?a=1,b=2"', { error: 'invalid_request', error_uri: 'https://as/e?a=1,b=2' }],
    ['Bearer realm="say \\"hi\\", ok", error = "invalid_token"', { realm: 'say "hi", ok', error: 'invalid_token' }],
    // Several challenges: the Bearer one is found after a token68 and after auth-params.
    ['Negotiate abc123==, Basic realm="x", Bearer realm="api", error="invalid_token"', { realm: 'api', error: 'invalid_token' }],
    ['DPoP algs="ES256", Bearer scope="a"', { scope: 'a' }],
  ])('%s', (header, expected) => {
    expect(parseBearerChallenge(header)).toMatchObject(expected)
  })

  test('no Bearer challenge, or no header, is undefined', () => {
    expect(parseBearerChallenge('Basic realm="Bearer error=invalid_token"')).toBeUndefined()
    expect(parseBearerChallenge('OAuth oauth_problem="token_expired"')).toBeUndefined()
    expect(parseBearerChallenge('')).toBeUndefined()
    expect(parseBearerChallenge(null)).toBeUndefined()
  })

  test('parameters by lowercase name, the bare scheme too', () => {
    expect(parseBearerChallenge('Bearer Realm="r", ERROR="invalid_token"')?.params).toEqual({ realm: 'r', error: 'invalid_token' })
    expect(parseBearerChallenge('Bearer')?.params).toEqual({})
  })
})

describe('WWW-Authenticate: what a hostile server can make it cost', () => {
  const LENGTH = 8000
  // The cheapest header to scan, and a real one: a long quoted description.
  // A challenge of many parameters: per character the same kind of work as the hostile headers, so
  // that a linear scan stays near 1x and only a quadratic one nears the bound (a long quoted string,
  // scanned at once, made the ratio 5-9x on a quiet machine and past 10x on a busy one).
  const parameters = 'Bearer realm="api", error="invalid_token"'
  const benign = `${parameters}${', scope="read"'.repeat(Math.floor((LENGTH - parameters.length) / 14))}`.padEnd(LENGTH, ' ')
  const hostile = {
    // The report of issue 12: a token68 that fails at its end was tried again from each `b`.
    'a token68 that fails at its end': sized(LENGTH, 'Bearer ', 'b/', '!'),
    'the same before the Bearer challenge': sized(LENGTH, 'X ', 'b/', '!, Bearer error="invalid_token"'),
    'thousands of one-letter schemes': sized(LENGTH, 'X ', 'a a '),
    'thousands of parameters': sized(LENGTH, 'X ', 'a=b='),
    'an unterminated quoted string': sized(LENGTH, 'Bearer error="', 'a\\"'),
  }

  test.each(Object.entries(hostile))(
    '%s costs at most 10 times a benign header of the same length (the quadratic scan: thousands of times)',
    async (_name, header) => {
      expect(header).toHaveLength(benign.length)
      expect(parseBearerChallenge(benign)?.error).toBe('invalid_token')
      // A header of one-letter tokens is a decision per character or two, a quoted string a comparison:
      // a few times more per character by nature, not more with the length.
      expect(
        await relativeCost(
          () => parseBearerChallenge(header),
          () => parseBearerChallenge(benign),
        ),
      ).toBeLessThan(10)
    },
    60_000,
  )

  test('a value longer than 8192 characters is not read: no challenge, so no typed error and no renewal', async () => {
    const header = (length: number, error = 'invalid_token') => sized(length, `Bearer error="${error}", error_description="`, 'x', '"')
    expect(parseBearerChallenge(header(8192))).toMatchObject({ error: 'invalid_token' })
    expect(parseBearerChallenge(header(8193))).toBeUndefined()
    expect(parseBearerChallenge(`${header(8192)} `)).toBeUndefined()
    const auth = oauth2({
      tokenEndpoint: 'https://as.example.com/token',
      clientId: 'app',
      token: { access_token: 'at-1', token_type: 'Bearer' },
    })
    const request = { method: 'GET', url: 'https://api.example.com/me', headers: { authorization: 'Bearer at-1' } }
    const refused = (value: string) => {
      const response = new Response(null, { status: 403, headers: { 'www-authenticate': value } })
      return auth.onResponse?.({ status: 403, headers: response.headers, text: () => response.clone().text() }, request)
    }
    await expect(refused(header(8192, 'insufficient_scope'))).rejects.toMatchObject({ code: 'insufficient_scope' })
    await expect(refused(header(8193, 'insufficient_scope'))).resolves.toBeUndefined()
  })
})
