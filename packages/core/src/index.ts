/**
 * What applications call: the OAuth 1.0a signer, session and verifier, the OAuth 2 client and
 * its grants, the stores and the errors. OAuth 1.0a primitives are on `@oauthkit/core/oauth1`, what
 * adapters need on `@oauthkit/core/adapter`, Node-only stores on `@oauthkit/core/node`.
 *
 * @module
 */

export type { AuthorizedRequest, AuthorizeOptions, Authorizer, HeaderChanges, ResponseParts } from './contract/authorizer.ts'
export type { AdapterDefaults, RequestOAuthOptions } from './contract/binding.ts'
export type { Placement } from './contract/placement.ts'
export type { OAuthErrorCode } from './errors/errors.ts'
export { OAuthError } from './errors/errors.ts'
export type { AnyOAuthError } from './errors/is-oauth-error.ts'
export { isOAuthError } from './errors/is-oauth-error.ts'
export type { OAuth2ErrorDetails } from './errors/oauth2-error.ts'
export { OAuth2Error } from './errors/oauth2-error.ts'
export type { OAuth2ErrorCode } from './errors/oauth2-error-code.ts'
export type { OAuthProblem, OAuthProblemDetails } from './errors/problem-error.ts'
export { isOAuthProblem, OAuthProblemError } from './errors/problem-error.ts'
export type { FetchLike } from './http/fetch-like.ts'
export type { OriginInput } from './http/origins.ts'
export type { RequestBody } from './http/request-body.ts'
export type { RequestParts } from './http/request-parts.ts'
export type { ClockSkewOptions } from './oauth1/clock-skew.ts'
export { MemoryTokenStore } from './oauth1/memory-token-store.ts'
export type { MemoryNonceStoreOptions, NonceStore, NonceUse } from './oauth1/nonce-store.ts'
export { MemoryNonceStore } from './oauth1/nonce-store.ts'
export type {
  FetchRequestTokenOptions,
  OAuth1AuthorizationResponse,
  OAuth1Session,
  OAuth1SessionOptions,
  XAuthCredentials,
} from './oauth1/session.ts'
export { oauth1Session } from './oauth1/session.ts'
export type { OAuth1SignatureDetails, OAuth1Signer, SignedRequest } from './oauth1/signer.ts'
export { oauth1 } from './oauth1/signer.ts'
export type { OAuth1Options, SignOverrides } from './oauth1/signer-options.ts'
export type { BodyHashAlgorithm } from './oauth1/signing/body-hash.ts'
export type { SignatureMethod, SigningKeyStrategy } from './oauth1/signing/signature-method.ts'
export type { OAuth1Token } from './oauth1/token-response.ts'
export type { StoredCredentials, TokenStore } from './oauth1/token-store.ts'
export type { Awaitable, ConsumerCredentials, ParameterLocation, TokenCredentials, VerifiedOAuth1, VerifyOptions } from './oauth1/verify.ts'
export { verifyOAuth1 } from './oauth1/verify.ts'
export type { AuthorizationCodeOptions } from './oauth2/authorization-code.ts'
export { authorizationCodeGrant } from './oauth2/authorization-code.ts'
export type { AuthorizationCodeResponse, ExpectedAuthorizationResponse } from './oauth2/authorization-response.ts'
export { parseAuthorizationResponse } from './oauth2/authorization-response.ts'
export type { AuthorizationRequest, AuthorizationUrlOptions } from './oauth2/authorization-url.ts'
export { createAuthorizationUrl } from './oauth2/authorization-url.ts'
export type { BearerPlacement } from './oauth2/bearer.ts'
export type { OAuth2Client } from './oauth2/client.ts'
export type { ClientAuthMethod } from './oauth2/client-auth.ts'
export { clientSecretBasic } from './oauth2/client-auth.ts'
export type { ClientCredentialsOptions } from './oauth2/client-credentials.ts'
export { clientCredentialsGrant } from './oauth2/client-credentials.ts'
export type { DeviceAuthorization, DeviceClient, DevicePollOptions } from './oauth2/device-grant.ts'
export { pollDeviceToken, requestDeviceAuthorization } from './oauth2/device-grant.ts'
export { tokenFromFragment } from './oauth2/fragment.ts'
export type { Hook, OAuth2Hooks, ProtectedRequestState, TokenRequestState, TokenResponseState } from './oauth2/hooks.ts'
export type { CodeExchange, OAuth2Authorizer, OAuth2Grant, OAuth2Options } from './oauth2/oauth2.ts'
export { oauth2 } from './oauth2/oauth2.ts'
export type { PasswordCredentials } from './oauth2/password.ts'
export { passwordGrant } from './oauth2/password.ts'
export { computeCodeChallenge, generateCodeVerifier } from './oauth2/pkce.ts'
export type { RandomBytes } from './oauth2/random.ts'
export { generateState } from './oauth2/random.ts'
export type { RefreshTokenOptions } from './oauth2/refresh-token.ts'
export { refreshTokenGrant } from './oauth2/refresh-token.ts'
export type { ExtraParameters } from './oauth2/token-request.ts'
export { genericGrant } from './oauth2/token-request.ts'
export type { TokenSet } from './oauth2/token-set.ts'
export type { CryptoPreference } from './runtime.ts'
