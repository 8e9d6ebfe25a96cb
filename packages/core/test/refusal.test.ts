// A provider's refusal as the core hands it to adapters: marked by the authorizer that read it, its
// base string kept non-enumerable and redacted, recorded against the response (never read again).
import { inspect } from 'node:util'
import type { RequestParts } from '@oauthkit/core'
import { OAuth2Error, OAuthProblemError, oauth1, oauth2, oauthRefusal } from '@oauthkit/core'
import { attachRefusal, bindAuthorizer, markRefusal, recordRefusal } from '@oauthkit/core/adapter'
import { readOAuthProblem } from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'

const CONSUMER_SECRET = 'consumer secret of the app'
const signer = oauth1({
  consumerKey: 'key',
  consumerSecret: CONSUMER_SECRET,
  token: 'token',
  tokenSecret: 'token secret',
  timestamp: 1_700_000_000,
  nonce: () => 'fixed-nonce',
})

const form = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
  text: async () => body,
})

describe('the review of a refusal, through bindAuthorizer', () => {
  test('an OAuth 1.0a report is a refusal with the base string of the request, non-enumerable, secrets and xAuth password redacted', async () => {
    const body = new URLSearchParams([
      ['x_auth_username', 'alice'],
      ['x_auth_password', 'p@ss w0rd&more'],
      ['note', CONSUMER_SECRET],
    ]).toString()
    const request: RequestParts = {
      method: 'POST',
      url: 'https://api.test/r',
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body,
    }
    const call = bindAuthorizer(signer).call(request.url, undefined)
    const signed = await signer.sign(request)
    await call.attempt(request)
    const found = await call.review(form(401, 'oauth_problem=signature_invalid'), request)
    expect(found).toEqual({ replay: false, refusal: expect.any(OAuthProblemError) })
    const refusal = found.refusal
    const baseString = refusal?.code === 'signature_invalid' ? refusal.baseString : undefined
    expect(baseString).toBe(
      signed.oauth.baseString
        .replace('x_auth_password%3Dp%2540ss%2520w0rd%2526more', 'x_auth_password%3D[redacted]')
        .replace('note%3Dconsumer%2520secret%2520of%2520the%2520app', 'note%3D[redacted]'),
    )
    expect(baseString).toContain('x_auth_username%3Dalice')
    for (const shown of [JSON.stringify(refusal), inspect(refusal), Object.keys(refusal ?? {}).join()]) expect(shown).not.toContain('POST&')
  })

  test('OAuth 2: a Bearer challenge is a refusal; a refresh that fails during the review is an error, thrown as it is', async () => {
    const request: RequestParts = { method: 'GET', url: 'https://api.test/r', headers: new Headers() }
    const challenge = { 'www-authenticate': 'Bearer error="invalid_token", error_description="gone"' }
    const fixed = oauth2({
      tokenEndpoint: 'https://api.test/token',
      clientId: 'app',
      token: { access_token: 'at-1', token_type: 'Bearer' },
    })
    const call = bindAuthorizer(fixed).call(request.url, undefined)
    await call.attempt(request)
    const found = await call.review(form(401, '', challenge), request)
    expect(found.refusal).toMatchObject({ name: 'OAuth2Error', code: 'invalid_token', description: 'gone' })
    expect(found.refusal).not.toHaveProperty('baseString')

    const failingEndpoint = async () =>
      new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } })
    const renewable = oauth2({
      tokenEndpoint: 'https://api.test/token',
      clientId: 'app',
      token: { access_token: 'at-1', token_type: 'Bearer', refresh_token: 'rt-1' },
      fetch: failingEndpoint,
    })
    const renewing = bindAuthorizer(renewable).call(request.url, undefined)
    await renewing.attempt(request)
    const failed = await renewing.review(form(401, '', challenge), request)
    expect(failed.refusal).toBeUndefined()
    expect(failed.error).toBeInstanceOf(OAuth2Error)
    expect(failed.error).toMatchObject({ code: 'invalid_grant' })
  })
})

describe('oauthRefusal and attachRefusal', () => {
  test('a recorded refusal is found on its response and on an error with that response; nothing else has one', () => {
    const refusal = markRefusal(new OAuthProblemError('token_rejected', 'refused'))
    const response = new Response('body', { status: 401 })
    recordRefusal(response, refusal)
    expect(oauthRefusal(response)).toBe(refusal)
    expect(response.bodyUsed).toBe(false)
    const error = attachRefusal(Object.assign(new Error('Request failed with status code 401'), { response }))
    expect(error.oauth).toBe(refusal)
    expect(oauthRefusal(error)).toBe(refusal)
    for (const other of [undefined, null, 'text', new Response(''), new Error('x'), { response: 'x' }])
      expect(oauthRefusal(other)).toBeUndefined()
    expect(attachRefusal(new Error('other'))).not.toHaveProperty('oauth')
  })
})

describe('readOAuthProblem', () => {
  test("a Response is read through a clone: the caller's body stays unread", async () => {
    const response = new Response('oauth_problem=token_expired&oauth_problem_advice=sign+in+again', {
      status: 401,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(await readOAuthProblem(response)).toMatchObject({ code: 'token_expired', advice: 'sign in again' })
    expect(response.bodyUsed).toBe(false)
    expect(await response.text()).toContain('oauth_problem=token_expired')
  })
})
