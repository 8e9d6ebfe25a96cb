// The signer's fast paths against the plain definitions they replace: encoding twice in one pass,
// decoding and encoding a form component in one pass, sorting and joining the encoded parameters,
// the memo of encoded base string URIs, the nonce pool, the prepared HMAC of Node, and copying
// headers.
import { createHmac } from 'node:crypto'
import { baseStringUri, generateNonce, normalizeParameters, parseForm, percentEncode } from '@oauthkit/core/oauth1'
import fc from 'fast-check'
import { describe, expect, test, vi } from 'vitest'
import { joinEncodedParameters } from '../src/http/parameters.ts'
import { formComponentEncodedTwice, percentEncodeTwice } from '../src/http/percent-encode.ts'
import { copyHeaders } from '../src/http/request-parts.ts'
import { baseStringOf } from '../src/oauth1/signing/base-string.ts'
import { createSignFunction } from '../src/oauth1/signing/signature.ts'

// Form-encoded text: escapes of ASCII and of UTF-8 bytes (valid or not), malformed escapes, plus
// signs, reserved and unreserved characters, raw non-ASCII and lone surrogates.
const formText = fc.string({
  unit: fc.constantFrom(...'aZ09-._~+%=*!/ é☃\ud800'.split(''), '%2B', '%2b', '%41', '%7E', '%C3%A9', '%E2%98', '%zz', '%4'),
  maxLength: 12,
})
const anyText = fc.string({ unit: 'binary', maxLength: 16 })

describe('encoding twice', () => {
  test('percentEncodeTwice(v) is percentEncode(percentEncode(v))', () => {
    fc.assert(fc.property(anyText, (value) => percentEncodeTwice(value) === percentEncode(percentEncode(value))))
  })

  test('a form component decoded and encoded twice in one pass, or left to the full decoder', () => {
    let fastPaths = 0
    fc.assert(
      fc.property(formText, (raw) => {
        const decoded = parseForm(`x=${raw}`)[0]?.[1] ?? ''
        const fast = formComponentEncodedTwice(raw)
        if (fast !== undefined) fastPaths++
        return fast === undefined || fast === percentEncode(percentEncode(decoded))
      }),
    )
    // The property is about the one-pass path: most generated components must take it.
    expect(fastPaths).toBeGreaterThan(50)
  })

  test('escapes the one pass leaves to the full decoder', () => {
    expect(formComponentEncodedTwice('a+b%2Bc')).toBe('a%2520b%252Bc')
    expect(formComponentEncodedTwice('%41%7e')).toBe('A~')
    for (const raw of ['%C3%A9', '%zz', '%4', 'é', '\ud800']) expect(formComponentEncodedTwice(raw)).toBeUndefined()
  })
})

describe('sorting and joining', () => {
  const pairs = (maxLength: number) => fc.array(fc.tuple(formText, formText), { maxLength })
  test.each([
    ['by insertion (up to 32 pairs)', 32],
    ['natively (more than 32 pairs)', 80],
  ])('%s: the last part of the base string is percentEncode(normalizeParameters(pairs))', (_, maxLength) => {
    fc.assert(
      fc.property(pairs(maxLength), (list) => {
        const signed = { names: list.map(([name]) => percentEncodeTwice(name)), values: list.map(([, value]) => percentEncodeTwice(value)) }
        return joinEncodedParameters(signed) === percentEncode(normalizeParameters(list))
      }),
      { numRuns: 100 },
    )
  })

  test('a name sorts before its extensions, then values in byte order', () => {
    const list: [string, string][] = [
      ['a b', '1'],
      ['a', 'z'],
      ['a', ' '],
      ['a+', ''],
    ]
    const signed = { names: list.map(([name]) => percentEncodeTwice(name)), values: list.map(([, value]) => percentEncodeTwice(value)) }
    // 'a' < 'a%20b' < 'a%2B' once encoded: '0' sorts before 'B'.
    expect(joinEncodedParameters(signed)).toBe('a%3D%2520%26a%3Dz%26a%2520b%3D1%26a%252B%3D')
    expect(percentEncode(normalizeParameters(list))).toBe('a%3D%2520%26a%3Dz%26a%2520b%3D1%26a%252B%3D')
  })
})

