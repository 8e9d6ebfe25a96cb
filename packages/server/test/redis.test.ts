// The Redis stores against a real redis-server started for this file: replay refused across instances,
// request tokens single-use under concurrency and across instances, TTLs as the provider asks.
import type { OAuth1Provider } from '@oauthkit/server'
import { RedisNonceStore, RedisProviderTokenStore } from '@oauthkit/server'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TestUser } from './helpers.ts'
import {
  consumerSigner,
  counterIds,
  createTestProvider,
  type Dance,
  expectProblem,
  formOf,
  JANE,
  NOW_SECONDS,
  ORIGIN,
  OTHER_CONSUMER,
  signed,
  TestClock,
} from './helpers.ts'
import type { Redis, RedisServer } from './redis-server.ts'
import { startRedis } from './redis-server.ts'

let redis: RedisServer
let admin: Redis
beforeAll(async () => {
  redis = await startRedis()
  admin = await redis.client()
})
afterAll(() => redis?.stop())

let prefixCounter = 0
/** Each test its own key prefix. */
const freshPrefix = (): string => `test${++prefixCounter}:`

const nonce = (value: string, ttlSeconds = 301) => ({ consumerKey: 'c', token: 't', timestamp: NOW_SECONDS, nonce: value, ttlSeconds })

describe('RedisNonceStore', () => {
  test('refuses a replay, per consumer, token, timestamp and nonce', async () => {
    const store = new RedisNonceStore(await redis.client(), { prefix: freshPrefix(), now: new TestClock().now })
    expect(await store.use(nonce('n1'))).toBe(true)
    expect(await store.use(nonce('n1'))).toBe(false)
    expect(await store.use({ ...nonce('n1'), token: 'other' })).toBe(true)
    expect(await store.use({ ...nonce('n1'), timestamp: NOW_SECONDS + 1 })).toBe(true)
    expect(await store.use({ ...nonce('n1'), consumerKey: 'd' })).toBe(true)
  })

  test('keys expire when the timestamp leaves the window (PX from ttlSeconds)', async () => {
    const store = new RedisNonceStore(await redis.client(), { prefix: freshPrefix(), now: new TestClock().now })
    await store.use(nonce('n', 301))
    const ttl = await admin.pTTL(store.key(nonce('n')))
    expect(ttl).toBeGreaterThan(296_000)
    expect(ttl).toBeLessThanOrEqual(301_000)
    // Redis forgets it (PEXPIRE 0 deletes now, standing in for the passing time): the nonce is fresh again.
    await admin.pExpire(store.key(nonce('n')), 0)
    expect(await store.use(nonce('n', 1))).toBe(true)
    expect(await admin.pTTL(store.key(nonce('n')))).toBeLessThanOrEqual(1000)
  })

  test('of many concurrent uses on separate connections, exactly one succeeds', async () => {
    const prefix = freshPrefix()
    const stores = await Promise.all(
      Array.from({ length: 4 }, async () => new RedisNonceStore(await redis.client(), { prefix, now: new TestClock().now })),
    )
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (stores[i % 4] as RedisNonceStore).use(nonce('race'))))
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  test('keys are unambiguous whatever the parts contain', async () => {
    const store = new RedisNonceStore(await redis.client(), { prefix: freshPrefix(), now: new TestClock().now })
    expect(await store.use({ ...nonce('b'), consumerKey: 'a:' })).toBe(true)
    expect(await store.use({ ...nonce(':b'), consumerKey: 'a' })).toBe(true)
  })
})

