import {
  authorizationCodeGrant,
  clientCredentialsGrant,
  clientSecretBasic,
  genericGrant,
  isOAuthError,
  OAuth2Error,
  oauth2,
  passwordGrant,
  refreshTokenGrant,
} from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { json, manualClock, scriptedServer, TOKEN_ENDPOINT } from './helpers.ts'

const TOKEN = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-1', scope: 'read' }

async function failure(promise: Promise<unknown>): Promise<OAuth2Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (error instanceof OAuth2Error) return error
  throw new Error(`expected an OAuth2Error, got ${String(error)}`)
}

describe('client authentication (RFC 6749 2.3.1)', () => {
  test('client_secret_basic form-urlencodes id and secret before base64, so that ":" "%" "+" and spaces survive', () => {
    const header = clientSecretBasic('my app:1', 'p@ss w+rd%/é')
    const decoded = atob(header.slice('Basic '.length))
    expect(decoded).toBe('my+app%3A1:p%40ss+w%2Brd%25%2F%C3%A9')
    const [id, secret] = decoded.split(':').map((part) => decodeURIComponent(part.replaceAll('+', ' ')))
    expect([id, secret]).toEqual(['my app:1', 'p@ss w+rd%/é'])
  })

  test('basic is the default with a secret: in the header, not in the body', async () => {
    const server = scriptedServer(json(TOKEN))
    await clientCredentialsGrant({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: 's3cret', fetch: server.fetch })
    const [seen] = server.requests
    expect(seen?.headers.get('authorization')).toBe(clientSecretBasic('app', 's3cret'))
    expect(seen?.form.has('client_id')).toBe(false)
    expect(seen?.form.has('client_secret')).toBe(false)
  })

  test('client_secret_post puts both in the body; none (the default without a secret) only the id', async () => {
    const server = scriptedServer(json(TOKEN))
    await clientCredentialsGrant({
      tokenEndpoint: TOKEN_ENDPOINT,
      clientId: 'app',
      clientSecret: 's3cret',
      clientAuth: 'client_secret_post',
      fetch: server.fetch,
    })
    await clientCredentialsGrant({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'public-app', fetch: server.fetch })
    const [post, none] = server.requests
    expect(post?.headers.has('authorization')).toBe(false)
    expect(Object.fromEntries(post?.form ?? [])).toEqual({ grant_type: 'client_credentials', client_id: 'app', client_secret: 's3cret' })
    expect(none?.headers.has('authorization')).toBe(false)
    expect(Object.fromEntries(none?.form ?? [])).toEqual({ grant_type: 'client_credentials', client_id: 'public-app' })
  })

  test('a secret-based method without a secret, or an unknown method, is invalid_options', () => {
    expect(() => oauth2({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientAuth: 'client_secret_basic' })).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    )
    expect(() => oauth2({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientAuth: 'private_key_jwt' as 'none' })).toThrow(
      /unknown clientAuth/,
    )
  })
})

