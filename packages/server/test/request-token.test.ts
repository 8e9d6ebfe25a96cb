import { oauth1 } from '@oauthkit/core'
import { MemoryConsumerStore } from '@oauthkit/server'
import { describe, expect, test } from 'vitest'
import { rsaKeys } from '../../../test/fixtures/index.ts'
import {
  CALLBACK,
  CONSUMER,
  consumerSigner,
  createTestProvider,
  expectProblem,
  formOf,
  NOW_SECONDS,
  nextNonce,
  ORIGIN,
  signed,
} from './helpers.ts'

const URL_ = `${ORIGIN}/oauth/request_token`

describe('request-token endpoint (RFC 5849 2.1)', () => {
  test('a signed POST with a callback gets a request token, form-encoded and not cacheable', async () => {
    const { provider, clock } = createTestProvider()
    const response = await provider.requestToken(await signed(consumerSigner(clock, { callback: CALLBACK }), 'POST', URL_))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toBe(
      'oauth_token=request_token-1&oauth_token_secret=request_token_secret-2&oauth_callback_confirmed=true',
    )
    const stored = await provider.tokens.findRequestToken('request_token-1')
    expect(stored).toEqual({
      token: 'request_token-1',
      secret: 'request_token_secret-2',
      consumerKey: CONSUMER.key,
      callback: CALLBACK,
      issuedAt: NOW_SECONDS * 1000,
      expiresAt: (NOW_SECONDS + 600) * 1000,
      used: false,
    })
  })

  test('oob is a callback; so is a custom scheme for native apps', async () => {
    const { provider, clock } = createTestProvider()
    for (const callback of ['oob', 'com.example.printer:/oauth']) {
      const response = await provider.requestToken(await signed(consumerSigner(clock, { callback }), 'POST', URL_))
      expect(response.status).toBe(200)
      const { oauth_token } = await formOf(response)
      expect((await provider.tokens.findRequestToken(oauth_token as string))?.callback).toBe(callback)
    }
  })

  test('a consumer registered with an RSA key only: RSA passes; HMAC or PLAINTEXT with the empty secret anyone can use does not', async () => {
    const trusted = { key: 'trusted-app', publicKey: rsaKeys.publicSpki, name: 'Trusted App' }
    const { provider, clock } = createTestProvider({
      consumers: new MemoryConsumerStore([trusted]),
      allowedSignatureMethods: ['HMAC-SHA1', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'],
    })
    const as = (extra: Parameters<typeof consumerSigner>[1]) =>
      consumerSigner(clock, { consumerKey: trusted.key, consumerSecret: '', callback: 'https://attacker.example/cb', ...extra })
    for (const signatureMethod of ['HMAC-SHA1', 'PLAINTEXT'] as const) {
      // Who knows the consumer key (every request shows it) signs with no consumer secret.
      const forged = await provider.requestToken(await signed(as({ signatureMethod }), 'POST', URL_))
      const body = await expectProblem(forged, 400, 'signature_method_rejected')
      expect(body.oauth_problem_advice).toContain(`The consumer has no secret for ${signatureMethod}`)
    }
    expect(await provider.tokens.findRequestToken('request_token-1')).toBeUndefined()
    for (const signatureMethod of ['RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512'] as const) {
      const genuine = await signed(as({ signatureMethod, privateKey: rsaKeys.privatePkcs8, callback: 'oob' }), 'POST', URL_)
      expect((await provider.requestToken(genuine)).status).toBe(200)
    }
  })

  test('the parameters may come in the query or the form body, and with every HMAC method', async () => {
    const { provider, clock } = createTestProvider({ allowedSignatureMethods: ['HMAC-SHA256', 'HMAC-SHA512'] })
    const query = await signed(consumerSigner(clock, { callback: 'oob', signatureMethod: 'HMAC-SHA256' }), 'POST', URL_, {
      placement: 'query',
    })
    expect((await provider.requestToken(query)).status).toBe(200)
    const body = await signed(consumerSigner(clock, { callback: 'oob', signatureMethod: 'HMAC-SHA512' }), 'POST', URL_, {
      placement: 'body',
    })
    expect((await provider.requestToken(body)).status).toBe(200)
  })

  test('missing oauth_callback: 400 parameter_absent naming it', async () => {
    const { provider, clock } = createTestProvider()
    const response = await provider.requestToken(await signed(consumerSigner(clock), 'POST', URL_))
    const body = await expectProblem(response, 400, 'parameter_absent')
    expect(body.oauth_parameters_absent).toBe('oauth_callback')
  })

  test('a relative or script callback: 400 parameter_rejected', async () => {
    const { provider, clock } = createTestProvider()
    for (const callback of ['/ready', 'javascript:alert(1)', 'data:text/html,x', 'OOB', 'not a url']) {
      const response = await provider.requestToken(await signed(consumerSigner(clock, { callback }), 'POST', URL_))
      const body = await expectProblem(response, 400, 'parameter_rejected')
      expect(body.oauth_parameters_rejected).toBe('oauth_callback')
    }
  })

  test('allowCallback decides which absolute callbacks a consumer may use', async () => {
    const { provider, clock } = createTestProvider({
      allowCallback: ({ callback, consumer }) => consumer.key === CONSUMER.key && callback.origin === 'https://printer.example.com',
    })
    const ok = await provider.requestToken(await signed(consumerSigner(clock, { callback: CALLBACK }), 'POST', URL_))
    expect(ok.status).toBe(200)
    const refused = await provider.requestToken(await signed(consumerSigner(clock, { callback: 'https://evil.example/' }), 'POST', URL_))
    await expectProblem(refused, 400, 'parameter_rejected')
    // oob needs no permission.
    expect((await provider.requestToken(await signed(consumerSigner(clock, { callback: 'oob' }), 'POST', URL_))).status).toBe(200)
  })

  test('bad signature: 401 signature_invalid, nothing issued', async () => {
    const { provider, clock } = createTestProvider()
    const signer = consumerSigner(clock, { callback: 'oob', consumerSecret: 'wrong secret' })
    const response = await provider.requestToken(await signed(signer, 'POST', URL_))
    await expectProblem(response, 401, 'signature_invalid')
    expect(await provider.tokens.findRequestToken('request_token-1')).toBeUndefined()
  })

  test('unknown consumer: 401 consumer_key_unknown', async () => {
    const { provider, clock } = createTestProvider()
    const signer = oauth1({ consumerKey: 'nobody', consumerSecret: 'x', callback: 'oob', timestamp: clock.seconds, nonce: nextNonce })
    await expectProblem(await provider.requestToken(await signed(signer, 'POST', URL_)), 401, 'consumer_key_unknown')
  })

  test('a request that already carries a token is refused (token_rejected)', async () => {
    const { provider, clock } = createTestProvider()
    const signer = consumerSigner(clock, { callback: 'oob', token: 'some-token', tokenSecret: 'x' })
    await expectProblem(await provider.requestToken(await signed(signer, 'POST', URL_)), 401, 'token_rejected')
  })

  test('a replayed request: 401 nonce_used', async () => {
    const { provider, clock } = createTestProvider()
    const request = await signed(consumerSigner(clock, { callback: 'oob', nonce: 'fixed-nonce' }), 'POST', URL_)
    expect((await provider.requestToken(request.clone())).status).toBe(200)
    await expectProblem(await provider.requestToken(request), 401, 'nonce_used')
  })

  test('GET is not allowed: 405 with Allow: POST', async () => {
    const { provider, clock } = createTestProvider()
    const response = await provider.requestToken(await signed(consumerSigner(clock, { callback: 'oob' }), 'GET', URL_))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect((await formOf(response)).oauth_problem).toBe('parameter_rejected')
  })

  test('the lifetime and the id generator are options', async () => {
    const { provider, clock } = createTestProvider({ requestTokenLifetimeSeconds: 60, generateId: (kind) => `fixed-${kind}` })
    const response = await provider.requestToken(await signed(consumerSigner(clock, { callback: 'oob' }), 'POST', URL_))
    expect(await formOf(response)).toEqual({
      oauth_token: 'fixed-request_token',
      oauth_token_secret: 'fixed-request_token_secret',
      oauth_callback_confirmed: 'true',
    })
    expect((await provider.tokens.findRequestToken('fixed-request_token'))?.expiresAt).toBe((NOW_SECONDS + 60) * 1000)
  })
})