describe('RedisNonceStore shares', () => {
  const outcome = (promise: Promise<boolean>): Promise<string> =>
    promise.then(
      (fresh) => (fresh ? 'ok' : 'seen'),
      (error: { name: string; code: string }) => `${error.name} ${error.code}`,
    )

  test('a consumer holding its share is refused alone (consumer_key_refused); its share frees as its nonces leave the window, on the injected clock', async () => {
    const clock = new TestClock()
    const store = new RedisNonceStore(await redis.client(), { prefix: freshPrefix(), now: clock.now, maxEntriesPerConsumer: 3 })
    for (const value of ['n1', 'n2', 'n3']) expect(await outcome(store.use(nonce(value)))).toBe('ok')
    expect(await outcome(store.use(nonce('n4')))).toBe('OAuthProblemError consumer_key_refused')
    expect(await outcome(store.use({ ...nonce('n4'), token: 'other' }))).toBe('OAuthProblemError consumer_key_refused')
    // A replay is still a replay; another consumer is not affected.
    expect(await outcome(store.use(nonce('n1')))).toBe('seen')
    expect(await outcome(store.use({ ...nonce('n1'), consumerKey: 'd' }))).toBe('ok')
    clock.advance(300)
    expect(await outcome(store.use(nonce('n4')))).toBe('OAuthProblemError consumer_key_refused')
    clock.advance(1)
    expect(await outcome(store.use(nonce('n4')))).toBe('ok')
    // The nonces themselves are still kept by Redis for their window: their replays stay refused.
    expect(await outcome(store.use(nonce('n2')))).toBe('seen')
    expect(await admin.zCard(store.shareKeys('c', 't').consumer)).toBe(1)
  })

  test('maxEntriesPerToken: one token holding its share is refused alone; the consumer’s other tokens and token-less requests go on', async () => {
    const store = new RedisNonceStore(await redis.client(), {
      prefix: freshPrefix(),
      now: new TestClock().now,
      maxEntriesPerConsumer: 10,
      maxEntriesPerToken: 2,
    })
    expect(await outcome(store.use({ ...nonce('1'), token: 'leaked' }))).toBe('ok')
    expect(await outcome(store.use({ ...nonce('2'), token: 'leaked' }))).toBe('ok')
    expect(await outcome(store.use({ ...nonce('3'), token: 'leaked' }))).toBe('OAuthProblemError consumer_key_refused')
    expect(await outcome(store.use({ ...nonce('3'), token: 'other' }))).toBe('ok')
    expect(await outcome(store.use({ ...nonce('3'), token: '' }))).toBe('ok')
    expect(await outcome(store.use({ ...nonce('3'), token: 'leaked', consumerKey: 'b' }))).toBe('ok')
  })

  test('concurrent uses from four connections never take a consumer past its share', async () => {
    const prefix = freshPrefix()
    const { now } = new TestClock()
    const stores = await Promise.all(
      Array.from({ length: 4 }, async () => new RedisNonceStore(await redis.client(), { prefix, now, maxEntriesPerConsumer: 5 })),
    )
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => outcome((stores[i % 4] as RedisNonceStore).use(nonce(`race${i}`)))),
    )
    expect(results.filter((result) => result === 'ok')).toHaveLength(5)
    expect(results.filter((result) => result === 'OAuthProblemError consumer_key_refused')).toHaveLength(35)
    expect(await admin.zCard((stores[0] as RedisNonceStore).shareKeys('c', 't').consumer)).toBe(5)
  })

  test('the shares live no longer than their newest nonce, and a nonce’s keys share one hash tag (one cluster slot)', async () => {
    const store = new RedisNonceStore(await redis.client(), { prefix: 'p:', now: new TestClock().now, maxEntriesPerToken: 5 })
    const entry = { consumerKey: 'a:{b}', token: 't:1', timestamp: NOW_SECONDS, nonce: 'n/1', ttlSeconds: 120 }
    expect(store.key(entry)).toBe(`p:nonce:{a%3A%7Bb%7D}:t%3A1:${NOW_SECONDS}:n%2F1`)
    expect(store.shareKeys(entry.consumerKey, entry.token)).toEqual({
      consumer: 'p:nonce-share:{a%3A%7Bb%7D}',
      token: 'p:nonce-share:{a%3A%7Bb%7D}:t%3A1',
    })
    await store.use(entry)
    for (const key of Object.values(store.shareKeys(entry.consumerKey, entry.token))) {
      const ttl = await admin.pTTL(key)
      expect(ttl).toBeGreaterThan(115_000)
      expect(ttl).toBeLessThanOrEqual(120_000)
    }
  })

  test('a share that is not a positive whole number is refused, naming the option', async () => {
    const client = await redis.client()
    for (const value of [0, 1.5, Number.NaN]) {
      expect(() => new RedisNonceStore(client, { maxEntriesPerConsumer: value })).toThrow(/maxEntriesPerConsumer must be a whole number/)
      expect(() => new RedisNonceStore(client, { maxEntriesPerToken: value })).toThrow(/maxEntriesPerToken must be a whole number/)
    }
  })
})

