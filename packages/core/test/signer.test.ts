import type { RequestParts, SignatureMethod } from '@oauthkit/core'
import { isOAuthError, OAuthError, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import { parseAuthorizationHeader, SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'
import { rsaKeys } from '../../../test/fixtures/index.ts'
import { accessToken, consumer, NOW_SECONDS, signerOptions, verifyOptions } from './helpers/credentials.ts'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const oauthNames = (pairs: Iterable<[string, string]>): string[] =>
  [...pairs].map(([name]) => name).filter((name) => name.startsWith('oauth_'))

describe('placement', () => {
  const signer = oauth1(signerOptions('HMAC-SHA1'))
  const post: RequestParts = { method: 'POST', url: 'https://api.example.com/r?q=1', headers: FORM, body: 'a=1' }

  test("'header' puts the parameters only in the Authorization header", async () => {
    const signed = await signer.sign(post, { placement: 'header' })
    expect(signed.headers.get('authorization')).toMatch(/^OAuth oauth_consumer_key="consumer-key", oauth_token="access-token", /)
    expect(signed.url).toBe('https://api.example.com/r?q=1')
    expect(signed.body).toBe('a=1')
  })

  test("'query' puts them only in the query string, after the caller's parameters", async () => {
    const signed = await signer.sign(post, { placement: 'query' })
    const url = new URL(signed.url)
    expect(signed.headers.has('authorization')).toBe(false)
    expect([...url.searchParams.keys()].slice(0, 2)).toEqual(['q', 'oauth_consumer_key'])
    expect(url.searchParams.get('oauth_signature')).toBe(signed.oauth.signature)
    expect(signed.body).toBe('a=1')
  })

  test("'body' puts them only in the form body", async () => {
    const signed = await signer.sign(post, { placement: 'body' })
    const body = new URLSearchParams(signed.body as string)
    expect(signed.headers.has('authorization')).toBe(false)
    expect(signed.url).toBe('https://api.example.com/r?q=1')
    expect(body.get('a')).toBe('1')
    expect(body.get('oauth_signature')).toBe(signed.oauth.signature)
  })

  test("'body' on a POST without a body makes a form body and says so in Content-Type", async () => {
    const signed = await signer.sign({ method: 'POST', url: 'https://api.example.com/r' }, { placement: 'body' })
    expect(signed.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(oauthNames(new URLSearchParams(signed.body as string))).toContain('oauth_signature')
  })

  test("'header+query' and 'header+body' send one signature in both places (Falcon's FULL)", async () => {
    for (const placement of ['header+query', 'header+body'] as const) {
      const signed = await signer.sign(post, { placement })
      const header = parseAuthorizationHeader(signed.headers.get('authorization') ?? '')
      const copy = placement === 'header+query' ? new URL(signed.url).searchParams : new URLSearchParams(signed.body as string)
      expect([...copy].filter(([name]) => name.startsWith('oauth_'))).toEqual(header?.parameters)
    }
  })

  test('every placement round-trips through the verifier, FULL only when copies are allowed', async () => {
    for (const placement of PLACEMENTS) {
      const signed = await signer.sign(post, { placement })
      const full = placement.includes('+')
      const verified = await verifyOAuth1(signed, verifyOptions({ allowCopiedParameters: full }))
      expect(verified.location).toBe(placement === 'query' ? 'query' : placement === 'body' ? 'body' : 'header')
      if (full) {
        const again = await signer.sign(post, { placement })
        await expect(verifyOAuth1(again, verifyOptions())).rejects.toMatchObject({ code: 'parameter_rejected' })
      }
    }
  })

  test("'body' is refused, never moved elsewhere, on a GET, a HEAD and a JSON body", async () => {
    for (const request of [
      { method: 'GET', url: 'https://api.example.com/r' },
      { method: 'head', url: 'https://api.example.com/r' },
      { method: 'POST', url: 'https://api.example.com/r', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
      { method: 'PUT', url: 'https://api.example.com/r', body: new Uint8Array([1, 2]) },
    ]) {
      const error = await signer.sign(request, { placement: 'header+body' }).catch((caught: unknown) => caught)
      expect(isOAuthError(error) && error.code).toBe('placement_unsupported')
      expect((error as Error).message).toContain(`${request.method.toUpperCase()} https://api.example.com/r`)
    }
  })

  test('an unknown placement is a typed error', async () => {
    // @ts-expect-error: not a placement
    await expect(signer.sign(post, { placement: 'cookie' })).rejects.toMatchObject({ code: 'invalid_options' })
    // @ts-expect-error: not a placement
    expect(() => oauth1({ consumerKey: 'k', placement: 'NONE' })).toThrow(/unknown placement "NONE"/)
  })
})

describe('what is signed', () => {
  test("an earlier attempt's parameters are replaced also when their names are escaped (oauth%5Fnonce)", async () => {
    const signed = await oauth1(signerOptions('HMAC-SHA1', { placement: 'query' })).sign({
      method: 'GET',
      url: 'https://api.example.com/r?a=1&oauth%5Fnonce=old&oauth%5Fsignature=old',
    })
    const names = [...new URL(signed.url).searchParams.keys()]
    expect(names.filter((name) => name === 'oauth_nonce')).toHaveLength(1)
    expect(names.filter((name) => name === 'oauth_signature')).toHaveLength(1)
    expect(new URL(signed.url).searchParams.get('oauth_nonce')).not.toBe('old')
    expect((await verifyOAuth1(signed, verifyOptions())).parameters).toEqual([['a', '1']])
  })

  test.each([
    ['a Uint8Array', () => new TextEncoder().encode('a=1&s=%E2%98%83+x')],
    ['an ArrayBuffer', () => new TextEncoder().encode('a=1&s=%E2%98%83+x').buffer],
    ['a DataView', () => new DataView(new TextEncoder().encode('a=1&s=%E2%98%83+x').buffer)],
  ])('a form body held as bytes (%s, as axios and got hold one) is signed as the form, in every placement', async (_, bytes) => {
    for (const placement of ['header', 'query', 'body'] as const) {
      const request: RequestParts = {
        method: 'POST',
        url: 'https://api.example.com/r',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: bytes(),
      }
      const signed = await oauth1(signerOptions('HMAC-SHA1', { placement })).sign(request)
      expect(signed.oauth.baseString).toContain('&a%3D1%26')
      expect(signed.oauth.baseString).toContain('%26s%3D%25E2%2598%2583%2520x')
      // Only the body placement writes a new body (text); otherwise the bytes go as they were.
      if (placement === 'body') expect(signed.body).toMatch(/^a=1&s=%E2%98%83\+x&oauth_consumer_key=/)
      else expect(signed.body).toBe(request.body)
      const verified = await verifyOAuth1({ ...signed, headers: signed.headers }, verifyOptions())
      expect(verified.parameters).toEqual([
        ['a', '1'],
        ['s', '☃ x'],
      ])
    }
  })

  test('query and form parameters are decoded as a server decodes them', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    const signed = await signer.sign({
      method: 'POST',
      url: 'https://api.example.com/r?q=a+b&x=a=b&k%5B%5D=1&k%5B%5D=2&zero=0&empty=',
      headers: { 'Content-Type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' },
      body: 'k%5B%5D=3&s=%E2%98%83',
    })
    const parameters = signed.oauth.baseString.split('&')[2] as string
    expect(decodeURIComponent(parameters)).toBe(
      'empty=&k%5B%5D=1&k%5B%5D=2&k%5B%5D=3&oauth_consumer_key=consumer-key&oauth_nonce=nonce1&oauth_signature_method=HMAC-SHA1' +
        `&oauth_timestamp=${NOW_SECONDS}&oauth_token=access-token&oauth_version=1.0&q=a%20b&s=%E2%98%83&x=a%3Db&zero=0`,
    )
  })

  test('a URLSearchParams body is a form; JSON and text bodies are not parsed', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    const form = await signer.sign({ method: 'POST', url: 'https://x.test/', body: new URLSearchParams({ a: '1' }) })
    expect(form.oauth.baseString).toContain('a%3D1')
    const json = await signer.sign({ method: 'POST', url: 'https://x.test/', headers: { 'content-type': 'application/json' }, body: 'a=1' })
    expect(json.oauth.baseString).not.toContain('a%3D1')
    const text = await signer.sign({ method: 'POST', url: 'https://x.test/', body: 'a=1' })
    expect(text.oauth.baseString).not.toContain('a%3D1')
  })

  test('realm is the first field of the header, a quoted-string, and never signed', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { realm: 'Photos "and" \\ more' }))
    const signed = await signer.sign({ method: 'GET', url: 'https://x.test/?realm=query-realm' })
    expect(signed.headers.get('authorization')).toMatch(/^OAuth realm="Photos \\"and\\" \\\\ more", oauth_consumer_key=/)
    expect(signed.oauth.baseString).toContain('realm%3Dquery-realm')
    expect(signed.oauth.baseString).not.toContain('Photos')
    const verified = await verifyOAuth1(signed, verifyOptions())
    expect(verified.realm).toBe('Photos "and" \\ more')
  })

  test('realm is not sent with the query or body placement', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { realm: 'Photos', placement: 'query' }))
    const signed = await signer.sign({ method: 'GET', url: 'https://x.test/' })
    expect(signed.url).not.toContain('realm')
  })

  test('a realm that cannot go in a header is refused', () => {
    expect(() => oauth1({ consumerKey: 'k', realm: 'ü' })).toThrow(OAuthError)
    expect(() => oauth1({ consumerKey: 'k', realm: 'a\r\nb' })).toThrow(/realm must be printable ASCII/)
  })

  test("version: false leaves oauth_version out; '1.0' is the default", async () => {
    const withVersion = await oauth1(signerOptions('HMAC-SHA1')).sign({ method: 'GET', url: 'https://x.test/' })
    expect(oauthNames(withVersion.oauth.parameters)).toContain('oauth_version')
    const without = await oauth1(signerOptions('HMAC-SHA1', { version: false })).sign({ method: 'GET', url: 'https://x.test/' })
    expect(oauthNames(without.oauth.parameters)).not.toContain('oauth_version')
  })

  test('callback and verifier are protocol parameters, also per request', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { token: undefined, tokenSecret: undefined, callback: 'oob' }))
    const request = await signer.sign({ method: 'POST', url: 'https://x.test/request_token' })
    expect(request.oauth.parameters).toContainEqual(['oauth_callback', 'oob'])
    expect(oauthNames(request.oauth.parameters)).not.toContain('oauth_token')
    const access = await signer.sign(
      { method: 'POST', url: 'https://x.test/access_token' },
      { token: 'request-token', tokenSecret: 'request-secret', verifier: 'v123', callback: 'https://app.test/cb' },
    )
    expect(access.oauth.parameters).toContainEqual(['oauth_verifier', 'v123'])
    expect(access.oauth.parameters).toContainEqual(['oauth_token', 'request-token'])
    expect(access.oauth.parameters).toContainEqual(['oauth_callback', 'https://app.test/cb'])
  })

  test('the method is signed in uppercase and sent as given', async () => {
    const signed = await oauth1(signerOptions('HMAC-SHA1')).sign({ method: 'patch', url: 'https://x.test/' })
    expect(signed.method).toBe('patch')
    expect(signed.oauth.baseString.startsWith('PATCH&')).toBe(true)
  })
})

