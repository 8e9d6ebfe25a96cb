import { MemoryConsumerStore, MemoryProviderTokenStore, randomId } from '@oauthkit/server'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { TestClock } from './helpers.ts'

const record = (token: string, clock: TestClock) => ({
  token,
  secret: `${token}-secret`,
  consumerKey: 'c',
  callback: 'oob',
  issuedAt: clock.ms,
  expiresAt: clock.ms + 60_000,
})

describe('MemoryProviderTokenStore', () => {
  test('request tokens: pending, then authorized once, then used once', async () => {
    const clock = new TestClock()
    const store = new MemoryProviderTokenStore<string>({ now: clock.now })
    await store.saveRequestToken(record('t', clock), { ttlSeconds: 60 })
    expect(await store.findRequestToken('t')).toEqual({ ...record('t', clock), used: false })
    const authorization = { verifier: 'v', user: 'jane', authorizedAt: clock.ms }
    expect(await store.authorizeRequestToken('t', authorization, { ttlSeconds: 0.001 })).toBe(true)
    expect(await store.authorizeRequestToken('t', { ...authorization, verifier: 'w' }, { ttlSeconds: 0.001 })).toBe(false)
    expect((await store.findRequestToken('t'))?.authorization).toEqual(authorization)
    expect(await store.useRequestToken('t', { ttlSeconds: 0.001 })).toBe(true)
    expect(await store.useRequestToken('t', { ttlSeconds: 0.001 })).toBe(false)
    expect(await store.authorizeRequestToken('t', authorization, { ttlSeconds: 0.001 })).toBe(false)
    expect(await store.findRequestToken('t')).toMatchObject({ used: true })
  })

  test('unknown tokens cannot be authorized or used', async () => {
    const store = new MemoryProviderTokenStore()
    expect(await store.authorizeRequestToken('nope', { verifier: 'v', user: 1, authorizedAt: 0 }, {})).toBe(false)
    expect(await store.useRequestToken('nope', {})).toBe(false)
    expect(await store.findRequestToken('nope')).toBeUndefined()
  })

  test('entries live for ttlSeconds on the injected clock; without ttlSeconds, until revoked', async () => {
    const clock = new TestClock()
    const store = new MemoryProviderTokenStore({ now: clock.now })
    await store.saveRequestToken(record('t', clock), { ttlSeconds: 1 })
    await store.saveAccessToken({ token: 'a', secret: 's', consumerKey: 'c', user: null, issuedAt: 0 }, { ttlSeconds: 2 })
    await store.saveAccessToken({ token: 'forever', secret: 's', consumerKey: 'c', user: null, issuedAt: 0 }, {})
    clock.advance(0.999)
    expect(await store.findRequestToken('t')).toBeDefined()
    clock.advance(0.001)
    expect(await store.findRequestToken('t')).toBeUndefined()
    expect(await store.useRequestToken('t', {})).toBe(false)
    expect(await store.findAccessToken('a')).toBeDefined()
    clock.advance(1)
    expect(await store.findAccessToken('a')).toBeUndefined()
    clock.advance(1e9)
    expect(await store.findAccessToken('forever')).toBeDefined()
    expect(await store.revokeAccessToken('forever')).toBe(true)
    expect(await store.findAccessToken('forever')).toBeUndefined()
  })

  test('expired entries are swept on writes, so the store does not grow without bound', async () => {
    const clock = new TestClock()
    const store = new MemoryProviderTokenStore({ now: clock.now })
    for (let i = 0; i < 100; i++) await store.saveRequestToken(record(`t${i}`, clock), { ttlSeconds: 1 })
    expect(store.size).toBe(100)
    clock.advance(11)
    await store.saveRequestToken(record('fresh', clock), { ttlSeconds: 1 })
    expect(store.size).toBe(1)
  })

  test('what it returns is a copy: changing it changes nothing stored', async () => {
    const clock = new TestClock()
    const store = new MemoryProviderTokenStore({ now: clock.now })
    await store.saveRequestToken(record('t', clock), {})
    const found = await store.findRequestToken('t')
    if (found) found.used = true
    expect((await store.findRequestToken('t'))?.used).toBe(false)
  })
})

describe('MemoryConsumerStore', () => {
  test('finds, adds and removes consumers by key', async () => {
    const store = new MemoryConsumerStore([{ key: 'a', secret: 'x' }])
    expect(await store.findConsumer('a')).toEqual({ key: 'a', secret: 'x' })
    store.add({ key: 'b', secret: 'y' })
    expect(store.remove('a')).toBe(true)
    expect(store.remove('a')).toBe(false)
    expect(await store.findConsumer('a')).toBeUndefined()
    expect(await store.findConsumer('b')).toEqual({ key: 'b', secret: 'y' })
  })
})

describe('randomId()', () => {
  afterEach(() => vi.restoreAllMocks())

  test('base64url of CSPRNG bytes, without padding', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array
      for (let i = 0; i < bytes.length; i++) bytes[i] = [0xfb, 0xff, 0x00, 0x3e][i % 4] as number
      return array
    })
    expect(randomId(4)).toBe('-_8APg')
    expect(randomId(3)).toBe('-_8A')
    expect(randomId()).toHaveLength(43)
    expect(spy).toHaveBeenCalledTimes(3)
    expect(spy.mock.calls.map(([array]) => (array as Uint8Array).length)).toEqual([4, 3, 32])
  })

  test('refuses a silly length', () => {
    for (const length of [0, -1, 1.5, 4096]) expect(() => randomId(length)).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })
})
