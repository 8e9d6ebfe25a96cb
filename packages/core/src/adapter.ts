/**
 * The contract between the core and an HTTP client's adapter, and the HTTP rules every adapter
 * shares (redirects, origins, bodies, challenges).
 *
 * @module
 */

export type { AuthorizedWithChanges } from './contract/authorizer.ts'
export type { OAuthBinding, OAuthCall, ReviewFinding } from './contract/binding.ts'
export { bindAuthorizer } from './contract/binding.ts'
export type { CallClient, CallOutcome } from './contract/call-driver.ts'
export { driveCall, settle } from './contract/call-driver.ts'
export type {
  OAuthContext,
  OAuthContextCalls,
  OAuthContextInstance,
  OAuthContextRecord,
  WithOAuthContext,
} from './contract/client-context.ts'
export { headerPairs } from './contract/header-pairs.ts'
export { PLACEMENTS } from './contract/placement.ts'
export type { RedirectHop } from './contract/redirect.ts'
export { nextRedirectHop } from './contract/redirect.ts'
export { markRefusal } from './contract/refusal.ts'
export { attachRefusal, recordRefusal } from './contract/refused-responses.ts'
export { printableLine } from './errors/printable.ts'
export type { CredentialScope } from './http/origins.ts'
export { mayCarryCredentials } from './http/origins.ts'
export { isFormContentType } from './http/request-parts.ts'
export { BEARER_PLACEMENTS } from './oauth2/bearer.ts'
export type { BearerChallenge } from './oauth2/challenge.ts'
export { parseBearerChallenge } from './oauth2/challenge.ts'
export { canFollowRedirectsManually } from './runtime.ts'