describe('every attempt is signed afresh', () => {
  test('oauth_* parameters of an earlier attempt are replaced, not appended', async () => {
    for (const placement of ['query', 'body', 'header'] as const) {
      const signer = oauth1(signerOptions('HMAC-SHA1'))
      const first = await signer.sign({ method: 'POST', url: 'https://x.test/r?keep=1', headers: FORM, body: 'b=2' }, { placement })
      const second = await signer.sign(first, { placement: placement === 'header' ? 'query' : placement })
      const all = [...new URL(second.url).searchParams, ...new URLSearchParams(second.body as string)]
      expect(oauthNames(all).filter((name) => name === 'oauth_signature')).toHaveLength(1)
      expect(oauthNames(all).filter((name) => name === 'oauth_nonce')).toHaveLength(1)
      expect(second.oauth.parameters).toContainEqual(['oauth_nonce', 'nonce2'])
      expect(all).toContainEqual(['keep', '1'])
      expect(all).toContainEqual(['b', '2'])
      // The stale header of a header-placed first attempt is gone when the retry goes in the query.
      if (placement === 'header') expect(second.headers.has('authorization')).toBe(false)
      await expect(verifyOAuth1(second, verifyOptions())).resolves.toMatchObject({ nonce: 'nonce2' })
    }
  })

  test("oauth_* parameters the signer does not write are the caller's and stay", async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { placement: 'body' }))
    const signed = await signer.sign({ method: 'POST', url: 'https://x.test/r?oauth_custom=1', headers: FORM, body: 'x=1' })
    expect(new URL(signed.url).searchParams.get('oauth_custom')).toBe('1')
  })

  test('nonces come from the CSPRNG, 128 bits, and never repeat', async () => {
    const signer = oauth1({ consumerKey: 'k', consumerSecret: 's', timestamp: NOW_SECONDS })
    const nonces = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const signed = await signer.sign({ method: 'GET', url: 'https://x.test/' })
      const nonce = signed.oauth.parameters.find(([name]) => name === 'oauth_nonce')?.[1] ?? ''
      expect(nonce).toMatch(/^[0-9a-f]{32}$/)
      nonces.add(nonce)
    }
    expect(nonces.size).toBe(2000)
  })

  test('the timestamp comes from the given clock, in milliseconds, as whole seconds', async () => {
    let ms = 1_600_000_000_900
    const signer = oauth1({ consumerKey: 'k', now: () => ms })
    const first = await signer.sign({ method: 'GET', url: 'https://x.test/' })
    ms += 60_000
    const second = await signer.sign({ method: 'GET', url: 'https://x.test/' })
    expect(first.oauth.parameters).toContainEqual(['oauth_timestamp', '1600000000'])
    expect(second.oauth.parameters).toContainEqual(['oauth_timestamp', '1600000060'])
    await expect(
      oauth1({ consumerKey: 'k', timestamp: 'yesterday' }).sign({ method: 'GET', url: 'https://x.test/' }),
    ).rejects.toMatchObject({
      code: 'invalid_options',
    })
  })

  test('a clock as timestamp is refused: a clock is now(), in milliseconds', async () => {
    const clock = () => 1_600_000_000
    // @ts-expect-error timestamp is one fixed value; a clock is now: () => milliseconds.
    const signer = oauth1({ consumerKey: 'k', timestamp: clock })
    await expect(signer.sign({ method: 'GET', url: 'https://x.test/' })).rejects.toMatchObject({ code: 'invalid_options' })
  })
})