describe('RedisProviderTokenStore', () => {
  const record = { token: 'rt{1}:x', secret: 's', consumerKey: 'c', callback: 'oob', issuedAt: 1, expiresAt: 2 }

  test('request tokens: stored as given, authorized once, used once; unknown tokens cannot change', async () => {
    const store = new RedisProviderTokenStore<TestUser>(await redis.client(), { prefix: freshPrefix() })
    expect(await store.findRequestToken(record.token)).toBeUndefined()
    expect(await store.authorizeRequestToken(record.token, { verifier: 'v', user: JANE, authorizedAt: 3 }, { ttlSeconds: 60 })).toBe(false)
    expect(await store.useRequestToken(record.token, { ttlSeconds: 60 })).toBe(false)
    await store.saveRequestToken(record, { ttlSeconds: 60 })
    expect(await store.findRequestToken(record.token)).toEqual({ ...record, used: false })
    const authorization = { verifier: 'v', user: JANE, authorizedAt: 3 }
    expect(await store.authorizeRequestToken(record.token, authorization, { ttlSeconds: 60 })).toBe(true)
    expect(await store.authorizeRequestToken(record.token, { ...authorization, verifier: 'w' }, { ttlSeconds: 60 })).toBe(false)
    expect(await store.findRequestToken(record.token)).toEqual({ ...record, authorization, used: false })
    expect(await store.useRequestToken(record.token, { ttlSeconds: 60 })).toBe(true)
    expect(await store.useRequestToken(record.token, { ttlSeconds: 60 })).toBe(false)
    expect(await store.findRequestToken(record.token)).toEqual({ ...record, authorization, used: true })
  })

  test('a used token cannot be authorized any more', async () => {
    const store = new RedisProviderTokenStore(await redis.client(), { prefix: freshPrefix() })
    await store.saveRequestToken(record, { ttlSeconds: 60 })
    expect(await store.useRequestToken(record.token, { ttlSeconds: 60 })).toBe(true)
    expect(await store.authorizeRequestToken(record.token, { verifier: 'v', user: 1, authorizedAt: 3 }, { ttlSeconds: 60 })).toBe(false)
  })

  test('every key carries the TTL it was given; access tokens without a lifetime have none', async () => {
    const store = new RedisProviderTokenStore(await redis.client(), { prefix: freshPrefix() })
    const keys = store.requestTokenKeys(record.token)
    await store.saveRequestToken(record, { ttlSeconds: 600 })
    await store.authorizeRequestToken(record.token, { verifier: 'v', user: 1, authorizedAt: 3 }, { ttlSeconds: 500 })
    await store.useRequestToken(record.token, { ttlSeconds: 400 })
    const ttls = await Promise.all([keys.record, keys.authorization, keys.used].map((key) => admin.pTTL(key)))
    for (const [ttl, expected] of ttls.map((ttl, i) => [ttl, [600_000, 500_000, 400_000][i] as number])) {
      expect(ttl).toBeLessThanOrEqual(expected as number)
      expect(ttl).toBeGreaterThan((expected as number) - 5000)
    }
    await store.saveAccessToken({ token: 'a', secret: 's', consumerKey: 'c', user: 1, issuedAt: 0 }, {})
    expect(await admin.pTTL(store.accessTokenKey('a'))).toBe(-1)
    await store.saveAccessToken({ token: 'b', secret: 's', consumerKey: 'c', user: 1, issuedAt: 0, expiresAt: 9 }, { ttlSeconds: 1.5 })
    expect(await admin.pTTL(store.accessTokenKey('b'))).toBeLessThanOrEqual(1500)
    expect(await store.findAccessToken('b')).toEqual({ token: 'b', secret: 's', consumerKey: 'c', user: 1, issuedAt: 0, expiresAt: 9 })
    expect(await store.revokeAccessToken('b')).toBe(true)
    expect(await store.revokeAccessToken('b')).toBe(false)
    expect(await store.findAccessToken('b')).toBeUndefined()
  })

  test('the keys of one request token share a hash tag (one cluster slot)', async () => {
    const store = new RedisProviderTokenStore(await redis.client(), { prefix: 'p:' })
    expect(store.requestTokenKeys('rt{1}:x')).toEqual({
      record: 'p:request-token:{rt%7B1%7D%3Ax}',
      authorization: 'p:request-token:{rt%7B1%7D%3Ax}:authorized',
      used: 'p:request-token:{rt%7B1%7D%3Ax}:used',
    })
  })
})

