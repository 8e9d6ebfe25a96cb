import { parseBearerChallenge } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'

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