describe('the caller is never changed', () => {
  test('headers, URL, URLSearchParams body and options stay as they were', async () => {
    const options = signerOptions('HMAC-SHA1', { placement: 'body' })
    const snapshot = { ...options }
    const headers = new Headers({ 'x-trace': '1' })
    const url = new URL('https://x.test/r?oauth_signature=old&a=1')
    const body = new URLSearchParams('oauth_nonce=old&b=2')
    const request = { method: 'POST', url, headers, body }
    const signed = await oauth1(options).sign(request)
    expect(signed.headers).not.toBe(headers)
    expect([...headers]).toEqual([['x-trace', '1']])
    expect(url.href).toBe('https://x.test/r?oauth_signature=old&a=1')
    expect(body.toString()).toBe('oauth_nonce=old&b=2')
    expect(request).toEqual({ method: 'POST', url, headers, body })
    expect(options).toEqual(snapshot)
  })
})

describe('body hash', () => {
  const json = { method: 'PUT', url: 'https://x.test/doc', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }

  test('is off by default', async () => {
    const signed = await oauth1(signerOptions('HMAC-SHA1')).sign(json)
    expect(oauthNames(signed.oauth.parameters)).not.toContain('oauth_body_hash')
  })

  test('true hashes a non-form body with SHA-1 by default, and the empty string for none', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { bodyHash: true }))
    const signed = await signer.sign(json)
    expect(signed.oauth.parameters).toContainEqual(['oauth_body_hash', 'n4nHQM60bXQYySSnisV5QdXpZSA='])
    const empty = await signer.sign({ method: 'GET', url: 'https://x.test/' })
    expect(empty.oauth.parameters).toContainEqual(['oauth_body_hash', '2jmj7l5rSw0yVb/vlWAYkK/YBwk='])
    await expect(verifyOAuth1(signed, verifyOptions())).resolves.toBeTruthy()
  })

  test("'auto' hashes only a non-empty body, never a form", async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { bodyHash: 'auto' }))
    expect(oauthNames((await signer.sign({ method: 'GET', url: 'https://x.test/' })).oauth.parameters)).not.toContain('oauth_body_hash')
    expect(oauthNames((await signer.sign(json)).oauth.parameters)).toContain('oauth_body_hash')
    const form = await signer.sign({ method: 'POST', url: 'https://x.test/', headers: FORM, body: 'a=1' })
    expect(oauthNames(form.oauth.parameters)).not.toContain('oauth_body_hash')
  })

  test('bytes and blobs are hashed; the algorithm can be chosen', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA256', { bodyHash: true, bodyHashAlgorithm: 'SHA-256' }))
    const bytes = await signer.sign({ method: 'POST', url: 'https://x.test/', body: new TextEncoder().encode('{"a":1}') })
    const blob = await signer.sign({ method: 'POST', url: 'https://x.test/', body: new Blob(['{"a":1}']) })
    const expected = ['oauth_body_hash', 'AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX+GI=']
    expect(bytes.oauth.parameters).toContainEqual(expected)
    expect(blob.oauth.parameters).toContainEqual(expected)
  })

  test('a FormData or stream body cannot be hashed: a typed error', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1', { bodyHash: true }))
    const formData = new FormData()
    formData.set('file', 'x')
    await expect(signer.sign({ method: 'POST', url: 'https://x.test/', body: formData })).rejects.toMatchObject({ code: 'body_unreadable' })
    await expect(signer.sign({ method: 'POST', url: 'https://x.test/', body: new ReadableStream() })).rejects.toMatchObject({
      code: 'body_unreadable',
    })
  })

  test('a tampered body fails verification', async () => {
    const signed = await oauth1(signerOptions('HMAC-SHA1', { bodyHash: true })).sign(json)
    await expect(verifyOAuth1({ ...signed, body: '{"a":2}' }, verifyOptions())).rejects.toMatchObject({ code: 'signature_invalid' })
  })
})

