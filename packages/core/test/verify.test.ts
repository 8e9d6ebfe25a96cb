import type { RequestParts } from '@oauthkit/core'
import { MemoryNonceStore, OAuthProblemError, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { accessToken, consumer, NOW_SECONDS, now, signerOptions, verifyOptions } from './helpers/credentials.ts'

const request: RequestParts = { method: 'GET', url: 'https://api.example.com/photos?size=original' }
const signer = (extra = {}) => oauth1(signerOptions('HMAC-SHA1', extra))
const refusal = async (input: Request | RequestParts, options = verifyOptions()): Promise<OAuthProblemError> => {
  try {
    await verifyOAuth1(input, options)
  } catch (error) {
    return error as OAuthProblemError
  }
  throw new Error('verifyOAuth1 accepted the request')
}

describe('verifyOAuth1 accepts', () => {
  test('a signed request and reports what it verified', async () => {
    const signed = await signer({ realm: 'Photos', callback: 'oob' }).sign(request)
    const verified = await verifyOAuth1(signed, verifyOptions())
    expect(verified).toMatchObject({
      consumerKey: consumer.key,
      token: accessToken.token,
      tokenCredentials: { secret: accessToken.secret },
      signatureMethod: 'HMAC-SHA1',
      timestamp: NOW_SECONDS,
      nonce: 'nonce1',
      callback: 'oob',
      realm: 'Photos',
      location: 'header',
      parameters: [['size', 'original']],
    })
    expect(verified.protocolParameters.map(([name]) => name)).toContain('oauth_signature')
  })

  test('request parts whose headers are a record (in any case), pairs or a Headers', async () => {
    const signed = await signer().sign(request)
    const authorization = signed.headers.get('authorization') as string
    const forms: HeadersInit[] = [
      { authorization },
      { AUTHORIZATION: authorization },
      [['Authorization', authorization]],
      new Headers({ authorization }),
    ]
    for (const headers of forms) {
      const verified = await verifyOAuth1(
        { method: 'GET', url: signed.url, headers },
        verifyOptions({ nonceStore: new MemoryNonceStore() }),
      )
      expect(verified.consumerKey).toBe(consumer.key)
    }
  })

  test('a Web Request with a form body, reading it without consuming it', async () => {
    const signed = await signer({ placement: 'body' }).sign({
      method: 'POST',
      url: 'https://api.example.com/statuses',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'status=Hello+Ladies+%2B+Gentlemen',
    })
    const webRequest = new Request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body as string })
    const verified = await verifyOAuth1(webRequest, verifyOptions())
    expect(verified.location).toBe('body')
    expect(verified.parameters).toEqual([['status', 'Hello Ladies + Gentlemen']])
    expect(await webRequest.text()).toBe(signed.body)
  })

  test('a request without a token (two-legged), unless a token is required', async () => {
    const signed = await signer({ token: undefined, tokenSecret: undefined }).sign(request)
    await expect(verifyOAuth1(signed, verifyOptions())).resolves.toMatchObject({ consumerKey: consumer.key })
    const error = await refusal(
      await signer({ token: undefined, tokenSecret: undefined }).sign(request),
      verifyOptions({ requireToken: true }),
    )
    expect(error.code).toBe('parameter_absent')
    expect(error.parametersAbsent).toEqual(['oauth_token'])
  })

  test('a timestamp exactly at either edge of the window', async () => {
    for (const timestamp of [NOW_SECONDS - 300, NOW_SECONDS + 300]) {
      await expect(verifyOAuth1(await signer({ timestamp }).sign(request), verifyOptions())).resolves.toBeTruthy()
    }
  })
})

