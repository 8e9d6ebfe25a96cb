// The verifier's fast paths against the plain definitions they replace: the prepared HMACs of the
// keys verified lately (against createHmac).
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { recentNodeHmac } from '../src/oauth1/signing/recent-hmac.ts'
import { verifySignature } from '../src/oauth1/signing/signature.ts'
import { nodeCrypto } from '../src/runtime.ts'

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