describe('keys and crypto', () => {
  const request = { method: 'GET', url: 'https://x.test/r?a=1' }

  test.each(SIGNATURE_METHODS.map((method) => [method]))(
    '%s gives the same signature with Node crypto and with WebCrypto',
    async (method) => {
      const node = await oauth1(signerOptions(method as SignatureMethod)).sign(request)
      const web = await oauth1(signerOptions(method as SignatureMethod, { crypto: 'webcrypto' })).sign(request)
      expect(web.oauth.signature).toBe(node.oauth.signature)
      await expect(verifyOAuth1(web, verifyOptions({ crypto: 'webcrypto' }))).resolves.toBeTruthy()
    },
  )

  test('empty secrets sign with the key "&" on both paths (WebCrypto refuses a zero-length key)', async () => {
    const bare = { consumerKey: 'k', timestamp: NOW_SECONDS, nonce: 'n' }
    const node = await oauth1(bare).sign(request)
    const web = await oauth1({ ...bare, crypto: 'webcrypto' }).sign(request)
    expect(web.oauth.signature).toBe(node.oauth.signature)
    const custom = await oauth1({ ...bare, crypto: 'webcrypto', signingKey: () => '' }).sign(request)
    const customNode = await oauth1({ ...bare, signingKey: () => '' }).sign(request)
    expect(custom.oauth.signature).toBe(customNode.oauth.signature)
  })

  test('PLAINTEXT signs with the key itself', async () => {
    const signed = await oauth1(signerOptions('PLAINTEXT')).sign(request)
    expect(signed.oauth.signature).toBe('consumer-secret%26with%2Fodd%20chars&token-secret%25%2B%3D')
  })

  test('a signing-key strategy replaces the default key (Falcon makeSecret)', async () => {
    const signer = oauth1(signerOptions('PLAINTEXT', { signingKey: (cs, ts) => `${cs}|${ts}` }))
    expect((await signer.sign(request)).oauth.signature).toBe(`${consumer.secret}|${accessToken.secret}`)
  })

  test('RSA keys are read from PKCS#8, PKCS#1 and CryptoKey alike', async () => {
    const pkcs8 = await oauth1(signerOptions('RSA-SHA256')).sign(request)
    const pkcs1 = await oauth1(signerOptions('RSA-SHA256', { privateKey: rsaKeys.privatePkcs1 })).sign(request)
    const pkcs1Web = await oauth1(signerOptions('RSA-SHA256', { privateKey: rsaKeys.privatePkcs1, crypto: 'webcrypto' })).sign(request)
    const der = Uint8Array.from(atob(rsaKeys.privatePkcs8.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))
    const cryptoKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
    const fromKey = await oauth1(signerOptions('RSA-SHA256', { privateKey: cryptoKey })).sign(request)
    const fromKeyWeb = await oauth1(signerOptions('RSA-SHA256', { privateKey: cryptoKey, crypto: 'webcrypto' })).sign(request)
    for (const signed of [pkcs1, pkcs1Web, fromKey, fromKeyWeb]) expect(signed.oauth.signature).toBe(pkcs8.oauth.signature)
    await expect(verifyOAuth1(pkcs8, verifyOptions({ lookupConsumer: () => ({ publicKey: rsaKeys.publicPkcs1 }) }))).resolves.toBeTruthy()
  })

  test('a CryptoKey for another hash is refused clearly on the WebCrypto path', async () => {
    const der = Uint8Array.from(atob(rsaKeys.privatePkcs8.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))
    const sha1Key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, false, ['sign'])
    const signer = oauth1(signerOptions('RSA-SHA512', { privateKey: sha1Key, crypto: 'webcrypto' }))
    await expect(signer.sign(request)).rejects.toThrow(/does not fit RSA-SHA512: import it as RSASSA-PKCS1-v1_5 with hash SHA-512/)
  })

  test('bad keys are typed errors that never contain the key', async () => {
    const garbled = rsaKeys.privatePkcs8.replace(/[A-Za-z0-9]{20}/, 'AAAAAAAAAAAAAAAAAAAA')
    // A missing key fails oauth1(); a key that cannot be read fails the first sign() (RSA is loaded
    // then), and every later one, on Node's crypto and on WebCrypto alike.
    const missing = (() => {
      try {
        oauth1(signerOptions('RSA-SHA1', { privateKey: undefined }))
      } catch (caught) {
        return caught
      }
    })()
    expect(isOAuthError(missing)).toBe(true)
    expect((missing as Error).message).toMatch(/RSA-SHA1 needs a privateKey/)
    for (const crypto of ['auto', 'webcrypto'] as const) {
      for (const [privateKey, pattern] of [
        ['not a key', /not a PEM-encoded key/],
        [rsaKeys.publicSpki, /PEM "PUBLIC KEY"; expected "PRIVATE KEY" or "RSA PRIVATE KEY"/],
        ['-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', /encrypted/],
        [garbled, /could not be read/],
      ] as const) {
        const signer = oauth1(signerOptions('RSA-SHA1', { privateKey, crypto }))
        for (let attempt = 0; attempt < 2; attempt++) {
          const error = await signer.sign(request).then(
            () => undefined,
            (caught: unknown) => caught,
          )
          expect(isOAuthError(error)).toBe(true)
          expect((error as Error).message).toMatch(pattern)
          expect(JSON.stringify({ message: (error as Error).message, error })).not.toMatch(/MII[A-Za-z0-9+/]{10}/)
        }
      }
    }
  })
})

