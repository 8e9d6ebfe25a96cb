// The verifier's fast paths against the plain definitions they replace: the Authorization header
// parser (against the character-by-character parser it replaced), the prepared HMACs of the keys
// verified lately (against createHmac), and the constant-time comparison (against ===).
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { OAuthProblemError } from '../src/errors/problem-error.ts'
import { percentDecodeStrict } from '../src/http/percent-encode.ts'
import {
  formatAuthorizationHeader,
  type ParsedAuthorizationHeader,
  parseAuthorizationHeader,
} from '../src/oauth1/signing/authorization-header.ts'
import { timingSafeEqual } from '../src/oauth1/signing/constant-time.ts'
import { recentNodeHmac } from '../src/oauth1/signing/recent-hmac.ts'
import { verifySignature } from '../src/oauth1/signing/signature.ts'
import { nodeCrypto } from '../src/runtime.ts'

/** The parser as it was: one character at a time, a regular expression test for each. */
function parsePlainly(text: string): ParsedAuthorizationHeader | undefined {
  const rejected = (message: string) => new OAuthProblemError('parameter_rejected', `Malformed OAuth Authorization header: ${message}`)
  const isToken = (character: string | undefined) => character !== undefined && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(character)
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(text)
  if (!scheme) return undefined
  const result: ParsedAuthorizationHeader = { parameters: [] }
  let i = scheme[0].length
  const skipSpaces = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++
  }
  while (i < text.length) {
    skipSpaces()
    if (text[i] === ',') {
      i++
      continue
    }
    if (i >= text.length) break
    let name = ''
    while (isToken(text[i])) name += text[i++]
    if (name === '') throw rejected(`unexpected character at position ${i}`)
    skipSpaces()
    if (text[i] !== '=') throw rejected(`parameter "${name}" has no value`)
    i++
    skipSpaces()
    let raw = ''
    if (text[i] === '"') {
      i++
      let closed = false
      while (i < text.length) {
        const character = text[i++] as string
        if (character === '\\' && i < text.length) raw += text[i++]
        else if (character === '"') {
          closed = true
          break
        } else raw += character
      }
      if (!closed) throw rejected(`the value of "${name}" has no closing quote`)
    } else {
      while (isToken(text[i])) raw += text[i++]
    }
    if (name.toLowerCase() === 'realm') result.realm = raw
    else {
      const decodedName = percentDecodeStrict(name)
      const decodedValue = percentDecodeStrict(raw)
      if (decodedName === undefined || decodedValue === undefined) throw rejected(`bad percent-encoding in "${name}"`)
      result.parameters.push([decodedName, decodedValue])
    }
    skipSpaces()
    if (i < text.length && text[i] !== ',') throw rejected(`expected "," after "${name}"`)
  }
  return result
}

/** What a parser answers: its result, or the message of what it threw. */
function outcome(parse: (text: string) => ParsedAuthorizationHeader | undefined, text: string): unknown {
  try {
    return parse(text)
  } catch (error) {
    return { threw: (error as Error).message }
  }
}