describe('verifyOAuth1 refuses, with the OAuth problem name as code', () => {
  test('parameter_absent: no OAuth parameters at all, or some missing', async () => {
    const none = await refusal(request)
    expect(none.code).toBe('parameter_absent')
    const signed = await signer().sign(request)
    const header = (signed.headers.get('authorization') as string).replace(/, oauth_nonce="[^"]*"/, '')
    const missing = await refusal({ ...signed, headers: { authorization: header } })
    expect(missing.code).toBe('parameter_absent')
    expect(missing.parametersAbsent).toEqual(['oauth_nonce'])
  })

  test('parameter_rejected: parameters in two places, sent twice, or a malformed header or timestamp', async () => {
    const signed = await signer({ placement: 'header+query' }).sign(request)
    expect((await refusal(signed)).code).toBe('parameter_rejected')
    const header = signed.headers.get('authorization') as string
    const twice = await refusal({ method: 'GET', url: request.url, headers: { authorization: `${header}, oauth_nonce="again"` } })
    expect(twice).toMatchObject({ code: 'parameter_rejected', parametersRejected: ['oauth_nonce'] })
    const malformed = await refusal({
      method: 'GET',
      url: request.url,
      headers: { authorization: 'OAuth oauth_consumer_key="unterminated' },
    })
    expect(malformed.code).toBe('parameter_rejected')
    const badTimestamp = await signer({ timestamp: '17e8' })
      .sign(request)
      .catch((error: unknown) => error)
    expect(badTimestamp).toMatchObject({ code: 'invalid_options' })
    const forged = header.replace(/oauth_timestamp="\d+"/, 'oauth_timestamp="-5"')
    expect((await refusal({ method: 'GET', url: request.url, headers: { authorization: forged } })).code).toBe('parameter_rejected')
  })

  test('allowCopiedParameters accepts FULL only when the copy is identical', async () => {
    const signed = await signer({ placement: 'header+query' }).sign(request)
    const tampered = signed.url.replace('oauth_nonce=nonce1', 'oauth_nonce=nonce9')
    expect((await refusal({ ...signed, url: tampered }, verifyOptions({ allowCopiedParameters: true }))).code).toBe('parameter_rejected')
  })

  test('version_rejected', async () => {
    const signed = await signer().sign(request)
    const header = (signed.headers.get('authorization') as string).replace('oauth_version="1.0"', 'oauth_version="2.0"')
    expect(await refusal({ ...signed, headers: { authorization: header } })).toMatchObject({
      code: 'version_rejected',
      acceptableVersions: { min: '1.0', max: '1.0' },
    })
  })

  test('signature_method_rejected: PLAINTEXT unless allowed, a method outside the list, RSA without a public key', async () => {
    const plaintext = await oauth1(signerOptions('PLAINTEXT')).sign(request)
    expect((await refusal(plaintext, verifyOptions({ allowedSignatureMethods: undefined }))).code).toBe('signature_method_rejected')
    const sha1 = await signer().sign(request)
    expect((await refusal(sha1, verifyOptions({ allowedSignatureMethods: ['HMAC-SHA256'] }))).code).toBe('signature_method_rejected')
    const rsa = await oauth1(signerOptions('RSA-SHA1')).sign(request)
    expect((await refusal(rsa, verifyOptions({ lookupConsumer: () => ({ secret: consumer.secret }) }))).code).toBe(
      'signature_method_rejected',
    )
  })

  test.each([
    ['HMAC-SHA1', 'an RSA consumer (no secret)', { publicKey: 'unused' }],
    ['HMAC-SHA256', 'a consumer whose secret is empty', { secret: '' }],
    ['PLAINTEXT', 'an RSA consumer (no secret)', { publicKey: 'unused' }],
  ] as const)('signature_method_rejected: %s from %s, signed with the empty secret anyone can use', async (method, _, record) => {
    // The attacker knows the consumer key only: signing with no consumer secret must not pass.
    const forged = await oauth1({ ...signerOptions(method), consumerSecret: '', token: undefined, tokenSecret: undefined }).sign(request)
    const options = verifyOptions({ lookupConsumer: () => record, allowedSignatureMethods: [method] })
    const error = await refusal(forged, options)
    expect(error.code).toBe('signature_method_rejected')
    expect(error.message).toContain(`The consumer has no secret for ${method}`)
  })

  test('timestamp_refused, with the acceptable range', async () => {
    const signed = await signer({ timestamp: NOW_SECONDS - 301 }).sign(request)
    expect(await refusal(signed)).toMatchObject({
      code: 'timestamp_refused',
      acceptableTimestamps: { min: NOW_SECONDS - 300, max: NOW_SECONDS + 300 },
    })
    const wide = verifyOptions({ timestampWindowSeconds: 600 })
    await expect(verifyOAuth1(await signer({ timestamp: NOW_SECONDS - 301 }).sign(request), wide)).resolves.toBeTruthy()
  })

  test('consumer_key_unknown and token_rejected', async () => {
    const signed = await signer().sign(request)
    expect((await refusal(signed, verifyOptions({ lookupConsumer: async () => undefined }))).code).toBe('consumer_key_unknown')
    expect((await refusal(signed, verifyOptions({ lookupToken: async () => undefined }))).code).toBe('token_rejected')
    expect((await refusal(signed, verifyOptions({ lookupToken: undefined }))).code).toBe('token_rejected')
  })

  test('signature_invalid: a wrong secret, or any changed part of the request', async () => {
    const signed = await signer().sign({
      method: 'POST',
      url: 'https://api.example.com/r?a=1',
      body: 'b=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const wrongSecret = verifyOptions({ lookupConsumer: () => ({ secret: 'other' }) })
    expect((await refusal(signed, wrongSecret)).code).toBe('signature_invalid')
    for (const changed of [
      { ...signed, method: 'PUT' },
      { ...signed, url: 'https://api.example.com/r?a=2' },
      { ...signed, url: 'https://api.example.com/R?a=1' },
      { ...signed, url: 'http://api.example.com/r?a=1' },
      { ...signed, url: 'https://api.example.com:8443/r?a=1' },
      { ...signed, body: 'b=3' },
    ]) {
      expect((await refusal(changed)).code).toBe('signature_invalid')
    }
  })

  test('nonce_used: a replay, even of a valid request; the nonce is recorded only once the signature is valid', async () => {
    const nonceStore = new MemoryNonceStore({ now })
    const signed = await signer().sign(request)
    const forged = { ...signed, url: 'https://api.example.com/photos?size=small' }
    expect((await refusal(forged, verifyOptions({ nonceStore }))).code).toBe('signature_invalid')
    await expect(verifyOAuth1(signed, verifyOptions({ nonceStore }))).resolves.toBeTruthy()
    expect((await refusal(signed, verifyOptions({ nonceStore }))).code).toBe('nonce_used')
  })

  test('a malformed Authorization header is an OAuthProblemError (parameter_rejected) naming the request', async () => {
    const error = await refusal({ method: 'GET', url: 'https://ex.com/a?b=1', headers: { authorization: 'OAuth oauth_consumer_key="ck' } })
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect(error.code).toBe('parameter_rejected')
    expect(error.message).toMatch(/^Malformed OAuth Authorization header: .* \(GET https:\/\/ex\.com\/a\)$/)
  })

  test('a timestampWindowSeconds that is not a finite number is refused: NaN would let every timestamp and replay through', async () => {
    const signedRequest = await signer().sign(request)
    for (const timestampWindowSeconds of [Number.NaN, Number.POSITIVE_INFINITY, -1, '300' as unknown as number]) {
      await expect(verifyOAuth1(signedRequest, verifyOptions({ timestampWindowSeconds }))).rejects.toMatchObject({
        name: 'OAuthError',
        code: 'invalid_options',
      })
    }
  })

  test('messages name the request but never a secret, the body or the query', async () => {
    const signed = await signer().sign({ method: 'GET', url: 'https://api.example.com/photos?password=hunter2' })
    const error = await refusal(signed, verifyOptions({ lookupConsumer: () => ({ secret: 'wrong-secret' }) }))
    expect(error.message).toContain('GET https://api.example.com/photos')
    for (const secret of ['hunter2', 'wrong-secret', consumer.secret, accessToken.secret]) expect(error.message).not.toContain(secret)
  })
})

describe('verifyOAuth1 and bodies that are not forms (oauth_body_hash)', () => {
  const json = (body: string): RequestParts => ({
    method: 'POST',
    url: 'https://api.example.com/transfers',
    headers: { 'content-type': 'application/json' },
    body,
  })
  let hashed = 0
  // Nonces of its own: requests of the two signers share nonce stores here.
  const withHash = signer({ bodyHash: 'auto', nonce: () => `hashed${++hashed}` })

  test('a body hash is checked: the body it was made for passes, another body is signature_invalid', async () => {
    const signedRequest = await withHash.sign(json('{"amount":1}'))
    expect((await verifyOAuth1(signedRequest, verifyOptions())).consumerKey).toBe(consumer.key)
    const swapped = await withHash.sign(json('{"amount":1}'))
    const error = await refusal({ ...swapped, body: '{"amount":1000}' })
    expect(error.code).toBe('signature_invalid')
    expect(error.message).toContain('oauth_body_hash does not match the body')
  })

  test('without requireBodyHash, a body signed without a hash is not covered by the signature (RFC 5849)', async () => {
    const unhashed = await signer().sign(json('{"amount":1}'))
    expect((await verifyOAuth1({ ...unhashed, body: '{"amount":1000}' }, verifyOptions())).consumerKey).toBe(consumer.key)
  })

  test('requireBodyHash refuses such a body without a hash (parameter_absent), before the nonce is spent', async () => {
    const nonceStore = new MemoryNonceStore({ now })
    const options = verifyOptions({ requireBodyHash: true, nonceStore })
    const plain = signer()
    const error = await refusal(await plain.sign(json('{"amount":1}')), options)
    expect(error).toMatchObject({ code: 'parameter_absent', parametersAbsent: ['oauth_body_hash'] })
    expect(nonceStore.size).toBe(0)
    // With a hash it passes; so do a form body and a request without a body, which need none.
    expect((await verifyOAuth1(await withHash.sign(json('{"amount":1}')), options)).consumerKey).toBe(consumer.key)
    const form: RequestParts = { ...json('a=1'), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
    expect((await verifyOAuth1(await plain.sign(form), options)).consumerKey).toBe(consumer.key)
    expect((await verifyOAuth1(await plain.sign(request), options)).consumerKey).toBe(consumer.key)
    // A Web Request's body counts the same way.
    const signedRequest = await plain.sign(json('{"amount":1}'))
    const web = new Request(signedRequest.url, { method: 'POST', headers: signedRequest.headers, body: '{"amount":1}' })
    expect((await refusal(web, verifyOptions({ requireBodyHash: true }))).code).toBe('parameter_absent')
  })
})

describe('verifyOAuth1 and maxParameters', () => {
  const form = (body: string, url = 'https://api.example.com/upload'): RequestParts => ({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
  // Parameters whose every escape is malformed: each one cost the old decoder a thrown exception.
  const malformed = (count: number): string => Array.from({ length: count }, (_, i) => `f${i}=%E2%zz%`).join('&')
  const counting = () => {
    const looked: string[] = []
    return { looked, options: verifyOptions({ lookupConsumer: (key) => void looked.push(key) }) }
  }

  test('more than 1000 in the query and body together are refused (too_many_parameters) before any is used', async () => {
    // The protocol parameters are in the body: nothing can be checked before it is scanned.
    const signed = await signer({ placement: 'body' }).sign(form(malformed(1000)))
    const { looked, options } = counting()
    const error = await verifyOAuth1(signed, options).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'OAuthError', code: 'too_many_parameters' })
    expect(error).not.toBeInstanceOf(OAuthProblemError)
    expect((error as Error).message).toMatch(/more than 1000 parameters.*\(POST https:\/\/api\.example\.com\/upload\)$/)
    expect(looked).toEqual([])
    // Split between the query and the body, they count together.
    const split = await signer({ placement: 'query' }).sign(form(malformed(500), `https://api.example.com/upload?${malformed(500)}`))
    expect(await verifyOAuth1(split, verifyOptions()).catch((caught: unknown) => caught)).toMatchObject({ code: 'too_many_parameters' })
  })

  test('up to maxParameters pass, malformed escapes and all, and empty segments do not count', async () => {
    const signed = await signer({ placement: 'body' }).sign(form(`${malformed(3)}&&&&`))
    const protocol = 7 // consumer key, token, signature method, timestamp, nonce, version, signature
    const verified = await verifyOAuth1(signed, verifyOptions({ maxParameters: 3 + protocol }))
    expect(verified.parameters).toEqual([
      ['f0', '\uFFFD%zz%'],
      ['f1', '\uFFFD%zz%'],
      ['f2', '\uFFFD%zz%'],
    ])
    const error = await verifyOAuth1(signed, verifyOptions({ maxParameters: 2 + protocol })).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'too_many_parameters' })
  })

  test('an Authorization header is checked before the query and body are parsed', async () => {
    // A stale timestamp is refused as such, not as the body's parameters would be.
    const stale = await signer({ timestamp: NOW_SECONDS - 3600 }).sign(form(malformed(5000)))
    expect((await refusal(stale)).code).toBe('timestamp_refused')
    const unknown = await signer({ consumerKey: 'nobody' }).sign(form(malformed(5000)))
    expect((await refusal(unknown)).code).toBe('consumer_key_unknown')
  })

  test('a maxParameters that is not a number, 0 or more, is refused', async () => {
    const signedRequest = await signer().sign(request)
    for (const maxParameters of [Number.NaN, -1, '1000' as unknown as number]) {
      await expect(verifyOAuth1(signedRequest, verifyOptions({ maxParameters }))).rejects.toMatchObject({ code: 'invalid_options' })
    }
  })
})

describe('MemoryNonceStore', () => {
  test('forgets a nonce once its window has passed', async () => {
    let clock = 0
    const store = new MemoryNonceStore({ now: () => clock, maxEntries: 3 })
    const use = (nonce: string, ttlSeconds = 10) => store.use({ consumerKey: 'k', token: '', timestamp: 1, nonce, ttlSeconds })
    expect(await use('a')).toBe(true)
    expect(await use('a')).toBe(false)
    clock = 10_001
    expect(await use('a')).toBe(true)
    expect(store.size).toBe(1)
  })

  test('full of nonces still inside their window, it refuses new ones (store_full) and never forgets one early', async () => {
    let clock = 0
    const store = new MemoryNonceStore({ now: () => clock, maxEntries: 3, maxEntriesPerConsumer: 10 })
    const use = (nonce: string, ttlSeconds = 100) => store.use({ consumerKey: 'k', token: '', timestamp: 1, nonce, ttlSeconds })
    for (const nonce of ['a', 'b', 'c']) expect(await use(nonce)).toBe(true)
    for (const nonce of ['d', 'e']) {
      const error = await use(nonce).then(
        () => undefined,
        (failure: unknown) => failure,
      )
      expect(error).toMatchObject({ name: 'OAuthError', code: 'store_full' })
      expect((error as Error).message).toContain('raise maxEntries')
    }
    // The first nonce is still remembered: its replay is refused, not accepted.
    expect(await use('a')).toBe(false)
    expect(store.size).toBe(3)
    // Once the window of some has passed, there is room again.
    clock = 100_001
    expect(await use('d', 10)).toBe(true)
    expect(store.size).toBe(1)
  })

  test('a ttlSeconds that is not a number, or a maxEntries that is not a positive whole number, is refused', async () => {
    const store = new MemoryNonceStore({ now })
    await expect(store.use({ consumerKey: 'k', token: '', timestamp: 1, nonce: 'n', ttlSeconds: Number.NaN })).rejects.toMatchObject({
      code: 'invalid_options',
    })
    for (const maxEntries of [0, 1.5, Number.NaN]) expect(() => new MemoryNonceStore({ maxEntries })).toThrow(/maxEntries/)
  })

  test('a nonce is scoped to consumer, token and timestamp', async () => {
    const store = new MemoryNonceStore({ now })
    const entry = { consumerKey: 'k', token: 't', timestamp: 1, nonce: 'n', ttlSeconds: 60 }
    expect(await store.use(entry)).toBe(true)
    expect(await store.use({ ...entry, consumerKey: 'k2' })).toBe(true)
    expect(await store.use({ ...entry, token: 't2' })).toBe(true)
    expect(await store.use({ ...entry, timestamp: 2 })).toBe(true)
    expect(await store.use(entry)).toBe(false)
  })
})
