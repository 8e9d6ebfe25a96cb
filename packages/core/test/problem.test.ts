import type { ResponseParts } from '@oauthkit/core'
import { isOAuthError, isOAuthProblem, OAuthProblemError } from '@oauthkit/core'
import { parseBearerChallenge, printableLine } from '@oauthkit/core/adapter'
import { formatAuthorizationHeader, parseOAuthProblem, readOAuthProblem } from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'
import { relativeCost } from '../../../test/fixtures/relative-cost.ts'

function parts(status: number, headers: Record<string, string>, body = ''): ResponseParts & { reads: number } {
  const response = new Response(body, { status, headers })
  const result = {
    status,
    headers: response.headers,
    reads: 0,
    text: () => {
      result.reads++
      return response.clone().text()
    },
  }
  return result
}

describe('parseOAuthProblem', () => {
  test('a WWW-Authenticate challenge: the code and every field of the extension', () => {
    const header = formatAuthorizationHeader(
      [
        ['oauth_problem', 'parameter_absent'],
        // Each name percent-encoded and joined with '&'; the header encodes the whole value once more.
        ['oauth_parameters_absent', 'oauth_nonce&x%20y&a%26b'],
        ['oauth_parameters_rejected', 'oauth_callback'],
        ['oauth_acceptable_timestamps', '1699999700-1700000300'],
        ['oauth_acceptable_versions', '1.0-1.0'],
        ['oauth_problem_advice', 'send "all" of them'],
      ],
      'Photos',
    )
    const error = parseOAuthProblem(header)
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error).toMatchObject({
      name: 'OAuthProblemError',
      code: 'parameter_absent',
      parametersAbsent: ['oauth_nonce', 'x y', 'a&b'],
      parametersRejected: ['oauth_callback'],
      acceptableTimestamps: { min: 1_699_999_700, max: 1_700_000_300 },
      acceptableVersions: { min: '1.0', max: '1.0' },
      advice: 'send "all" of them',
    })
    expect(error?.message).toBe(
      'The request was refused: oauth_problem=parameter_absent; acceptable timestamps 1699999700-1700000300; acceptable versions 1.0-1.0; absent: oauth_nonce, x y, a&b; rejected: oauth_callback; advice: send "all" of them',
    )
    expect(isOAuthError(error)).toBe(true)
  })

  test('a form-encoded body, and pairs', () => {
    const body = 'oauth_problem=timestamp_refused&oauth_acceptable_timestamps=100-200&oauth_problem_advice=check+your+clock'
    expect(parseOAuthProblem(body)).toMatchObject({
      code: 'timestamp_refused',
      acceptableTimestamps: { min: 100, max: 200 },
      advice: 'check your clock',
    })
    expect(parseOAuthProblem(new URLSearchParams(body))?.code).toBe('timestamp_refused')
    expect(parseOAuthProblem([['oauth_problem', 'nonce_used']])?.code).toBe('nonce_used')
  })

  test('the request and status of the context name the refusal, without the query', () => {
    const error = parseOAuthProblem('oauth_problem=token_expired', {
      request: { method: 'get', url: 'https://api.example.com/me?oauth_token=t&x=1' },
      status: 401,
    })
    expect(error?.message).toBe('GET https://api.example.com/me was refused: oauth_problem=token_expired (HTTP 401)')
  })

  test('the OAuth challenge among several challenges, and several header lines joined', () => {
    const header = 'Bearer realm="a", error="invalid_token", OAuth realm="b", oauth_problem="token_revoked", Basic realm="c"'
    expect(parseOAuthProblem(header)?.code).toBe('token_revoked')
    const headers = new Headers()
    headers.append('www-authenticate', 'Basic realm="x"')
    headers.append('www-authenticate', 'OAuth realm="y", oauth_problem="signature_invalid"')
    expect(parseOAuthProblem(headers.get('www-authenticate') ?? '')?.code).toBe('signature_invalid')
    // A comma inside a quoted value does not end the challenge.
    expect(parseOAuthProblem('OAuth oauth_problem_advice="a, Basic b=c", oauth_problem="nonce_used"')).toMatchObject({
      code: 'nonce_used',
      advice: 'a, Basic b=c',
    })
  })

  test('no report, another scheme, a malformed challenge, or a name outside the extension: undefined', () => {
    expect(parseOAuthProblem('')).toBeUndefined()
    expect(parseOAuthProblem('error=invalid_request')).toBeUndefined()
    expect(parseOAuthProblem('OAuth realm="x"')).toBeUndefined()
    expect(parseOAuthProblem('Bearer error="invalid_token"')).toBeUndefined()
    expect(parseOAuthProblem('OAuth oauth_problem="unterminated')).toBeUndefined()
    expect(parseOAuthProblem('oauth_problem=rate_limited')).toBeUndefined()
  })

  test('malformed details are left out, not guessed', () => {
    const error = parseOAuthProblem(
      'oauth_problem=timestamp_refused&oauth_acceptable_timestamps=200-100&oauth_acceptable_versions=1.0&oauth_parameters_absent=',
    )
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect([error?.acceptableTimestamps, error?.acceptableVersions, error?.parametersAbsent]).toEqual([undefined, undefined, undefined])
    expect(parseOAuthProblem('oauth_problem=timestamp_refused&oauth_acceptable_timestamps=abc-def')?.acceptableTimestamps).toBeUndefined()
  })

  test('an "OAuth" inside a quoted string of another challenge is not the OAuth challenge', () => {
    expect(parseOAuthProblem('Basic realm="a, OAuth x", OAuth oauth_problem="nonce_used"')?.code).toBe('nonce_used')
    expect(parseOAuthProblem('Basic realm="OAuth oauth_problem=\\"token_revoked\\""')).toBeUndefined()
    expect(parseOAuthProblem('Bearer error_description="say \\", OAuth\\" to it", OAuth oauth_problem="token_expired"')?.code).toBe(
      'token_expired',
    )
  })

  test('advice is one printable line, bounded', () => {
    const error = parseOAuthProblem(`oauth_problem=nonce_used&oauth_problem_advice=${encodeURIComponent(`a\r\nb\u0000${'x'.repeat(400)}`)}`)
    expect(error?.advice?.startsWith('a b ')).toBe(true)
    expect(error?.advice).toHaveLength(301)
    expect([...(error?.message ?? '')].some((character) => character < ' ')).toBe(false)
  })

  test('no C1 control character, bidi control or line separator of the advice reaches the error', () => {
    // CSI (U+009B) starts an escape sequence on terminals that read C1; RLO and the isolates reorder
    // what a reader sees; U+2028 breaks the line.
    const advice = 'a\u009b2Jb\u0085c\u202eevil\u202c\u2066d\u2069\u200e\u200f\u061ce\u2028f\u2029g'
    const error = parseOAuthProblem(
      `oauth_problem=nonce_used&oauth_problem_advice=${encodeURIComponent(advice)}&oauth_parameters_absent=x%C2%9By&oauth_acceptable_versions=1%C2%9B-2`,
    )
    expect(error?.advice).toBe('a 2Jb c evil d e f g')
    expect(error?.acceptableVersions).toEqual({ min: '1', max: '2' })
    expect(error?.message).not.toMatch(/[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
  })

  test('isOAuthProblem knows the names of the extension only', () => {
    expect(['user_refused', 'verifier_invalid', 'additional_authorization_required'].every(isOAuthProblem)).toBe(true)
    expect([undefined, 1, 'invalid_request', 'USER_REFUSED'].some(isOAuthProblem)).toBe(false)
  })
})

describe('one RFC 9110 challenge parser for problem reports and bearer challenges', () => {
  // Several challenges in one value, quoted strings with escaped quotes and commas, names in any case.
  const header =
    'Bearer realm="api", error="invalid_token", error_description="say \\"OAuth oauth_problem=x\\", then stop", ' +
    'OAuth Realm="Photos", OAUTH_PROBLEM="nonce_used", oauth_problem_advice="a \\"fresh\\" one, please"'

  test('each reads its own challenge of the same value, the same way', () => {
    expect(parseBearerChallenge(header)).toMatchObject({
      error: 'invalid_token',
      error_description: 'say "OAuth oauth_problem=x", then stop',
    })
    expect(parseOAuthProblem(header)).toMatchObject({ code: 'nonce_used', advice: 'a "fresh" one, please' })
  })

  test('auth-param names are case-insensitive for both (RFC 9110 11.2)', () => {
    expect(parseBearerChallenge('Bearer ERROR="insufficient_scope", Scope="a"')).toMatchObject({ error: 'insufficient_scope', scope: 'a' })
    expect(parseOAuthProblem('OAuth OAuth_Problem="token_revoked"')?.code).toBe('token_revoked')
  })
})

describe('readOAuthProblem', () => {
  test('the challenge decides and the form body completes it', async () => {
    const response = parts(
      401,
      { 'www-authenticate': 'OAuth realm="r", oauth_problem="token_rejected"', 'content-type': 'application/x-www-form-urlencoded' },
      'oauth_problem=token_rejected&oauth_problem_advice=sign+in+again',
    )
    expect(await readOAuthProblem(response, { method: 'POST', url: 'https://x.test/a' })).toMatchObject({
      code: 'token_rejected',
      advice: 'sign in again',
      message: 'POST https://x.test/a was refused: oauth_problem=token_rejected (HTTP 401); advice: sign in again',
    })
  })

  test('a body that reports another problem than the challenge adds nothing', async () => {
    const response = parts(
      401,
      { 'www-authenticate': 'OAuth oauth_problem="token_rejected"', 'content-type': 'application/x-www-form-urlencoded' },
      'oauth_problem=nonce_used&oauth_problem_advice=other',
    )
    expect(await readOAuthProblem(response)).toMatchObject({ code: 'token_rejected', advice: undefined })
  })

  test('a challenge without a problem leaves the body to report it', async () => {
    const response = parts(
      400,
      { 'www-authenticate': 'OAuth realm="r"', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      'oauth_problem=version_rejected&oauth_acceptable_versions=1.0-1.0',
    )
    expect(await readOAuthProblem(response)).toMatchObject({ code: 'version_rejected', acceptableVersions: { min: '1.0', max: '1.0' } })
  })

  test('plain text and bodies without a Content-Type are read as forms; JSON is tolerated', async () => {
    expect((await readOAuthProblem(parts(401, { 'content-type': 'text/plain' }, 'oauth_problem=nonce_used\n')))?.code).toBe('nonce_used')
    expect((await readOAuthProblem(parts(401, {}, 'oauth_problem=nonce_used')))?.code).toBe('nonce_used')
    const json = parts(
      401,
      { 'content-type': 'application/json' },
      JSON.stringify({ oauth_problem: 'token_expired', oauth_problem_advice: 'again' }),
    )
    expect(await readOAuthProblem(json)).toMatchObject({ code: 'token_expired', advice: 'again' })
    expect(await readOAuthProblem(parts(401, { 'content-type': 'application/json' }, '[1]'))).toBeUndefined()
    expect(await readOAuthProblem(parts(401, { 'content-type': 'application/json' }, '{'))).toBeUndefined()
  })

  test('an HTML body is not read at all', async () => {
    const response = parts(401, { 'content-type': 'text/html' }, '<p>oauth_problem=nonce_used</p>')
    expect(await readOAuthProblem(response)).toBeUndefined()
    expect(response.reads).toBe(0)
  })

  test('the body stays readable for the caller', async () => {
    const raw = new Response('oauth_problem=nonce_used', { status: 401, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    await readOAuthProblem({ status: raw.status, headers: raw.headers, text: () => raw.clone().text() })
    expect(await raw.text()).toBe('oauth_problem=nonce_used')
  })
})

describe('printableLine', () => {
  test('every run of control characters, bidi controls, separators and whitespace becomes one space; the ends are trimmed', () => {
    expect(printableLine('\tjane\u001b]0;pwned\u0007\r\n\u202eevil\u0000\u009b2J\u2028x ')).toBe('jane ]0;pwned evil 2J x')
    expect(printableLine('plain text, é ☃')).toBe('plain text, é ☃')
  })
})

describe('WWW-Authenticate OAuth challenges: what a hostile server can make them cost', () => {
  const LENGTH = 8000
  const sized = (prefix: string, unit: string, suffix = ''): string => {
    const middle = LENGTH - prefix.length - suffix.length
    return `${prefix}${unit.repeat(Math.ceil(middle / unit.length)).slice(0, middle)}${suffix}`
  }
  const benign = sized('OAuth realm="Photos", oauth_problem="token_expired", oauth_problem_advice="', 'sign+in+again+', '"')
  const hostile = {
    'a comma before every word': sized('OAuth oauth_problem="token_expired"', ', a b'),
    'thousands of parameters of another scheme first': sized('Basic', ', a=b', ', OAuth oauth_problem="token_expired"'),
    'thousands of commas and spaces': sized('OAuth oauth_problem=x', ', \t'),
  }

  test.each(Object.entries(hostile))('%s costs at most 10 times a benign header of the same length', async (_name, header) => {
    expect(header).toHaveLength(benign.length)
    expect(
      await relativeCost(
        () => parseOAuthProblem(header),
        () => parseOAuthProblem(benign),
      ),
    ).toBeLessThan(10)
  })

  test('a value longer than 8192 characters is not read; the body may still report', async () => {
    const header = (length: number) => `OAuth oauth_problem="token_expired", oauth_problem_advice="${'x'.repeat(length - 60)}"`
    expect(header(8192)).toHaveLength(8192)
    expect(parseOAuthProblem(header(8192))?.code).toBe('token_expired')
    expect(parseOAuthProblem(header(8193))).toBeUndefined()
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    expect(await readOAuthProblem(parts(401, { 'www-authenticate': header(8193) }))).toBeUndefined()
    expect(await readOAuthProblem(parts(401, { 'www-authenticate': header(8193), ...form }, 'oauth_problem=nonce_used'))).toMatchObject({
      code: 'nonce_used',
    })
  })

  test('an over-long value is not read as a form either, wherever its OAuth challenge is', async () => {
    // Read as a form, the advice would report `nonce_used`.
    const challenge = 'OAuth oauth_problem="token_expired", oauth_problem_advice="a&oauth_problem=nonce_used&'
    const header = (prefix: string, length: number) => `${prefix}${challenge}${'x'.repeat(length - prefix.length - challenge.length - 1)}"`
    for (const prefix of ['', 'Basic realm="api", ', 'Basic x, ']) {
      expect(header(prefix, 8192)).toHaveLength(8192)
      expect(parseOAuthProblem(header(prefix, 8192))?.code).toBe('token_expired')
      expect(parseOAuthProblem(header(prefix, 8193))).toBeUndefined()
      expect(await readOAuthProblem(parts(401, { 'www-authenticate': header(prefix, 8193) }))).toBeUndefined()
    }
    // A form body of that length is still a form.
    expect(parseOAuthProblem(`oauth_problem=nonce_used&oauth_problem_advice=${'x'.repeat(9000)}`)?.code).toBe('nonce_used')
  })
})
