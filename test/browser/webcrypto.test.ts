// The core in Chromium: no Node crypto there, so every signature below is WebCrypto's, and the
// loopback server checks it with Node's.
import type { OAuth1Options, SignatureMethod } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import { canFollowRedirectsManually } from '@oauthkit/core/adapter'
import { expect, inject, test } from 'vitest'
import { RFC5849_PHOTOS } from '../fixtures/rfc5849.ts'
import type { Verdict } from './server.ts'

const server = inject('oauthServer')
let sequence = 0
const credentials = (changes: Partial<OAuth1Options> = {}): OAuth1Options => ({
  consumerKey: server.consumer.key,
  consumerSecret: server.consumer.secret,
  token: server.token.token,
  tokenSecret: server.token.secret,
  timestamp: server.now,
  nonce: () => `webcrypto-${++sequence}`,
  crypto: 'webcrypto',
  ...changes,
})

async function send(signed: { method: string; url: string; headers: Headers; body: unknown }): Promise<Verdict> {
  const response = await fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body as BodyInit | null })
  return (await response.json()) as Verdict
}

test('runs in Chromium, where Node crypto is not there to be used', () => {
  expect(navigator.userAgent).toMatch(/Chrome\//)
  const processObject = (globalThis as { process?: { getBuiltinModule?: unknown } }).process
  expect(typeof processObject?.getBuiltinModule).toBe('undefined')
  expect(typeof crypto.subtle.sign).toBe('function')
  // A manual redirect is opaque here: the adapters leave redirects to the browser.
  expect(canFollowRedirectsManually()).toBe(false)
})

test('HMAC-SHA1 through WebCrypto gives the signature of RFC 5849 section 1.2', async () => {
  const signed = await oauth1({ ...RFC5849_PHOTOS.options, crypto: 'webcrypto' }).sign(RFC5849_PHOTOS.request)
  expect(signed.oauth.signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=')
  expect(signed.headers.get('authorization')).toBe(
    'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
  )
})

test.each<[string, SignatureMethod, Partial<OAuth1Options>]>([
  ['HMAC-SHA1', 'HMAC-SHA1', {}],
  ['HMAC-SHA256', 'HMAC-SHA256', {}],
  ['RSA-SHA256 with a PKCS#8 PEM key', 'RSA-SHA256', { privateKey: server.rsaPrivatePkcs8 }],
  ['RSA-SHA256 with a PKCS#1 PEM key', 'RSA-SHA256', { privateKey: server.rsaPrivatePkcs1 }],
])('%s: signed in the browser, verified by the server', async (_, signatureMethod, changes) => {
  const signer = oauth1(credentials({ signatureMethod, ...changes }))
  const get = await send(await signer.sign({ method: 'GET', url: `${server.origin}/photos?file=vacation.jpg&size=original` }))
  expect(get).toMatchObject({
    verified: true,
    signatureMethod,
    location: 'header',
    parameters: [
      ['file', 'vacation.jpg'],
      ['size', 'original'],
    ],
  })
  const post = await send(
    await signer.sign(
      {
        method: 'POST',
        url: `${server.origin}/status?x=1`,
        body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen, a signed OAuth request!' }),
      },
      { placement: 'body' },
    ),
  )
  expect(post).toMatchObject({ verified: true, signatureMethod, location: 'body' })
  expect(post.parameters).toEqual([
    ['x', '1'],
    ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
  ])
})

test('a wrong secret is refused: the server does check what the browser signed', async () => {
  const signer = oauth1(credentials({ consumerSecret: 'not the secret' }))
  expect(await send(await signer.sign({ method: 'GET', url: `${server.origin}/photos` }))).toMatchObject({
    verified: false,
    problem: 'signature_invalid',
  })
})
