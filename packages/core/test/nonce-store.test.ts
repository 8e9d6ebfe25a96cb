// MemoryNonceStore's shares: one consumer (or one token) that holds its share of the store is refused
// alone with consumer_key_refused; the others go on; the whole store full still fails closed.
import type { NonceUse, RequestParts, VerifyOptions } from '@oauthkit/core'
import { MemoryNonceStore, OAuthError, OAuthProblemError, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { NOW_SECONDS } from './helpers/credentials.ts'

const CONSUMERS = new Map([
  ['public-app', 'its secret ships in the app'],
  ['partner', 'partner secret'],
])

/** A clock the tests move by hand. */
function testClock() {
  const clock = { ms: NOW_SECONDS * 1000, now: (): number => clock.ms }
  return clock
}

let counter = 0
const signerFor = (consumerKey: string, clock: { ms: number }) =>
  oauth1({
    consumerKey,
    consumerSecret: CONSUMERS.get(consumerKey) as string,
    now: () => clock.ms,
    nonce: () => `n${++counter}`,
  })

const request: RequestParts = { method: 'GET', url: 'https://api.example.com/photos' }

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    return `${error.name} ${error.code}`
  }
}

describe('MemoryNonceStore shares through verifyOAuth1', () => {
  test('a consumer holding its share (a tenth of the store) is refused alone with consumer_key_refused; another consumer still verifies', async () => {
    const clock = testClock()
    const nonceStore = new MemoryNonceStore({ now: clock.now, maxEntries: 20 })
    const options: VerifyOptions = { lookupConsumer: (key) => ({ secret: CONSUMERS.get(key) }), nonceStore, now: clock.now }
    const flooder = signerFor('public-app', clock)
    const partner = signerFor('partner', clock)
    const first = await flooder.sign(request)
    expect(await outcome(verifyOAuth1(first, options))).toBe('ok')
    expect(await outcome(verifyOAuth1(await flooder.sign(request), options))).toBe('ok')
    for (let i = 0; i < 3; i++) {
      expect(await outcome(verifyOAuth1(await flooder.sign(request), options))).toBe('OAuthProblemError consumer_key_refused')
    }
    // A replay is still a replay.
    expect(await outcome(verifyOAuth1(first, options))).toBe('OAuthProblemError nonce_used')
    expect(await outcome(verifyOAuth1(await partner.sign(request), options))).toBe('ok')
    expect(await outcome(verifyOAuth1(await partner.sign(request), options))).toBe('ok')
    expect(nonceStore.size).toBe(4)
    // Once its nonces have left their window (301 s for a timestamp of now), its share frees up.
    clock.ms += 301_000
    expect(await outcome(verifyOAuth1(await flooder.sign(request), options))).toBe('ok')
  })

  test('the refusal is an OAuthProblemError that names the share but neither the consumer nor a secret', async () => {
    const clock = testClock()
    const nonceStore = new MemoryNonceStore({ now: clock.now, maxEntries: 10 })
    const options: VerifyOptions = { lookupConsumer: (key) => ({ secret: CONSUMERS.get(key) }), nonceStore, now: clock.now }
    const flooder = signerFor('public-app', clock)
    await verifyOAuth1(await flooder.sign(request), options)
    const error = await verifyOAuth1(await flooder.sign(request), options).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(OAuthProblemError)
    expect((error as Error).message).toMatch(/^Too many requests: this consumer holds its whole share of the nonce store \(1\)/)
    for (const secret of CONSUMERS.values()) expect((error as Error).message).not.toContain(secret)
  })
})

