// Loaded on the first verification where Node's crypto exists (see signature.ts): a signer never
// loads it.
import type { NodeCrypto } from '../../runtime.ts'
import { nodeHmac } from './node-hmac.ts'

/**
 * The prepared HMACs of the last {@link RECENT_KEYS} keys verified, by algorithm and key: a server
 * sees the same few consumers and tokens again and again, and preparing a key (its blocks and a
 * buffer) costs more than createHmac. Bounded, first in first out: each entry holds a key and its
 * blocks, forgotten once that many other keys have come after it.
 */
const recent = new Map<string, (baseString: string) => string>()
const RECENT_KEYS = 16

/** @internal The prepared HMAC of a key verified lately, or a new one. */
export function recentNodeHmac(node: NodeCrypto, algorithm: 'sha1' | 'sha256' | 'sha512', secret: string): (baseString: string) => string {
  const id = `${algorithm}&${secret}`
  let hmac = recent.get(id)
  if (hmac === undefined) {
    if (recent.size >= RECENT_KEYS) recent.delete(recent.keys().next().value as string)
    hmac = nodeHmac(node, algorithm, secret)
    recent.set(id, hmac)
  }
  return hmac
}