describe('token requests', () => {
  test('POST form with Accept: application/json, no redirect followed; expires_in becomes expires_at on the injected clock', async () => {
    const clock = manualClock()
    const server = scriptedServer(json({ ...TOKEN, id_token: 'eyJ.x.y', team: { id: 'T1' } }))
    const token = await clientCredentialsGrant(
      { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: 's', fetch: server.fetch, now: clock.now },
      { scope: ['read', 'write'], parameters: { audience: 'https://api.example.com' } },
    )
    const [seen] = server.requests
    expect(seen?.method).toBe('POST')
    expect(seen?.url.href).toBe(TOKEN_ENDPOINT)
    expect(seen?.redirect).toBe('manual')
    expect(seen?.headers.get('accept')).toBe('application/json')
    expect(seen?.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
    expect([...(seen?.form ?? [])]).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'read write'],
      ['audience', 'https://api.example.com'],
    ])
    expect(token).toEqual({
      access_token: 'at-1',
      token_type: 'Bearer',
      expires_in: 3600,
      expires_at: clock.seconds() + 3600,
      refresh_token: 'rt-1',
      scope: 'read',
      id_token: 'eyJ.x.y',
      team: { id: 'T1' },
    })
  })

  test('authorization code: code, redirect_uri and code_verifier', async () => {
    const server = scriptedServer(json(TOKEN))
    await authorizationCodeGrant(
      { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', fetch: server.fetch },
      {
        code: 'SplxlOBeZQQYbYS6WxSbIA',
        redirectUri: 'https://app.example.com/cb',
        codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      },
    )
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      code: 'SplxlOBeZQQYbYS6WxSbIA',
      redirect_uri: 'https://app.example.com/cb',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      client_id: 'app',
    })
  })

  test('refresh: a rotated refresh token replaces the old one; a response without one keeps it, and the scope too', async () => {
    const clock = manualClock()
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: 's', now: clock.now }
    const previous = { access_token: 'at-0', token_type: 'Bearer', refresh_token: 'rt-0', scope: 'read write' }
    const rotating = scriptedServer(json({ access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1', expires_in: 60 }))
    const rotated = await refreshTokenGrant({ ...client, fetch: rotating.fetch }, previous)
    expect(Object.fromEntries(rotating.requests[0]?.form ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-0' })
    expect(rotated).toMatchObject({ access_token: 'at-1', refresh_token: 'rt-1', scope: 'read write', expires_at: clock.seconds() + 60 })

    const keeping = scriptedServer(json({ access_token: 'at-2', token_type: 'Bearer' }))
    const kept = await refreshTokenGrant({ ...client, fetch: keeping.fetch }, rotated, { scope: 'read' })
    expect(keeping.requests[0]?.form.get('scope')).toBe('read')
    expect(kept).toEqual({ access_token: 'at-2', token_type: 'Bearer', refresh_token: 'rt-1', scope: 'read write' })

    // With only the refresh token string, there is nothing to keep.
    const bare = await refreshTokenGrant({ ...client, fetch: keeping.fetch }, 'rt-1')
    expect(bare.refresh_token).toBeUndefined()
    await expect(refreshTokenGrant(client, { access_token: 'a', token_type: 'Bearer' })).rejects.toMatchObject({ code: 'invalid_options' })
  })

  test('password (legacy): username and password go once; a server echoing the password has it redacted', async () => {
    const password = 'correct horse battery'
    const server = scriptedServer(
      json(TOKEN),
      json({ error: 'invalid_grant', error_description: `bad password "${password}" for alice` }, 400),
    )
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: 'client-secret', fetch: server.fetch }
    await passwordGrant(client, { username: 'alice', password, scope: 'read' })
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({
      grant_type: 'password',
      username: 'alice',
      password,
      scope: 'read',
    })

    const error = await failure(passwordGrant(client, { username: 'alice', password }))
    expect(error.code).toBe('invalid_grant')
    expect(error.description).toBe('bad password "[redacted]" for alice')
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(password)

    // The authorizer keeps the token, never the credentials.
    const auth = oauth2({ ...client, fetch: scriptedServer(json(TOKEN)).fetch })
    await auth.passwordGrant({ username: 'alice', password })
    expect(JSON.stringify(auth)).not.toContain(password)
    expect(JSON.stringify(auth.token)).not.toContain(password)
  })

  test('genericGrant sends any grant type (token exchange here)', async () => {
    const server = scriptedServer(json(TOKEN))
    await genericGrant(
      { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', fetch: server.fetch },
      'urn:ietf:params:oauth:grant-type:token-exchange',
      [
        ['subject_token', 'st'],
        ['resource', 'https://a'],
        ['resource', 'https://b'],
      ],
    )
    expect([...(server.requests[0]?.form ?? [])]).toEqual([
      ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      ['subject_token', 'st'],
      ['resource', 'https://a'],
      ['resource', 'https://b'],
      ['client_id', 'app'],
    ])
  })
})

describe('token endpoint errors (RFC 6749 5.2)', () => {
  const client = (answer: Response) => {
    const server = scriptedServer(answer)
    return { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: 'the-client-secret', fetch: server.fetch }
  }

  test.each([
    'invalid_request',
    'invalid_client',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
  ] as const)('%s becomes a typed OAuth2Error with description, URI and status', async (code) => {
    const error = await failure(
      clientCredentialsGrant(
        client(json({ error: code, error_description: 'what went wrong', error_uri: 'https://as.example.com/e' }, 400)),
      ),
    )
    expect(error).toMatchObject({
      name: 'OAuth2Error',
      code,
      error: code,
      description: 'what went wrong',
      uri: 'https://as.example.com/e',
      status: 400,
    })
    expect(error.message).toBe(`POST https://as.example.com/token (client_credentials): ${code} — what went wrong (HTTP 400)`)
    expect(isOAuthError(error)).toBe(true)
  })

  test('an unknown error code is unrecognized_error with the code kept; secrets echoed by the server are redacted', async () => {
    const error = await failure(
      refreshTokenGrant(
        client(json({ error: 'use_dpop_nonce', error_description: 'rt rt-secret-value and the-client-secret' }, 400)),
        'rt-secret-value',
      ),
    )
    expect(error).toMatchObject({ code: 'unrecognized_error', error: 'use_dpop_nonce' })
    expect(error.message).not.toContain('rt-secret-value')
    expect(error.message).not.toContain('the-client-secret')
    expect(error.description).toBe('rt [redacted] and [redacted]')
  })

  test('a server echoing the request redacts the secrets in every form it sent them: form-encoded, percent-encoded, in the Basic header, in error_uri', async () => {
    const secret = 'p@ss w0rd/+s3cret'
    const basic = clientSecretBasic('app', secret).slice('Basic '.length)
    const echo = `got client_secret=${new URLSearchParams({ s: secret }).toString().slice(2)} and ${encodeURIComponent(secret)}, Basic ${basic}`
    for (const clientAuth of ['client_secret_post', 'client_secret_basic'] as const) {
      const server = scriptedServer(
        json(
          { error: 'invalid_client', error_description: echo, error_uri: `https://as.example.com/e?s=${encodeURIComponent(secret)}` },
          401,
        ),
      )
      const error = await failure(
        clientCredentialsGrant({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'app', clientSecret: secret, clientAuth, fetch: server.fetch }),
      )
      const shown = JSON.stringify([error.message, error.description, error.uri])
      const sent = [secret, encodeURIComponent(secret), 'p%40ss+w0rd%2F%2Bs3cret', ...(clientAuth === 'client_secret_basic' ? [basic] : [])]
      for (const form of sent) expect(shown).not.toContain(form)
      expect(error.uri).toBe('https://as.example.com/e?s=[redacted]')
    }
  })

  test('an answer without a token or an error code is invalid_response; no answer at all is token_request_failed', async () => {
    const html = await failure(clientCredentialsGrant(client(new Response('<html>oops</html>', { status: 502 }))))
    expect(html).toMatchObject({ code: 'invalid_response', status: 502 })
    const empty = await failure(clientCredentialsGrant(client(json({ token_type: 'Bearer' }))))
    expect(empty).toMatchObject({ code: 'invalid_response', status: 200 })
    // A redirect is not followed (the request carries credentials): it is an invalid response.
    const redirect = await failure(
      clientCredentialsGrant(client(new Response(null, { status: 307, headers: { location: 'https://evil/' } }))),
    )
    expect(redirect).toMatchObject({ code: 'invalid_response', status: 307 })
    const offline = await failure(
      clientCredentialsGrant({
        tokenEndpoint: TOKEN_ENDPOINT,
        clientId: 'app',
        fetch: async () => {
          throw new TypeError('fetch failed')
        },
      }),
    )
    expect(offline.code).toBe('token_request_failed')
    expect(offline.cause).toBeInstanceOf(TypeError)
  })

  test('a 200 carrying an error code is that error; a form-encoded answer is read too', async () => {
    const error = await failure(clientCredentialsGrant(client(json({ error: 'invalid_scope' }))))
    expect(error).toMatchObject({ code: 'invalid_scope' })
    const form = new Response('access_token=at-form&token_type=bearer&expires_in=60', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const token = await clientCredentialsGrant(client(form))
    expect(token).toMatchObject({ access_token: 'at-form', token_type: 'bearer', expires_in: 60 })
  })

  test('isOAuthError also recognises an OAuth2Error of another copy of oauthkit by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'OAuth2Error', code: 'invalid_grant' })
    expect(isOAuthError(foreign)).toBe(true)
  })
})