describe('two provider instances sharing one Redis', () => {
  interface Instance {
    provider: OAuth1Provider<TestUser>
    dance: Dance
  }
  let clock: TestClock
  let a: Instance
  let b: Instance

  async function instance(name: string, prefix: string, overrides: Parameters<typeof createTestProvider>[0] = {}): Promise<Instance> {
    const client = await redis.client()
    const { provider, dance } = createTestProvider(
      {
        tokens: new RedisProviderTokenStore<TestUser>(client, { prefix }),
        nonceStore: new RedisNonceStore(client, { prefix, now: clock.now }),
        generateId: (() => {
          let counter = 0
          return (kind) => `${name}-${kind}-${++counter}`
        })(),
        ...overrides,
      },
      clock,
    )
    return { provider, dance }
  }

  async function pair(overrides: Parameters<typeof createTestProvider>[0] = {}): Promise<void> {
    clock = new TestClock()
    const prefix = freshPrefix()
    a = await instance('a', prefix, overrides)
    b = await instance('b', prefix, overrides)
  }

  test('the dance across instances: request token on A, authorized on B, exchanged on A, resource on B', async () => {
    await pair()
    const { token, secret } = await a.dance.requestToken()
    const verifier = await b.dance.verifierFromRedirect(token)
    const access = await formOf(await a.dance.exchange(token, secret, verifier))
    const signer = consumerSigner(clock, { token: access.oauth_token, tokenSecret: access.oauth_token_secret })
    expect(await b.provider.protect(await signed(signer, 'GET', `${ORIGIN}/photos`))).toMatchObject({ ok: true, user: JANE })
  })

  test('a nonce used on instance A is refused on instance B (nonce_used)', async () => {
    await pair()
    const { oauth_token, oauth_token_secret } = await formOf(await a.dance.xAuth(JANE.name, 'correct horse battery staple'))
    const request = await signed(consumerSigner(clock, { token: oauth_token, tokenSecret: oauth_token_secret }), 'GET', `${ORIGIN}/photos`)
    expect((await a.provider.protect(request.clone())).ok).toBe(true)
    const replay = await b.provider.protect(request)
    expect(replay.ok ? undefined : replay.problem).toBe('nonce_used')
  })

  test('a consumer holding its share across both instances is refused alone (401 consumer_key_refused); another consumer is served', async () => {
    clock = new TestClock()
    const prefix = freshPrefix()
    const providers = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const nonces = new RedisNonceStore(await redis.client(), { prefix, now: clock.now, maxEntriesPerConsumer: 2 })
        return createTestProvider({ nonceStore: nonces, generateId: counterIds(`${name}-`) }, clock).provider
      }),
    )
    const [onA, onB] = providers as [OAuth1Provider<TestUser>, OAuth1Provider<TestUser>]
    const requestToken = (signer: ReturnType<typeof consumerSigner>) =>
      signed(signer, 'POST', `${ORIGIN}/oauth/request_token`, { callback: 'oob' })
    const flooder = consumerSigner(clock)
    const other = consumerSigner(clock, { consumerKey: OTHER_CONSUMER.key, consumerSecret: OTHER_CONSUMER.secret })
    expect((await onA.requestToken(await requestToken(flooder))).status).toBe(200)
    expect((await onB.requestToken(await requestToken(flooder))).status).toBe(200)
    await expectProblem(await onA.requestToken(await requestToken(flooder)), 401, 'consumer_key_refused')
    await expectProblem(await onB.requestToken(await requestToken(flooder)), 401, 'consumer_key_refused')
    expect((await onB.requestToken(await requestToken(other))).status).toBe(200)
    expect((await onA.protect(await signed(other, 'GET', `${ORIGIN}/photos`), { requireToken: false })).ok).toBe(true)
    clock.advance(301)
    expect((await onA.requestToken(await requestToken(flooder))).status).toBe(200)
  })

  test('a request token exchanged on A cannot be exchanged on B (token_used)', async () => {
    await pair()
    const { token, secret } = await a.dance.requestToken()
    const verifier = await a.dance.verifierFromRedirect(token)
    expect((await a.dance.exchange(token, secret, verifier)).status).toBe(200)
    await expectProblem(await b.dance.exchange(token, secret, verifier), 401, 'token_used')
  })

  test('concurrent exchanges of one request token on both instances: exactly one access token', async () => {
    await pair()
    const { token, secret } = await a.dance.requestToken()
    const verifier = await b.dance.verifierFromRedirect(token)
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).dance.exchange(token, secret, verifier)))
    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(401)])
    for (const response of responses.filter((r) => r.status === 401)) expect((await formOf(response)).oauth_problem).toBe('token_used')
  })

  test('concurrent approvals on both instances: exactly one verifier', async () => {
    await pair()
    const { token } = await a.dance.requestToken()
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).dance.authorize(token)))
    expect(responses.map((response) => response.status).sort()).toEqual([302, 401, 401, 401, 401, 401])
  })

  test('expiry: Redis keeps the token for its lifetime plus the retention, the provider clock says expired, Redis then forgets', async () => {
    await pair({ requestTokenLifetimeSeconds: 120, retainExpiredTokensSeconds: 60 })
    const { token, secret } = await a.dance.requestToken()
    const keys = new RedisProviderTokenStore(admin, { prefix: `test${prefixCounter}:` }).requestTokenKeys(token)
    const ttl = await admin.pTTL(keys.record)
    expect(ttl).toBeLessThanOrEqual(180_000)
    expect(ttl).toBeGreaterThan(175_000)
    const verifier = await a.dance.verifierFromRedirect(token)
    // The authorization lives exactly as long as the record: until expiry plus retention, on the provider's clock.
    expect(await admin.pTTL(keys.authorization)).toBeLessThanOrEqual(180_000)
    clock.advance(120)
    await expectProblem(await b.dance.exchange(token, secret, verifier), 401, 'token_expired')
    // Once Redis drops the keys (PEXPIRE 0 stands in for the passing time) the token is simply unknown.
    await admin.pExpire(keys.record, 0)
    await expectProblem(await b.dance.authorize(token), 401, 'token_rejected')
  })
})

