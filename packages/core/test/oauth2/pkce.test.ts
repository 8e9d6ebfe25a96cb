import { computeCodeChallenge, createAuthorizationUrl, generateCodeVerifier, generateState, isOAuthError, oauth2 } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'

// RFC 7636 appendix B: the 32 octets, the verifier they make, and its S256 challenge.
const APPENDIX_B_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132,
  141, 121,
]
const APPENDIX_B_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const APPENDIX_B_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

const appendixBytes = (length: number): Uint8Array => {
  expect(length).toBe(32)
  return Uint8Array.from(APPENDIX_B_OCTETS)
}

describe('PKCE (RFC 7636)', () => {
  test('appendix B: the octets give exactly the verifier, and the verifier exactly the S256 challenge', async () => {
    expect(generateCodeVerifier(appendixBytes)).toBe(APPENDIX_B_VERIFIER)
    expect(await computeCodeChallenge(APPENDIX_B_VERIFIER)).toBe(APPENDIX_B_CHALLENGE)
  })

  test('verifiers and states come from the CSPRNG: 43 base64url characters, different each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => generateCodeVerifier()))
    const states = new Set(Array.from({ length: 50 }, () => generateState()))
    expect(verifiers.size).toBe(50)
    expect(states.size).toBe(50)
    for (const value of [...verifiers, ...states]) expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  test('a verifier outside RFC 7636 4.1 (length 43–128, unreserved characters) is refused', async () => {
    for (const bad of ['short', 'a'.repeat(129), `${'a'.repeat(42)} `, `${'a'.repeat(42)}+`]) {
      const error = await computeCodeChallenge(bad).catch((e: unknown) => e)
      expect(isOAuthError(error) && error.code).toBe('invalid_options')
    }
    expect(await computeCodeChallenge('a'.repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('authorization URL (RFC 6749 4.1.1 with PKCE)', () => {
  test('carries response_type, client_id, redirect_uri, scope, state and the S256 challenge; keeps the endpoint query', async () => {
    const request = await createAuthorizationUrl({
      authorizationEndpoint: 'https://as.example.com/authorize?tenant=acme&state=stale',
      clientId: 'web app',
      redirectUri: 'https://app.example.com/cb',
      scope: ['openid', 'offline_access'],
      randomBytes: appendixBytes,
      parameters: { prompt: 'consent' },
    })
    expect(request.codeVerifier).toBe(APPENDIX_B_VERIFIER)
    expect(request.codeChallenge).toBe(APPENDIX_B_CHALLENGE)
    expect(request.state).toBe(APPENDIX_B_VERIFIER) // the same injected bytes
    const url = new URL(request.url)
    expect(`${url.origin}${url.pathname}`).toBe('https://as.example.com/authorize')
    expect([...url.searchParams]).toEqual([
      ['tenant', 'acme'],
      ['response_type', 'code'],
      ['client_id', 'web app'],
      ['redirect_uri', 'https://app.example.com/cb'],
      ['scope', 'openid offline_access'],
      ['state', APPENDIX_B_VERIFIER],
      ['code_challenge', APPENDIX_B_CHALLENGE],
      ['code_challenge_method', 'S256'],
      ['prompt', 'consent'],
    ])
  })

  test('fixed state and verifier are used as given', async () => {
    const request = await createAuthorizationUrl({
      authorizationEndpoint: 'https://as.example.com/authorize',
      clientId: 'app',
      state: 'xyz',
      codeVerifier: APPENDIX_B_VERIFIER,
    })
    expect(new URL(request.url).searchParams.get('state')).toBe('xyz')
    expect(new URL(request.url).searchParams.get('code_challenge')).toBe(APPENDIX_B_CHALLENGE)
  })

  test('oauth2().authorizationUrl() takes the endpoint, client, redirect URI and scope of the options', async () => {
    const auth = oauth2({
      tokenEndpoint: 'https://as.example.com/token',
      authorizationEndpoint: 'https://as.example.com/authorize',
      redirectUri: 'https://app.example.com/cb',
      clientId: 'app',
      scope: 'read',
    })
    const request = await auth.authorizationUrl({ state: 'fixed', codeVerifier: APPENDIX_B_VERIFIER })
    const parameters = new URL(request.url).searchParams
    expect(parameters.get('client_id')).toBe('app')
    expect(parameters.get('redirect_uri')).toBe('https://app.example.com/cb')
    expect(parameters.get('scope')).toBe('read')
    expect(parameters.get('state')).toBe('fixed')
  })

  test('an endpoint over plain HTTP is refused unless it is a loopback host or allowInsecureRequests is set', async () => {
    const build = (authorizationEndpoint: string, allowInsecureRequests?: boolean) =>
      createAuthorizationUrl({ authorizationEndpoint, clientId: 'app', allowInsecureRequests })
    await expect(build('http://as.example.com/authorize')).rejects.toMatchObject({ code: 'invalid_options' })
    await expect(build('https://as.example.com/authorize#x')).rejects.toMatchObject({ code: 'invalid_options' })
    await expect(build('http://127.0.0.1:8080/authorize')).resolves.toMatchObject({ state: expect.any(String) })
    await expect(build('http://localhost/authorize')).resolves.toMatchObject({ state: expect.any(String) })
    await expect(build('http://as.internal/authorize', true)).resolves.toMatchObject({ state: expect.any(String) })
    expect(() => oauth2({ tokenEndpoint: 'http://as.example.com/token', clientId: 'app' })).toThrow(/must use https/)
  })
})
