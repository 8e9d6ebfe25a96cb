import { describe, expect, test } from 'vitest'
import {
  CONSUMER,
  consumerSigner,
  createTestProvider,
  Dance,
  expectProblem,
  formOf,
  JANE,
  NOW_SECONDS,
  ORIGIN,
  OTHER_CONSUMER,
  signed,
} from './helpers.ts'

describe('access-token endpoint (RFC 5849 2.3)', () => {
  test('the request token, its secret and the verifier get an access token with the app fields', async () => {
    const { provider, dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    const response = await dance.exchange(token, secret, verifier)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toBe('oauth_token=access_token-4&oauth_token_secret=access_token_secret-5&user_id=u-1&screen_name=jane')
    expect(await provider.tokens.findAccessToken('access_token-4')).toEqual({
      token: 'access_token-4',
      secret: 'access_token_secret-5',
      consumerKey: CONSUMER.key,
      user: JANE,
      issuedAt: NOW_SECONDS * 1000,
    })
    expect((await provider.tokens.findRequestToken(token))?.used).toBe(true)
  })

  test('oob: the verifier typed by the user works the same', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken('oob')
    const html = await (await dance.authorize(token)).text()
    const verifier = /<code id="oauth_verifier">([^<]+)<\/code>/.exec(html)?.[1] as string
    expect((await dance.exchange(token, secret, verifier)).status).toBe(200)
  })

  test('used twice: the second exchange is token_used', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    expect((await dance.exchange(token, secret, verifier)).status).toBe(200)
    await expectProblem(await dance.exchange(token, secret, verifier), 401, 'token_used')
  })

  test('concurrent exchanges: exactly one access token', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    const responses = await Promise.all(Array.from({ length: 5 }, () => dance.exchange(token, secret, verifier)))
    expect(responses.map((response) => response.status).sort()).toEqual([200, 401, 401, 401, 401])
    for (const response of responses.filter((r) => r.status === 401)) expect((await formOf(response)).oauth_problem).toBe('token_used')
  })

  test('wrong verifier: 401 verifier_invalid, and the request token is used up', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    await expectProblem(await dance.exchange(token, secret, `${verifier}x`), 401, 'verifier_invalid')
    await expectProblem(await dance.exchange(token, secret, verifier), 401, 'token_used')
  })

  test('not authorized yet: 401 permission_unknown, and the token stays usable', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    await expectProblem(await dance.exchange(token, secret, 'guess'), 401, 'permission_unknown')
    const verifier = await dance.verifierFromRedirect(token)
    expect((await dance.exchange(token, secret, verifier)).status).toBe(200)
  })

  test('no verifier: 400 parameter_absent', async () => {
    const { dance, clock } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    await dance.verifierFromRedirect(token)
    const request = await signed(consumerSigner(clock, { token, tokenSecret: secret }), 'POST', `${ORIGIN}/oauth/access_token`)
    const body = await expectProblem(await dance.send(request), 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_verifier')
  })

  test('no token at all: 400 parameter_absent naming oauth_token', async () => {
    const { dance, clock } = createTestProvider()
    const request = await signed(consumerSigner(clock, { verifier: 'v' }), 'POST', `${ORIGIN}/oauth/access_token`)
    const body = await expectProblem(await dance.send(request), 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_token')
  })

  test('expired request token: 401 token_expired', async () => {
    const { dance, clock } = createTestProvider({ requestTokenLifetimeSeconds: 120 })
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    clock.advance(120)
    await expectProblem(await dance.exchange(token, secret, verifier), 401, 'token_expired')
  })

  test('signed with the wrong token secret: 401 signature_invalid, and the token stays usable', async () => {
    const { dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    await expectProblem(await dance.exchange(token, 'not-the-secret', verifier), 401, 'signature_invalid')
    expect((await dance.exchange(token, secret, verifier)).status).toBe(200)
  })

  test("another consumer's request token: 401 token_rejected", async () => {
    const { dance, clock } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    const other = consumerSigner(clock, {
      consumerKey: OTHER_CONSUMER.key,
      consumerSecret: OTHER_CONSUMER.secret,
      token,
      tokenSecret: secret,
      verifier,
    })
    await expectProblem(await dance.send(await signed(other, 'POST', `${ORIGIN}/oauth/access_token`)), 401, 'token_rejected')
  })

  test('accessTokenLifetimeSeconds sets expiresAt', async () => {
    const { provider, dance } = createTestProvider({ accessTokenLifetimeSeconds: 3600 })
    const { oauth_token } = await dance.run()
    expect((await provider.tokens.findAccessToken(oauth_token as string))?.expiresAt).toBe((NOW_SECONDS + 3600) * 1000)
  })

  test('accessTokenFields may not write oauth_* fields (a configuration error)', async () => {
    const { dance } = createTestProvider({ accessTokenFields: () => ({ oauth_token: 'mine' }) })
    const { token, secret } = await dance.requestToken()
    const verifier = await dance.verifierFromRedirect(token)
    await expect(dance.exchange(token, secret, verifier)).rejects.toMatchObject({ code: 'invalid_options' })
  })

  test('GET is not allowed: 405', async () => {
    const { dance, clock } = createTestProvider()
    const request = await signed(consumerSigner(clock), 'GET', `${ORIGIN}/oauth/access_token`)
    expect((await dance.send(request)).status).toBe(405)
  })
})

describe('xAuth at the access-token endpoint', () => {
  test('x_auth_mode=client_auth with the right password: an access token for that user', async () => {
    const { provider, dance } = createTestProvider()
    const response = await dance.xAuth(JANE.name, 'correct horse battery staple')
    expect(response.status).toBe(200)
    const form = await formOf(response)
    expect(form).toEqual({
      oauth_token: 'access_token-1',
      oauth_token_secret: 'access_token_secret-2',
      user_id: 'u-1',
      screen_name: 'jane',
    })
    expect((await provider.tokens.findAccessToken('access_token-1'))?.user).toEqual(JANE)
  })

  test('the password check gets the username, password and consumer; nothing of the password is kept or echoed', async () => {
    const seen: unknown[] = []
    const { provider, dance } = createTestProvider({
      xAuth: ({ username, password, consumer }) => {
        seen.push({ username, password, consumer: consumer.key })
        return undefined
      },
    })
    const response = await dance.xAuth('jane', 's3cr3t-p4ss')
    expect(seen).toEqual([{ username: 'jane', password: 's3cr3t-p4ss', consumer: CONSUMER.key }])
    const text = `${[...response.headers].join('\n')}\n${await response.text()}`
    expect(text).not.toContain('s3cr3t')
    expect(text).not.toContain('p4ss')
    expect(text).not.toContain(CONSUMER.secret)
    expect(await provider.tokens.findAccessToken('access_token-1')).toBeUndefined()
  })

  test('bad password: 401 permission_denied, no token issued', async () => {
    const { provider, dance } = createTestProvider()
    const body = await expectProblem(await dance.xAuth(JANE.name, 'wrong'), 401, 'permission_denied')
    expect(Object.values(body).join(' ')).not.toContain('wrong')
    expect(await provider.tokens.findAccessToken('access_token-1')).toBeUndefined()
  })

  test('a bad signature is refused before the password is checked', async () => {
    let checked = 0
    const { dance } = createTestProvider({
      xAuth: () => {
        checked++
        return { user: JANE }
      },
    })
    await expectProblem(await dance.xAuth('jane', 'pw', { consumerSecret: 'wrong' }), 401, 'signature_invalid')
    expect(checked).toBe(0)
  })

  test('missing username or password: 400 parameter_absent; another mode or a repeated field: parameter_rejected', async () => {
    const { dance, clock } = createTestProvider()
    const send = async (fields: Record<string, string>) =>
      dance.send(await signed(consumerSigner(clock), 'POST', `${ORIGIN}/oauth/access_token`, { body: new URLSearchParams(fields) }))
    const absent = await expectProblem(await send({ x_auth_mode: 'client_auth', x_auth_username: 'jane' }), 400, 'parameter_absent')
    expect(absent.oauth_parameters_absent).toBe('x_auth_password')
    const rejected = await expectProblem(
      await send({ x_auth_mode: 'reverse_auth', x_auth_username: 'jane', x_auth_password: 'pw' }),
      400,
      'parameter_rejected',
    )
    expect(rejected.oauth_parameters_rejected).toBe('x_auth_mode')
    const twice = new URLSearchParams([
      ['x_auth_mode', 'client_auth'],
      ['x_auth_username', 'jane'],
      ['x_auth_password', 'a'],
      ['x_auth_password', 'b'],
    ])
    const duplicated = await dance.send(await signed(consumerSigner(clock), 'POST', `${ORIGIN}/oauth/access_token`, { body: twice }))
    expect((await expectProblem(duplicated, 400, 'parameter_rejected')).oauth_parameters_rejected).toBe('x_auth_password')
  })

  test('xAuth parameters in the URL are refused before anything else (a password in a URL ends up in logs)', async () => {
    const { dance, clock } = createTestProvider()
    const url = `${ORIGIN}/oauth/access_token?x_auth_mode=client_auth&x_auth_username=jane&x_auth_password=pw`
    const body = await expectProblem(await dance.send(await signed(consumerSigner(clock), 'POST', url)), 400, 'parameter_rejected')
    expect(body.oauth_parameters_rejected).toBe('x_auth_mode&x_auth_username&x_auth_password')
  })

  test('a provider without the xAuth option refuses xAuth: parameter_rejected', async () => {
    const { dance } = createTestProvider({ xAuth: undefined })
    const body = await expectProblem(await dance.xAuth('jane', 'correct horse battery staple'), 400, 'parameter_rejected')
    expect(body.oauth_parameters_rejected).toBe('x_auth_mode')
  })

  test('an xAuth request with a token is refused', async () => {
    const { dance } = createTestProvider()
    const { oauth_token, oauth_token_secret } = await dance.run()
    const response = await dance.xAuth('jane', 'correct horse battery staple', { token: oauth_token, tokenSecret: oauth_token_secret })
    // The token is looked up among request tokens first: an access token is none.
    await expectProblem(response, 401, 'token_rejected')
  })

  test('the xAuth handler alone takes only xAuth', async () => {
    const { provider, clock } = createTestProvider()
    const dance = new Dance(provider.xAuth, ORIGIN, clock)
    expect((await dance.xAuth(JANE.name, 'correct horse battery staple')).status).toBe(200)
    const plain = await signed(consumerSigner(clock), 'POST', `${ORIGIN}/oauth/access_token`)
    const body = await expectProblem(await provider.xAuth(plain), 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('x_auth_mode')
  })
})