describe('the Authorization header parser', () => {
  // Headers of parameters made of the pieces that matter to a parser: spaces and separators, quoted
  // values with escapes and stray quotes, percent escapes good and bad, realm, non-ASCII. Most pieces
  // are well formed, so that most headers get some way into the parser.
  const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: rare, weight: 1 })
  const quoted = fc
    .string({
      unit: often(fc.constantFrom('a', ' ', ',', '=', '%41', '\\"', '\\\\', '\\a', 'é'), fc.constantFrom('\\', '"', '%E2%82')),
      maxLength: 6,
    })
    .map((inside) => `"${inside}"`)
  const segment = fc
    .tuple(
      often(fc.constantFrom('oauth_nonce', 'Realm', 'a%41', 'realm'), fc.constantFrom('b%zz', '', 'x y', 'é')),
      often(fc.constantFrom('=', ' = ', '\t='), fc.constant('')),
      often(quoted, fc.constantFrom('tok', '%2F', '%E2%82', '', 'é', '"')),
      often(fc.constantFrom(',', ', ', ' ,', ',,'), fc.constantFrom('', ' ', '\t')),
    )
    .map((parts) => parts.join(''))
  const header = fc
    .tuple(
      often(fc.constantFrom('OAuth ', 'oauth\t', ' OAuth  '), fc.constantFrom('OAuth', 'Bearer ', 'OAuthX ')),
      fc.array(segment, { maxLength: 5 }),
    )
    .map(([scheme, segments]) => scheme + segments.join(''))
  const parameter = fc.tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))

  test('any header gets the answer of the character-by-character parser', () => {
    fc.assert(
      fc.property(header, (text) => {
        expect(outcome(parseAuthorizationHeader, text)).toEqual(outcome(parsePlainly, text))
      }),
    )
  })

  test('a formatted header, with a realm full of quotes and backslashes, parses back the same', () => {
    fc.assert(
      fc.property(
        fc.array(parameter, { maxLength: 8 }),
        fc.option(fc.string({ unit: fc.constantFrom('"', '\\', 'a', ' '), maxLength: 8 })),
        (parameters, realm) => {
          const text = formatAuthorizationHeader(parameters, realm ?? undefined)
          expect(outcome(parseAuthorizationHeader, text)).toEqual(outcome(parsePlainly, text))
        },
      ),
    )
  })
})

describe('the prepared HMACs of recent keys', () => {
  // More keys than are kept, short and longer than a block, ASCII and not.
  const keys = Array.from({ length: 24 }, (_, i) => ['', 'kd94hf93k423kf44&', 'x'.repeat(70), 'é&☃'][i % 4] + String(i))
  const methods = [
    ['HMAC-SHA1', 'sha1'],
    ['HMAC-SHA256', 'sha256'],
    ['HMAC-SHA512', 'sha512'],
  ] as const
  const step = fc.record({
    key: fc.constantFrom(...keys),
    method: fc.constantFrom(...methods),
    message: fc.string({ unit: 'binary', maxLength: 40 }),
  })

  test('any sequence of verifications, over more keys than are kept, gets the answers of createHmac', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        for (const { key, method, message } of steps) {
          const keys = { signatureMethod: method[0], signingKey: () => key }
          const signature = createHmac(method[1], key).update(message).digest('base64')
          if (!(await verifySignature(message, signature, keys))) return false
          if (await verifySignature(`${message}!`, signature, keys)) return false
        }
        return true
      }),
      { numRuns: 50 },
    )
  })

  test('at most 16 keys are kept: a key is prepared again once 16 others came after it', () => {
    const node = nodeCrypto()
    if (node === undefined) throw new Error("this test needs Node's crypto")
    const first = recentNodeHmac(node, 'sha1', 'kept-0')
    expect(recentNodeHmac(node, 'sha1', 'kept-0')).toBe(first)
    expect(recentNodeHmac(node, 'sha256', 'kept-0')).not.toBe(first)
    for (let i = 1; i < 15; i++) recentNodeHmac(node, 'sha1', `kept-${i}`)
    expect(recentNodeHmac(node, 'sha1', 'kept-0')).toBe(first)
    recentNodeHmac(node, 'sha1', 'kept-15')
    expect(recentNodeHmac(node, 'sha1', 'kept-0')).not.toBe(first)
  })
})

describe('the constant-time comparison', () => {
  test('any two strings, lone surrogates included, compare as === does', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '☃', '\ud800', '\udc00', '\ufffd', '\0'), maxLength: 3 })
    // Equal pairs as often as different ones.
    const pair = fc.oneof(
      fc.tuple(text, text),
      text.map((same) => [same, same] as const),
    )
    fc.assert(fc.property(pair, ([a, b]) => timingSafeEqual(a, b) === (a === b)))
  })
})
