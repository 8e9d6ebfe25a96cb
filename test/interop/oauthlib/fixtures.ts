import type { OauthlibClient, OauthlibToken, OauthlibUser } from '@oauthkit/test-support'
import { NOW_SECONDS } from '@oauthkit/test-support'
import { rsaKeys } from '../../fixtures/index.ts'

/**
 * The fixed "now" of every interop test, in seconds: the suites' clock. oauthlib insists on a
 * 10-digit timestamp and checks it against this instant (its clock is patched), and verifyOAuth1
 * gets the same `now`.
 */
export { NOW_SECONDS }

/** {@link NOW_SECONDS} in milliseconds, for `verifyOptions.now`. */
export const NOW_MS = NOW_SECONDS * 1000

/** A consumer with both a shared secret (HMAC, PLAINTEXT) and an RSA key pair (RSA-*). */
export const consumer = {
  key: 'interop-consumer',
  secret: 'kd94hf93k423kf44',
  privateKey: rsaKeys.privatePkcs8,
  publicKey: rsaKeys.publicSpki,
} as const

/** An access token of {@link consumer}. */
export const accessToken = { key: 'interop-access-token', secret: 'pfkkdhi9sl3r4s00' } as const

/** A consumer whose secret needs percent-encoding in the signing key (RFC 5849 3.4.2). */
export const specialConsumer = { key: 'interop-special-consumer', secret: 'c s&%é~!*+' } as const

/** A token of {@link specialConsumer} whose secret needs percent-encoding too. */
export const specialToken = { key: 'interop-special-token', secret: "t+s/=?;'☃" } as const

/** A secret no server knows: requests signed with it must be refused. */
export const WRONG_SECRET = 'not-the-consumer-secret'

/** The consumers of the verdict tests. */
export const oauthlibClients: Record<string, OauthlibClient> = {
  [consumer.key]: { secret: consumer.secret, rsaPublicKey: consumer.publicKey },
  [specialConsumer.key]: { secret: specialConsumer.secret },
}

/** The access tokens of the verdict tests. */
export const oauthlibTokens: Record<string, OauthlibToken> = {
  [accessToken.key]: { client: consumer.key, secret: accessToken.secret },
  [specialToken.key]: { client: specialConsumer.key, secret: specialToken.secret },
}

/** The consumers of the dance tests. */
export const danceConsumer = { key: 'dance-consumer', secret: 'dance consumer secret&+', privateKey: rsaKeys.privatePkcs8 } as const
export const legacyConsumer = { key: 'legacy-consumer', secret: 'legacy-secret' } as const
/** The user of the dance tests; her password is unusual enough to be found anywhere it leaks. */
export const alice = { name: 'alice', password: 'pa55 w0rd&=+%Zq!', userId: '1001', screenName: 'alice_a' } as const

export const providerClients: Record<string, OauthlibClient> = {
  [danceConsumer.key]: { secret: danceConsumer.secret, rsaPublicKey: rsaKeys.publicSpki, xauth: true },
  [legacyConsumer.key]: { secret: legacyConsumer.secret, legacy: true },
}

export const providerUsers: Record<string, OauthlibUser> = {
  [alice.name]: { password: alice.password, userId: alice.userId, screenName: alice.screenName },
}
