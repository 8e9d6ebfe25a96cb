import { rsaKeys } from '../../fixtures/index.ts'

/**
 * The fixed "now" of every interop test, in seconds. oauthlib insists on a 10-digit timestamp and
 * checks it against this instant (its clock is patched), and verifyOAuth1 gets the same `now`.
 */
export const NOW_SECONDS = 1_700_000_000

/** {@link NOW_SECONDS} in milliseconds, for `verifyOptions.now`. */
export const NOW_MS = NOW_SECONDS * 1000

/** The interpreter with python3-oauthlib 3.2.2 (the pyenv python3 on PATH has no oauthlib). */
export const PYTHON = '/usr/bin/python3'

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

/** A consumer registered for the oauthlib server. */
export interface OauthlibClient {
  /** The shared secret, for HMAC-* and PLAINTEXT. */
  secret?: string
  /** The RSA public key (PEM), for RSA-*. */
  rsaPublicKey?: string
}

/** A token registered for the oauthlib server, valid for one consumer. */
export interface OauthlibToken {
  /** The consumer key the token belongs to. */
  client: string
  /** The token secret. */
  secret: string
}

/** The consumers the oauthlib server knows by default. */
export const oauthlibClients: Record<string, OauthlibClient> = {
  [consumer.key]: { secret: consumer.secret, rsaPublicKey: consumer.publicKey },
  [specialConsumer.key]: { secret: specialConsumer.secret },
}

/** The tokens the oauthlib server knows by default. */
export const oauthlibTokens: Record<string, OauthlibToken> = {
  [accessToken.key]: { client: consumer.key, secret: accessToken.secret },
  [specialToken.key]: { client: specialConsumer.key, secret: specialToken.secret },
}
