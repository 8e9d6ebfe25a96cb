import { describe, expect, test } from 'vitest'
import { CALLBACK, CONSUMER, createTestProvider, expectProblem, JANE, ORIGIN, REALM } from './helpers.ts'

describe('authorization endpoint (RFC 5849 2.2)', () => {
  test('approve with a callback: 302 to the callback, its query kept, with oauth_token and oauth_verifier', async () => {
    const { provider, dance } = createTestProvider()
    const { token } = await dance.requestToken()
    const response = await dance.authorize(token)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      'https://printer.example.com/ready?session=a%20b&oauth_token=request_token-1&oauth_verifier=verifier-3',
    )
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const stored = await provider.tokens.findRequestToken(token)
    expect(stored?.authorization).toEqual({ verifier: 'verifier-3', user: { id: JANE.id, name: 'jane' }, authorizedAt: 1_700_000_000_000 })
    expect(stored?.used).toBe(false)
  })

  test('decide sees the request, the pending token without its secret, and the consumer', async () => {
    const seen: unknown[] = []
    const { dance } = createTestProvider({
      decide: (context) => {
        seen.push({ method: context.request.method, requestToken: context.requestToken, consumer: context.consumer.key })
        return { approve: true, user: JANE }
      },
    })
    const { token } = await dance.requestToken()
    await dance.authorize(token)
    expect(seen).toEqual([
      {
        method: 'POST',
        requestToken: { token, consumerKey: CONSUMER.key, callback: CALLBACK, issuedAt: 1_700_000_000_000, expiresAt: 1_700_000_600_000 },
        consumer: CONSUMER.key,
      },
    ])
  })

  test('a Response from decide (the login page or consent form) is sent as it is, and the token stays pending', async () => {
    const { provider, dance } = createTestProvider()
    const { token } = await dance.requestToken()
    const response = await dance.authorize(token, {})
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<form>log in</form>')
    expect((await provider.tokens.findRequestToken(token))?.authorization).toBeUndefined()
  })

  test('the consent form may POST oauth_token in its body, and decide can still read the body', async () => {
    const { dance } = createTestProvider({
      decide: async ({ request }) => {
        const form = new URLSearchParams(await request.text())
        return form.get('allow') === 'yes' ? { approve: true, user: JANE } : { deny: true }
      },
    })
    const { token } = await dance.requestToken()
    const response = await dance.send(
      new Request(`${ORIGIN}/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ oauth_token: token, allow: 'yes' }),
      }),
    )
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location') as string).searchParams.get('oauth_verifier')).toBe('verifier-3')
  })

  test('oob: a page shows the verifier, escaped, not cacheable, not frameable', async () => {
    const { dance } = createTestProvider()
    const { token } = await dance.requestToken('oob')
    const response = await dance.authorize(token)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    const html = await response.text()
    expect(html).toContain('<code id="oauth_verifier">verifier-3</code>')
    expect(html).toContain('You authorized Printer &#60;Pro&#62;.')
  })

  test('oob with oobResponse: your page', async () => {
    const { dance } = createTestProvider({ oobResponse: ({ verifier, user }) => Response.json({ verifier, user: user.id }) })
    const { token } = await dance.requestToken('oob')
    expect(await (await dance.authorize(token)).json()).toEqual({ verifier: 'verifier-3', user: JANE.id })
  })

  test('deny with a callback: 302 with denied and oauth_problem=user_refused; the token is used up', async () => {
    const { provider, dance } = createTestProvider()
    const { token, secret } = await dance.requestToken()
    const response = await dance.authorize(token, { 'x-session': JANE.id, 'x-decision': 'deny' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      `https://printer.example.com/ready?session=a%20b&oauth_token=${token}&denied=${token}&oauth_problem=user_refused`,
    )
    expect((await provider.tokens.findRequestToken(token))?.used).toBe(true)
    // Neither a later approval nor an exchange works.
    await expectProblem(await dance.authorize(token), 401, 'token_used')
    await expectProblem(await dance.exchange(token, secret, 'anything'), 401, 'token_used')
  })

  test('deny with oob: 403 user_refused', async () => {
    const { dance } = createTestProvider()
    const { token } = await dance.requestToken('oob')
    await expectProblem(await dance.authorize(token, { 'x-session': JANE.id, 'x-decision': 'deny' }), 403, 'user_refused')
  })

  test('no oauth_token: 400 parameter_absent', async () => {
    const { dance } = createTestProvider()
    const body = await expectProblem(await dance.send(new Request(`${ORIGIN}/oauth/authorize`)), 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_token')
  })

  test('unknown token: 401 token_rejected', async () => {
    const { dance } = createTestProvider()
    await expectProblem(await dance.authorize('no-such-token'), 401, 'token_rejected')
  })

  test('an access token is not a request token', async () => {
    const { dance } = createTestProvider()
    const { oauth_token } = await dance.run()
    await expectProblem(await dance.authorize(oauth_token as string), 401, 'token_rejected')
  })

  test('expired token: 401 token_expired (the store keeps it a while after, to say so)', async () => {
    const { dance, clock } = createTestProvider({ requestTokenLifetimeSeconds: 60 })
    const { token } = await dance.requestToken()
    clock.advance(60)
    await expectProblem(await dance.authorize(token), 401, 'token_expired')
  })

  test('after retainExpiredTokensSeconds the store forgets it: token_rejected', async () => {
    const { dance, clock } = createTestProvider({ requestTokenLifetimeSeconds: 60, retainExpiredTokensSeconds: 30 })
    const { token } = await dance.requestToken()
    clock.advance(89)
    await expectProblem(await dance.authorize(token), 401, 'token_expired')
    clock.advance(1)
    await expectProblem(await dance.authorize(token), 401, 'token_rejected')
  })

  test('authorized twice: the second is token_used', async () => {
    const { dance } = createTestProvider()
    const { token } = await dance.requestToken()
    expect((await dance.authorize(token)).status).toBe(302)
    await expectProblem(await dance.authorize(token), 401, 'token_used')
  })

  test('two approvals at once: exactly one wins', async () => {
    const { dance } = createTestProvider()
    const { token } = await dance.requestToken()
    const statuses = (await Promise.all([dance.authorize(token), dance.authorize(token), dance.authorize(token)])).map((r) => r.status)
    expect(statuses.sort()).toEqual([302, 401, 401])
  })

  test('an approval on GET is refused, 403 permission_denied naming why; the token stays pending for the consent form', async () => {
    // A link, an image or another site's top-level navigation sends a GET with the user's (SameSite=Lax) cookie.
    const { provider, dance } = createTestProvider({ decide: () => ({ approve: true, user: JANE }) })
    const { token } = await dance.requestToken()
    const response = await dance.send(new Request(`${ORIGIN}/oauth/authorize?oauth_token=${token}`, { redirect: 'manual' }))
    const body = await expectProblem(response, 403, 'permission_denied')
    expect(body.oauth_problem_advice).toMatch(/^decide\(\) approved a GET request.*allowApprovalOnGet/)
    expect(response.headers.get('location')).toBeNull()
    const stored = await provider.tokens.findRequestToken(token)
    expect([stored?.used, stored?.authorization]).toEqual([false, undefined])
    // The POST of the consent form then approves it.
    expect((await dance.authorize(token)).status).toBe(302)
  })

  test('allowApprovalOnGet: true takes an approval on GET (the application opts in)', async () => {
    const { dance } = createTestProvider({ decide: () => ({ approve: true, user: JANE }), allowApprovalOnGet: true })
    const { token } = await dance.requestToken()
    const response = await dance.send(new Request(`${ORIGIN}/oauth/authorize?oauth_token=${token}`, { redirect: 'manual' }))
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location') as string).searchParams.get('oauth_verifier')).toBe('verifier-3')
  })

  test('a refusal on GET is taken (it gives nothing away), and so is a Response', async () => {
    const { dance } = createTestProvider({
      decide: ({ request }) => (request.headers.has('x-page') ? new Response('consent form') : { deny: true }),
    })
    const { token } = await dance.requestToken()
    const get = (headers: Record<string, string>) =>
      dance.send(new Request(`${ORIGIN}/oauth/authorize?oauth_token=${token}`, { headers, redirect: 'manual' }))
    expect(await (await get({ 'x-page': '1' })).text()).toBe('consent form')
    const denied = await get({})
    expect(denied.status).toBe(302)
    expect(new URL(denied.headers.get('location') as string).searchParams.get('oauth_problem')).toBe('user_refused')
  })

  test('PUT is not allowed: 405 with Allow: GET, POST', async () => {
    const { dance } = createTestProvider()
    const response = await dance.send(new Request(`${ORIGIN}/oauth/authorize?oauth_token=x`, { method: 'PUT' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST')
    expect(response.headers.get('www-authenticate')).toBe(`OAuth realm="${REALM}", oauth_problem="parameter_rejected"`)
  })

  test('without decide the endpoint is a configuration error (the promise rejects)', async () => {
    const { dance } = createTestProvider({ decide: undefined })
    await expect(dance.authorize('x')).rejects.toMatchObject({ name: 'OAuthError', code: 'invalid_options' })
  })

  test('decide answering something else is a configuration error', async () => {
    const { dance } = createTestProvider({ decide: () => ({ approve: 'yes' }) as never })
    const { token } = await dance.requestToken()
    await expect(dance.authorize(token)).rejects.toMatchObject({ code: 'invalid_options' })
  })
})