describe('errors', () => {
  test('a token given for one request needs its secret; the configured token, or RSA, does not', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    await expect(signer.sign({ method: 'GET', url: 'https://x.test/' }, { token: 'other' })).rejects.toMatchObject({
      code: 'invalid_options',
      message: 'sign(): a token given for one request needs its tokenSecret',
    })
    await signer.sign({ method: 'GET', url: 'https://x.test/' }, { token: accessToken.token })
    await oauth1(signerOptions('RSA-SHA256')).sign({ method: 'GET', url: 'https://x.test/' }, { token: 'other' })
  })

  test('PLAINTEXT over plain http is refused (RFC 5849 3.4.4: it sends the secrets); https and loopback are signed', async () => {
    const signer = oauth1(signerOptions('PLAINTEXT'))
    const error = await signer.sign({ method: 'GET', url: 'http://api.example.com/r?q=1' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ name: 'OAuthError', code: 'request_invalid' })
    expect((error as Error).message).toBe(
      'Cannot sign GET http://api.example.com/r with PLAINTEXT: it sends the secrets, so only over https (or with allowInsecureRequests)',
    )
    for (const url of ['https://api.example.com/r', 'http://127.0.0.1:8080/r', 'http://localhost/r', 'http://[::1]:3000/r']) {
      expect((await signer.sign({ method: 'GET', url })).oauth.signature).toBe('consumer-secret%26with%2Fodd%20chars&token-secret%25%2B%3D')
    }
    // A test server on another host opts in by name, as oauth2() does.
    const insecure = oauth1(signerOptions('PLAINTEXT', { allowInsecureRequests: true }))
    expect((await insecure.sign({ method: 'GET', url: 'http://api.example.com/r' })).oauth.signature).toBe(
      'consumer-secret%26with%2Fodd%20chars&token-secret%25%2B%3D',
    )
    // HMAC over http is signed: it sends no secret.
    expect((await oauth1(signerOptions('HMAC-SHA1')).sign({ method: 'GET', url: 'http://api.example.com/r' })).url).toBe(
      'http://api.example.com/r',
    )
  })

  test('invalid options name the option and never a secret', () => {
    const secret = 'super-secret-value'
    for (const options of [
      { consumerKey: '', consumerSecret: secret },
      { consumerKey: 'k', consumerSecret: secret, signatureMethod: 'HMAC-MD5' },
      { consumerKey: 'k', consumerSecret: secret, tokenSecret: 42 },
      { consumerKey: 'k', consumerSecret: secret, bodyHash: 'yes' },
      { consumerKey: 'k', consumerSecret: secret, version: '2.0' },
    ]) {
      const error = (() => {
        try {
          oauth1(options as never)
        } catch (caught) {
          return caught as OAuthError
        }
      })()
      expect(error).toBeInstanceOf(OAuthError)
      expect(error?.code).toBe('invalid_options')
      expect(`${error?.message} ${error?.stack}`).not.toContain(secret)
    }
  })

  test('a request that cannot be signed names its method, not its query', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    await expect(signer.sign({ method: 'GET', url: '/relative?token=abc' })).rejects.toMatchObject({
      code: 'request_invalid',
      message: expect.stringContaining('Cannot sign GET'),
    })
    await expect(signer.sign({ method: 'GET x', url: 'https://x.test/' })).rejects.toMatchObject({ code: 'request_invalid' })
  })

  test('the signer object holds no secret', () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    const shown = JSON.stringify(signer) + Object.values(signer).join(' ')
    expect(shown).not.toContain(consumer.secret)
    expect(shown).not.toContain(accessToken.secret)
  })

  test('with() makes a new signer and leaves the old one alone', async () => {
    const signer = oauth1(signerOptions('HMAC-SHA1'))
    const other = signer.with({ token: 'other', tokenSecret: 'other-secret' })
    expect(other.token).toBe('other')
    expect(signer.token).toBe('access-token')
  })
})