describe('MemoryNonceStore shares', () => {
  const use = (store: MemoryNonceStore, nonce: string, extra: Partial<NonceUse> = {}) =>
    outcome(store.use({ consumerKey: 'a', token: '', timestamp: NOW_SECONDS, nonce, ttlSeconds: 100, ...extra }))

  test('the whole store full while each consumer is under its share still fails closed (store_full), forgetting nothing early', async () => {
    const clock = testClock()
    const store = new MemoryNonceStore({ now: clock.now, maxEntries: 4, maxEntriesPerConsumer: 2 })
    for (const consumerKey of ['a', 'b']) for (const nonce of ['1', '2']) expect(await use(store, nonce, { consumerKey })).toBe('ok')
    expect(await use(store, '1', { consumerKey: 'c' })).toBe('OAuthError store_full')
    expect(await use(store, '3', { consumerKey: 'a' })).toBe('OAuthProblemError consumer_key_refused')
    expect(await store.use({ consumerKey: 'b', token: '', timestamp: NOW_SECONDS, nonce: '1', ttlSeconds: 100 })).toBe(false)
    clock.ms += 100_000
    expect(await use(store, '1', { consumerKey: 'c' })).toBe('ok')
    expect(store.size).toBe(1)
  })

  test('maxEntriesPerToken: one token holding its share is refused alone; the consumer’s other tokens and token-less requests go on', async () => {
    const store = new MemoryNonceStore({ now: testClock().now, maxEntriesPerConsumer: 10, maxEntriesPerToken: 2 })
    expect(await use(store, '1', { token: 'leaked' })).toBe('ok')
    expect(await use(store, '2', { token: 'leaked' })).toBe('ok')
    expect(await use(store, '3', { token: 'leaked' })).toBe('OAuthProblemError consumer_key_refused')
    expect(await use(store, '3', { token: 'other' })).toBe('ok')
    expect(await use(store, '3')).toBe('ok')
    expect(await use(store, '4')).toBe('ok')
    // Requests without a token share one token's share.
    expect(await use(store, '5')).toBe('OAuthProblemError consumer_key_refused')
    // The same token string of another consumer is another share.
    expect(await use(store, '3', { token: 'leaked', consumerKey: 'b' })).toBe('ok')
  })

  test('shares are counted exactly: a nonce used again after its window counts once, and a freed share fills to the same size again', async () => {
    const clock = testClock()
    const store = new MemoryNonceStore({ now: clock.now, maxEntriesPerConsumer: 2 })
    expect(await use(store, 'x', { ttlSeconds: 1 })).toBe('ok')
    clock.ms += 1500
    expect(await use(store, 'x', { ttlSeconds: 1 })).toBe('ok')
    expect(await use(store, 'y', { ttlSeconds: 1 })).toBe('ok')
    expect(await use(store, 'z', { ttlSeconds: 1 })).toBe('OAuthProblemError consumer_key_refused')
    for (let round = 0; round < 3; round++) {
      // A full share looks for expired nonces at most once a second: here a second after they left.
      clock.ms += 2000
      expect(await use(store, `p${round}`, { ttlSeconds: 1 })).toBe('ok')
      expect(await use(store, `q${round}`, { ttlSeconds: 1 })).toBe('ok')
      expect(await use(store, `r${round}`, { ttlSeconds: 1 })).toBe('OAuthProblemError consumer_key_refused')
    }
  })

  test('consumer keys and tokens cannot be spelled into another pair’s share or nonce', async () => {
    const store = new MemoryNonceStore({ now: testClock().now, maxEntriesPerConsumer: 1 })
    expect(await use(store, 'n', { consumerKey: 'ab', token: 'c' })).toBe('ok')
    expect(await use(store, 'n', { consumerKey: 'a', token: 'bc' })).toBe('ok')
    expect(await use(store, 'n', { consumerKey: 'a\nb', token: 'c' })).toBe('ok')
  })

  test('a share that is not a positive whole number is refused, naming the option', () => {
    for (const value of [0, 1.5, Number.NaN]) {
      expect(() => new MemoryNonceStore({ maxEntriesPerConsumer: value })).toThrow(/maxEntriesPerConsumer must be a whole number/)
      expect(() => new MemoryNonceStore({ maxEntriesPerToken: value })).toThrow(/maxEntriesPerToken must be a whole number/)
    }
  })
})