describe('the memo of encoded base string URIs', () => {
  // URLs that share a start, differ just after it, or hide a '?' or '#' where the memo looks: any
  // sequence of them must give each URL its own base string URI, whatever was signed before.
  const url = fc
    .tuple(
      fc.constantFrom(
        'https://x.test',
        'https://X.test:443',
        'http://x.test',
        'https://x.test:8443',
        'https://u:p@x.test',
        'https://y.test',
      ),
      fc.constantFrom('', '/', '/a', '/a/', '/a/b', '/a%2fb', '/A', '/a/../b', '/é'),
      fc.constantFrom('', '?', '?q=1', '?q=?#', '?a', '#', '#f', '#f?g', '?q#f'),
    )
    .map((parts) => new URL(parts.join('')))
  test('each URL of any sequence gets the encoding of its own scheme, host, port and path', () => {
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 12 }), (urls) =>
        urls.every((each) => baseStringOf('GET', each, { names: [], values: [] }) === `GET&${percentEncode(baseStringUri(each))}&`),
      ),
      { numRuns: 300 },
    )
  })

  test('more endpoints than the memo holds', () => {
    for (let i = 0; i < 200; i++) {
      const each = new URL(`https://x.test/${i % 70}?n=${i}`)
      expect(baseStringOf('GET', each, { names: [], values: [] })).toBe(`GET&${percentEncode(baseStringUri(each))}&`)
    }
  })
})

describe('the nonce pool', () => {
  test('nonces are 128 bits as hex, never repeated across refills of the pool', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const nonce = generateNonce()
      expect(nonce).toMatch(/^[0-9a-f]{32}$/)
      seen.add(nonce)
    }
    expect(seen.size).toBe(1000)
  })

  test('any 256 nonces in a row draw from the CSPRNG exactly once (a pool holds 256)', () => {
    const draw = vi.spyOn(crypto, 'getRandomValues')
    try {
      for (let i = 0; i < 256; i++) generateNonce()
      expect(draw).toHaveBeenCalledTimes(1)
      expect(draw.mock.calls.map(([array]) => (array as Uint8Array).byteLength)).toEqual([16 * 256])
    } finally {
      draw.mockRestore()
    }
  })
})

describe("Node's prepared HMAC", () => {
  const keys = ['', 'kd94hf93k423kf44&', 'x'.repeat(64), 'y'.repeat(65), 'é&☃'.repeat(50)]
  // Lengths around the buffer's first size, its growth, and the createHmac fallback above 16384.
  const messages = [
    '',
    'GET&https%3A%2F%2Fx.test%2F&',
    'm'.repeat(400),
    'n'.repeat(1025),
    'é'.repeat(700),
    'o'.repeat(16_384),
    'p'.repeat(20_000),
  ]
  test.each([
    ['HMAC-SHA1', 'sha1'],
    ['HMAC-SHA256', 'sha256'],
    ['HMAC-SHA512', 'sha512'],
  ] as const)('%s equals createHmac for short, block-sized and long keys and messages', async (signatureMethod, hash) => {
    for (const key of keys) {
      const sign = createSignFunction({ signatureMethod, signingKey: () => key })
      // One function for every message, in this order: the buffer grows, then the fallback. The
      // first call loads node-hmac.ts; later calls sign synchronously.
      for (const [i, message] of messages.entries()) {
        const signature = sign(message)
        if (i > 0) expect(typeof signature).toBe('string')
        expect(await signature).toBe(createHmac(hash, key).update(message).digest('base64'))
      }
    }
  })
})

describe('copying headers', () => {
  const inits: [string, HeadersInit | undefined][] = [
    ['undefined', undefined],
    ['a record', { 'Content-Type': 'text/plain', 'x-A': ' padded ', Authorization: 'OAuth a="1"' }],
    ['a record with duplicate names in two cases', { 'x-a': '1', 'X-A': '2' }],
    [
      'an array',
      [
        ['x-a', '1'],
        ['x-a', '2'],
      ],
    ],
    ['a Headers', new Headers({ 'x-b': '2' })],
    ['a record without a prototype', Object.assign(Object.create(null) as Record<string, string>, { 'x-c': '3' })],
  ]
  test.each(inits)('%s: the same entries as new Headers()', (_, init) => {
    expect([...copyHeaders(init)]).toEqual([...new Headers(init)])
  })

  test('a record with an invalid name fails as the constructor does', () => {
    expect(() => copyHeaders({ 'bad name': 'x' })).toThrow(TypeError)
    expect(() => new Headers({ 'bad name': 'x' })).toThrow(TypeError)
  })
})
