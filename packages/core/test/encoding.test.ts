import { baseStringUri, normalizeParameters, parseForm, percentEncode } from '@oauthkit/core/oauth1'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'

describe('percentEncode (RFC 5849 3.6)', () => {
  test.each([
    ['abcABC123', 'abcABC123'],
    ['-._~', '-._~'],
    ['%', '%25'],
    ['+', '%2B'],
    ['&=*', '%26%3D%2A'],
    ["!*'()", '%21%2A%27%28%29'],
    [' ', '%20'],
    ['\n', '%0A'],
    ['\u0080', '%C2%80'],
    ['\u3001', '%E3%80%81'],
    ['😀', '%F0%9F%98%80'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(percentEncode(input)).toBe(expected)
  })

  test('a lone surrogate is encoded as U+FFFD, as it goes on the wire', () => {
    expect(percentEncode('a\uD800b')).toBe('a%EF%BF%BDb')
  })
})

describe('normalizeParameters (RFC 5849 3.4.1.3.2)', () => {
  test('sorts by encoded name, then by encoded value, keeping duplicates', () => {
    expect(
      normalizeParameters([
        ['a', '2'],
        ['a', '1'],
        ['b', ''],
      ]),
    ).toBe('a=1&a=2&b=')
  })

  test('a name sorts before its own extensions (comparing "k,v" strings gets this wrong)', () => {
    expect(
      normalizeParameters([
        ['a ', 'x'],
        ['a', 'y'],
        ['a1', 'z'],
      ]),
    ).toBe('a=y&a%20=x&a1=z')
  })

  test('sorts in byte order of the encoded strings', () => {
    expect(
      normalizeParameters([
        ['b', 'Z'],
        ['b', 'a'],
        ['B', '1'],
        ['_', '1'],
        ['~', '1'],
        ['é', '1'],
      ]),
    ).toBe('%C3%A9=1&B=1&_=1&b=Z&b=a&~=1')
  })

  test('falsy-looking values are values', () => {
    expect(
      normalizeParameters([
        ['zero', '0'],
        ['f', 'false'],
        ['n', 'null'],
      ]),
    ).toBe('f=false&n=null&zero=0')
  })
})

describe('parseForm', () => {
  test('decodes as a server does', () => {
    expect(parseForm('q=a+b&x=a=b&a%5B%5D=1&flag&&e=&p=%2B')).toEqual([
      ['q', 'a b'],
      ['x', 'a=b'],
      ['a[]', '1'],
      ['flag', ''],
      ['e', ''],
      ['p', '+'],
    ])
  })

  test('keeps malformed escapes as a WHATWG server does', () => {
    expect(parseForm('a=%zz&b=%E2%82')).toEqual([
      ['a', '%zz'],
      ['b', '\uFFFD'],
    ])
    // An `=` after a malformed escape stays in the value.
    expect(parseForm('x=%zz=1&%zz=%41')).toEqual([
      ['x', '%zz=1'],
      ['%zz', 'A'],
    ])
  })

  test('keeps malformed escapes next to non-ASCII text', () => {
    // Node's own URLSearchParams garbles these (`%3D☃%` gives "=\u0003%"); the URL Standard does not.
    expect(parseForm('a=%3D☃%&b=%E2%98é&c=%80☃')).toEqual([
      ['a', '=☃%'],
      ['b', '\uFFFDé'],
      ['c', '\uFFFD☃'],
    ])
  })

  const units = fc.constantFrom(
    ...'aZ09-._~+%=&*!/ é☃'.split(''),
    '%2B',
    '%3D',
    '%26',
    '%41',
    '%C3%A9',
    '%e2%98%83',
    '%F0%9F%98%80',
    '%E2%98',
    '%ED%A0%80',
    '%C0%80',
    '%F4%90%80%80',
    '%EF%BB%BF',
    '%80',
    '%FF',
    '%zz',
    '%4',
    '😀',
  )

  test('decodes every form text as the URL Standard defines it', () => {
    fc.assert(fc.property(fc.string({ unit: units, maxLength: 24 }), (text) => sameJson(parseForm(text), whatwgParse(text))))
  })

  test('decodes ASCII form text, malformed escapes included, as URLSearchParams does', () => {
    // Node's URLSearchParams is right where every raw character is ASCII (see above for the others).
    const ascii = units.filter((unit) => [...unit].every((character) => character < '\u0080'))
    fc.assert(fc.property(fc.string({ unit: ascii, maxLength: 24 }), (text) => sameJson(parseForm(text), [...new URLSearchParams(text)])))
  })

  test('decodes valid form text as decodeURIComponent and URLSearchParams do', () => {
    // Valid: every escape a byte of well-formed UTF-8, as a client that encodes its text sends.
    const validUnits = fc.constantFrom(
      ...'aZ09-._~+=&*!/ é☃'.split(''),
      '%2B',
      '%3D',
      '%26',
      '%41',
      '%C3%A9',
      '%e2%98%83',
      '%F0%9F%98%80',
      '%EF%BB%BF',
    )
    const encoded = fc.string({ unit: 'grapheme', maxLength: 3 }).map(encodeURIComponent)
    const valid = fc.string({ unit: fc.oneof(validUnits, encoded), maxLength: 24 })
    const decode = (component: string): string => decodeURIComponent(component.replaceAll('+', ' '))
    const definition = (text: string): [string, string][] =>
      text
        .split('&')
        .filter((segment) => segment !== '')
        .map((segment) => {
          const equals = segment.indexOf('=')
          return equals === -1 ? [decode(segment), ''] : [decode(segment.slice(0, equals)), decode(segment.slice(equals + 1))]
        })
    fc.assert(
      fc.property(
        valid,
        (text) => sameJson(parseForm(text), definition(text)) && sameJson(parseForm(text), [...new URLSearchParams(text)]),
      ),
    )
  })

  test('keeps duplicates in order', () => {
    expect(parseForm('a=1&a=2&a=1')).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['a', '1'],
    ])
  })
})

describe('baseStringUri (RFC 5849 3.4.1.2)', () => {
  test.each([
    ['HTTP://EXAMPLE.COM:80/r%20v/X?id=123', 'http://example.com/r%20v/X'],
    ['https://www.example.net:8080/?q=1', 'https://www.example.net:8080/'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:443/a', 'http://example.com:443/a'],
    ['https://example.com', 'https://example.com/'],
    ['https://user:pass@example.com/p#frag', 'https://example.com/p'],
    ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
    ['https://example.com/a b/ü', 'https://example.com/a%20b/%C3%BC'],
  ])('%s', (input, expected) => {
    expect(baseStringUri(input)).toBe(expected)
    expect(baseStringUri(new URL(input))).toBe(expected)
  })
})

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The URL Standard's application/x-www-form-urlencoded parser, as written there: the text as UTF-8,
 * `+` a space, each `%XX` one byte, then UTF-8 decoded without BOM (each bad sequence U+FFFD).
 */
function whatwgParse(text: string): [string, string][] {
  const decode = (component: string): string => {
    const bytes = new TextEncoder().encode(component.replaceAll('+', ' '))
    const out: number[] = []
    for (let i = 0; i < bytes.length; i++) {
      const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0)
      if (bytes[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(Number.parseInt(hex, 16))
        i += 2
      } else out.push(bytes[i] as number)
    }
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(out))
  }
  return text
    .split('&')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const equals = segment.indexOf('=')
      return equals === -1 ? [decode(segment), ''] : [decode(segment.slice(0, equals)), decode(segment.slice(equals + 1))]
    })
}
