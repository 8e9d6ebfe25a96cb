import { isOAuthError, OAuthError, OAuthProblemError } from '@oauthkit/core'
import { formatAuthorizationHeader, parseAuthorizationHeader, timingSafeEqual } from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'

describe('Authorization header', () => {
  test('values are percent-encoded per parameter, realm quoted and first', () => {
    expect(
      formatAuthorizationHeader(
        [
          ['oauth_consumer_key', 'a b'],
          ['oauth_signature', 'x/y+z='],
        ],
        'R "1"',
      ),
    ).toBe('OAuth realm="R \\"1\\"", oauth_consumer_key="a%20b", oauth_signature="x%2Fy%2Bz%3D"')
  })

  test('parses what it formats, tolerating spacing, case and empty list items', () => {
    const parsed = parseAuthorizationHeader('oauth   realm="R \\"1\\"" ,oauth_consumer_key="a%20b",, oauth_signature = "x%2Fy%2Bz%3D"\t')
    expect(parsed).toEqual({
      realm: 'R "1"',
      parameters: [
        ['oauth_consumer_key', 'a b'],
        ['oauth_signature', 'x/y+z='],
      ],
    })
  })

  test('another scheme is not ours', () => {
    expect(parseAuthorizationHeader('Bearer abc')).toBeUndefined()
    expect(parseAuthorizationHeader('OAuthX a="b"')).toBeUndefined()
  })

  test.each([
    'OAuth oauth_nonce',
    'OAuth oauth_nonce="a',
    'OAuth oauth_nonce="a" oauth_token="b"',
    'OAuth oauth_nonce="%E2%82"',
    'OAuth ="a"',
  ])('malformed: %s', (header) => {
    expect(() => parseAuthorizationHeader(header)).toThrow(expect.objectContaining({ code: 'parameter_rejected' }))
  })
})

describe('errors', () => {
  test('one base class with a stable code and a cause', () => {
    const cause = new Error('inner')
    const error = new OAuthError('key_invalid', 'bad key', { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('OAuthError')
    expect(error.cause).toBe(cause)
    const problem = new OAuthProblemError('nonce_used', 'replayed', { advice: 'sign again' })
    expect(problem).toBeInstanceOf(OAuthError)
    expect(problem.name).toBe('OAuthProblemError')
    expect(problem.advice).toBe('sign again')
  })

  test('isOAuthError also recognises errors from another copy of the library', () => {
    const foreign = Object.assign(new Error('x'), { name: 'OAuthProblemError', code: 'nonce_used' })
    expect(isOAuthError(foreign)).toBe(true)
    expect(isOAuthError(Object.assign(new Error('x'), { code: 'nonce_used' }))).toBe(false)
    expect(isOAuthError('OAuthError')).toBe(false)
    expect(isOAuthError(null)).toBe(false)
  })
})

describe('timingSafeEqual', () => {
  test('compares content and length', () => {
    expect(timingSafeEqual('', '')).toBe(true)
    expect(timingSafeEqual('abc', 'abc')).toBe(true)
    expect(timingSafeEqual('abc', 'abd')).toBe(false)
    expect(timingSafeEqual('abc', 'abcd')).toBe(false)
    expect(timingSafeEqual('abcd', 'abc')).toBe(false)
    expect(timingSafeEqual('☃', '☄')).toBe(false)
  })

  test('two different lone surrogates are different strings (in UTF-8 both would be U+FFFD)', () => {
    expect(timingSafeEqual('a\ud800', 'a\udc00')).toBe(false)
    expect(timingSafeEqual('\ud800', '\ufffd')).toBe(false)
  })
})