describe('Redis unreachable', () => {
  test('with disableOfflineQueue, a signed request fails with the store error while Redis is down: it neither waits for it nor passes', async () => {
    let server = await startRedis()
    // As in production: the client reconnects, but does not hold commands while it is offline.
    const client = await createClient({ socket: { path: server.socket, reconnectStrategy: () => 20 }, disableOfflineQueue: true })
      .on('error', () => undefined)
      .connect()
    try {
      const clock = new TestClock()
      const nonces = new RedisNonceStore(client, { prefix: 'down:', now: new TestClock().now })
      const { provider } = createTestProvider({ nonceStore: nonces }, clock)
      const request = () => signed(consumerSigner(clock, { callback: 'oob' }), 'POST', `${ORIGIN}/oauth/request_token`)
      expect((await provider.requestToken(await request())).status).toBe(200)
      await server.stop({ keepDirectory: true })
      const outcome = provider.requestToken(await request()).then(
        (response) => `answered ${response.status}`,
        (error: unknown) => error,
      )
      // Redis comes back on the same socket: a command held in an offline queue would now run and the
      // request would be answered 200 (after waiting all that time); this one failed while Redis was down.
      server = await startRedis(server.dir)
      expect(await outcome).toBeInstanceOf(Error)
    } finally {
      client.destroy()
      await server.stop()
    }
  })
})
