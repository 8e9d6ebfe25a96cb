import type { SignatureKeys } from './signing/signature.ts'
import { signingKeyOf } from './signing/signature-method.ts'

/**
 * What an OAuth 1.0a signer holds that no error may show: the consumer secret, the token secret
 * (the configured one and another given for one request), the key made of them — which is also
 * the PLAINTEXT signature — and a private key given as PEM.
 *
 * @internal
 */
export function signerSecrets(keys: Omit<SignatureKeys, 'signatureMethod'>, requestTokenSecret?: string): string[] {
  const { consumerSecret = '', tokenSecret = '', privateKey } = keys
  const secrets = [consumerSecret, tokenSecret, signingKeyOf(keys)]
  if (requestTokenSecret !== undefined) secrets.push(requestTokenSecret, signingKeyOf({ ...keys, tokenSecret: requestTokenSecret }))
  if (typeof privateKey === 'string') secrets.push(privateKey)
  return secrets
}
