/**
 * The OAuth 1.0a primitives (RFC 5849), for who builds a signer or a verifier of their own:
 * `oauth1()` and `verifyOAuth1()` of `@oauthkit/core` are made of them.
 *
 * @module
 */

export type { ParameterPair } from './http/parameters.ts'
export { normalizeParameters, parseForm } from './http/parameters.ts'
export { percentEncode } from './http/percent-encode.ts'
export type { ProblemContext } from './oauth1/problem.ts'
export { parseOAuthProblem, readOAuthProblem } from './oauth1/problem.ts'
export type { ParsedAuthorizationHeader } from './oauth1/signing/authorization-header.ts'
export { formatAuthorizationHeader, parseAuthorizationHeader } from './oauth1/signing/authorization-header.ts'
export { baseStringUri, signatureBaseString } from './oauth1/signing/base-string.ts'
export { computeBodyHash } from './oauth1/signing/body-hash.ts'
export { timingSafeEqual } from './oauth1/signing/constant-time.ts'
export { generateNonce } from './oauth1/signing/nonce.ts'
export type { SignatureKeys, VerificationKeys } from './oauth1/signing/signature.ts'
export { computeSignature, verifySignature } from './oauth1/signing/signature.ts'
export { defaultSigningKey, SIGNATURE_METHODS } from './oauth1/signing/signature-method.ts'
export { parseTokenResponse } from './oauth1/token-response.ts'
