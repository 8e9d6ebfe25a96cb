import { isOAuthError, OAuth2Error, oauth2, parseAuthorizationResponse, type TokenSet, tokenFromFragment } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { manualClock } from './helpers.ts'

const STATE = 'Uo9-_state_from_the_request'

function refused(run: () => unknown): OAuth2Error {
  try {
    run()
  } catch (error) {
    if (error instanceof OAuth2Error) return error
    throw error
  }
  throw new Error('expected an OAuth2Error')
}

describe('authorization response (RFC 6749 4.1.2)', () => {
  test('gives the code and state of the callback URL, its query or its parameters', () => {
    const url = `https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=${STATE}&iss=https%3A%2F%2Fas.example.com`
    const response = parseAuthorizationResponse(url, { state: STATE, issuer: 'https://as.example.com' })
    expect(response).toMatchObject({ code: 'SplxlOBeZQQYbYS6WxSbIA', state: STATE, iss: 'https://as.example.com' })
    expect(parseAuthorizationResponse(new URL(url), { state: STATE }).code).toBe('SplxlOBeZQQYbYS6WxSbIA')
    expect(parseAuthorizationResponse(new URLSearchParams({ code: 'c', state: STATE }), { state: STATE }).code).toBe('c')
    expect(parseAuthorizationResponse(`/cb?code=c&state=${STATE}`, { state: STATE }).code).toBe('c')
  })

  test('a missing or different state is state_mismatch, before anything else in the response is read', () => {
    expect(refused(() => parseAuthorizationResponse('https://app/cb?code=c', { state: STATE })).code).toBe('state_mismatch')
    expect(refused(() => parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}x`, { state: STATE })).code).toBe('state_mismatch')
    expect(refused(() => parseAuthorizationResponse('https://app/cb?code=c&state=', { state: STATE })).code).toBe('state_mismatch')
    // A forged error response without the state is refused as such, not reported as the error.
    expect(refused(() => parseAuthorizationResponse('https://app/cb?error=access_denied', { state: STATE })).code).toBe('state_mismatch')
    // Without an expected state nothing is accepted.
    expect(refused(() => parseAuthorizationResponse('https://app/cb?code=c&state=', { state: '' })).code).toBe('state_mismatch')
  })

  test('an error response (4.1.2.1) is a typed error with its description and URI', () => {
    const error = refused(() =>
      parseAuthorizationResponse(
        `https://app/cb?error=access_denied&error_description=The+user+said+no&error_uri=https%3A%2F%2Fas%2Fdoc&state=${STATE}`,
        { state: STATE },
      ),
    )
    expect(error).toMatchObject({
      name: 'OAuth2Error',
      code: 'access_denied',
      error: 'access_denied',
      description: 'The user said no',
      uri: 'https://as/doc',
    })
    expect(isOAuthError(error)).toBe(true)
    expect(error.message).toBe('Authorization response: access_denied — The user said no')
    for (const code of [
      'invalid_request',
      'unauthorized_client',
      'unsupported_response_type',
      'invalid_scope',
      'server_error',
      'temporarily_unavailable',
    ]) {
      expect(refused(() => parseAuthorizationResponse(`https://app/cb?error=${code}&state=${STATE}`, { state: STATE })).code).toBe(code)
    }
    const unknown = refused(() => parseAuthorizationResponse(`https://app/cb?error=login_required&state=${STATE}`, { state: STATE }))
    expect(unknown).toMatchObject({ code: 'unrecognized_error', error: 'login_required' })
  })

  test('no code is invalid_response; an iss other than the expected issuer (RFC 9207) too', () => {
    expect(refused(() => parseAuthorizationResponse(`https://app/cb?state=${STATE}`, { state: STATE })).code).toBe('invalid_response')
    expect(
      refused(() =>
        parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}&iss=https://evil`, { state: STATE, issuer: 'https://as' }),
      ).code,
    ).toBe('invalid_response')
  })

  test('requireIssuer (RFC 9207 2.4): a response without iss is refused; with the expected one it passes', () => {
    const expected = { state: STATE, issuer: 'https://as', requireIssuer: true }
    const missing = refused(() => parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}`, expected))
    expect(missing).toMatchObject({ code: 'invalid_response', message: 'Authorization response: no iss parameter (RFC 9207)' })
    expect(parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}&iss=https://as`, expected).code).toBe('c')
    // Without it, a response without iss passes, as RFC 9207 has it for servers that do not send one.
    expect(parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}`, { state: STATE, issuer: 'https://as' }).code).toBe('c')
    expect(() => parseAuthorizationResponse(`https://app/cb?code=c&state=${STATE}`, { state: STATE, requireIssuer: true })).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    )
  })
})

describe('token from a fragment (implicit grant, RFC 6749 4.2.2)', () => {
  test('reads the token of the fragment, expires_in counted from the injected clock', () => {
    const clock = manualClock()
    const token = tokenFromFragment(
      `https://app.example.com/cb?ignored=1#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=example&expires_in=3600&scope=a%20b&state=${STATE}`,
      { state: STATE, now: clock.now },
    )
    expect(token).toEqual({
      access_token: '2YotnFZFEjr1zCsicMWpAA',
      token_type: 'example',
      expires_in: 3600,
      expires_at: clock.seconds() + 3600,
      scope: 'a b',
    })
  })

  test('checks the state and turns an error fragment into a typed error', () => {
    expect(refused(() => tokenFromFragment('https://app/cb#access_token=a&state=other', { state: STATE })).code).toBe('state_mismatch')
    expect(refused(() => tokenFromFragment('https://app/cb#access_token=a', { state: STATE })).code).toBe('state_mismatch')
    // The query does not count: only the fragment.
    expect(refused(() => tokenFromFragment(`https://app/cb?state=${STATE}#access_token=a`, { state: STATE })).code).toBe('state_mismatch')
    expect(refused(() => tokenFromFragment(`https://app/cb#error=access_denied&state=${STATE}`, { state: STATE })).code).toBe(
      'access_denied',
    )
    expect(refused(() => tokenFromFragment(`https://app/cb#token_type=bearer&state=${STATE}`, { state: STATE })).code).toBe(
      'invalid_response',
    )
  })

  test('oauth2().tokenFromFragment() keeps the token and tells onToken; a refused fragment changes nothing', async () => {
    const saved: TokenSet[] = []
    const auth = oauth2({
      tokenEndpoint: 'https://as.example.com/token',
      clientId: 'spa',
      onToken: (token) => {
        saved.push(token)
      },
    })
    await expect(auth.tokenFromFragment('https://app/cb#access_token=x&state=forged', { state: STATE })).rejects.toMatchObject({
      code: 'state_mismatch',
    })
    expect(auth.token).toBeUndefined()
    const token = await auth.tokenFromFragment(`https://app/cb#access_token=frag&token_type=Bearer&state=${STATE}`, { state: STATE })
    expect(auth.token).toBe(token)
    expect(saved).toEqual([token])
    const request = await auth.authorize({ method: 'GET', url: 'https://as.example.com/me' })
    expect(request.headers.get('authorization')).toBe('Bearer frag')
  })
})
