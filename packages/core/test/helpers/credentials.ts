import type { OAuth1Options, SignatureMethod, VerifyOptions } from '@oauthkit/core'
import { MemoryNonceStore } from '@oauthkit/core'
import { SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import { rsaKeys } from '../../../../test/fixtures/index.ts'

/** A fixed clock for every test: 2023-11-14T22:13:20Z. */
export const NOW_SECONDS = 1_700_000_000
export const now = (): number => NOW_SECONDS * 1000

export const consumer = { key: 'consumer-key', secret: 'consumer-secret&with/odd chars' }
export const accessToken = { token: 'access-token', secret: 'token-secret%+=' }

/** Signer options for a signature method, with the fixed clock and a counter for nonces. */
export function signerOptions(signatureMethod: SignatureMethod, extra: Partial<OAuth1Options> = {}): OAuth1Options {
  let counter = 0
  return {
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    token: accessToken.token,
    tokenSecret: accessToken.secret,
    signatureMethod,
    privateKey: signatureMethod.startsWith('RSA-') ? rsaKeys.privatePkcs8 : undefined,
    timestamp: NOW_SECONDS,
    nonce: () => `nonce${++counter}`,
    ...extra,
  }
}

/** Verifier options that know the consumer and the token above. */
export function verifyOptions(extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    lookupConsumer: (key) => (key === consumer.key ? { secret: consumer.secret, publicKey: rsaKeys.publicSpki } : undefined),
    lookupToken: (token, consumerKey) =>
      token === accessToken.token && consumerKey === consumer.key ? { secret: accessToken.secret } : undefined,
    nonceStore: new MemoryNonceStore({ now }),
    now,
    allowedSignatureMethods: SIGNATURE_METHODS,
    ...extra,
  }
}
