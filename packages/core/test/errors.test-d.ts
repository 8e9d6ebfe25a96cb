// Type-level tests of the error model, checked by `pnpm typecheck` (tsc -p tsconfig.json).
import type { AnyOAuthError, OAuth2ErrorCode, OAuthErrorCode, OAuthProblem } from '@oauthkit/core'
import { isOAuthError, OAuth2Error, OAuthError, OAuthProblemError } from '@oauthkit/core'
import { expectTypeOf } from 'vitest'
import type { OAUTH_ERROR_CODES } from '../src/errors/errors.ts'
import type { OAUTH2_ERROR_CODES } from '../src/errors/oauth2-error-code.ts'
import type { OAUTH_PROBLEMS } from '../src/errors/problem-code.ts'

// Each class's code is exactly its list's union.
expectTypeOf<OAuthError['code']>().toEqualTypeOf<OAuthErrorCode>()
expectTypeOf<OAuthErrorCode>().toEqualTypeOf<(typeof OAUTH_ERROR_CODES)[number]>()
expectTypeOf<OAuthProblemError['code']>().toEqualTypeOf<OAuthProblem>()
expectTypeOf<OAuthProblem>().toEqualTypeOf<(typeof OAUTH_PROBLEMS)[number]>()
expectTypeOf<OAuth2Error['code']>().toEqualTypeOf<OAuth2ErrorCode>()
expectTypeOf<OAuth2ErrorCode>().toEqualTypeOf<(typeof OAUTH2_ERROR_CODES)[number]>()

// No code means two things: a provider's problem is neither a local code nor an OAuth 2 code, and the
// only codes OAuthError and OAuth2Error share are the two that mean the same for both protocols.
expectTypeOf<Extract<OAuthProblem, OAuthErrorCode | OAuth2ErrorCode>>().toEqualTypeOf<never>()
expectTypeOf<Extract<OAuthErrorCode, OAuth2ErrorCode>>().toEqualTypeOf<'invalid_response' | 'token_request_failed'>()

// The renamed local codes: none of the old spellings is a code of OAuthError or OAuth2Error.
expectTypeOf<Extract<'invalid_request', OAuthErrorCode>>().toEqualTypeOf<never>()
expectTypeOf<Extract<'token_expired' | 'token_missing', OAuthErrorCode>>().toEqualTypeOf<never>()
expectTypeOf<Extract<'token_expired', OAuth2ErrorCode>>().toEqualTypeOf<never>()

// The base constructor takes its own codes only; a subclass takes its list's.
// @ts-expect-error a problem name is OAuthProblemError's
new OAuthError('nonce_used', 'x')
// @ts-expect-error an RFC 6749 code is OAuth2Error's
new OAuthError('invalid_grant', 'x')
// @ts-expect-error a local code is OAuthError's
new OAuthProblemError('invalid_options', 'x')
// @ts-expect-error a problem name is not an OAuth 2 code
new OAuth2Error('token_expired', 'x')

// After the guard, a switch on the code narrows to the class.
declare const caught: unknown
if (isOAuthError(caught)) {
  expectTypeOf(caught).toEqualTypeOf<AnyOAuthError>()
  expectTypeOf(caught.code).toEqualTypeOf<OAuthErrorCode | OAuthProblem | OAuth2ErrorCode>()
  switch (caught.code) {
    case 'timestamp_refused':
      expectTypeOf(caught).toEqualTypeOf<OAuthProblemError>()
      expectTypeOf(caught.acceptableTimestamps).toEqualTypeOf<{ min: number; max: number } | undefined>()
      break
    case 'invalid_grant':
    case 'token_unrenewable':
      expectTypeOf(caught).toEqualTypeOf<OAuth2Error>()
      expectTypeOf(caught.status).toEqualTypeOf<number | undefined>()
      break
    case 'credentials_missing':
    case 'request_invalid':
      expectTypeOf(caught).toEqualTypeOf<OAuthError>()
      break
    case 'invalid_response':
      expectTypeOf(caught).toEqualTypeOf<OAuthError | OAuth2Error>()
      break
  }
}

// `instanceof` narrows too: the base class to every code of the three classes (not `any`, which a
// generic class would give), a subclass to itself.
if (caught instanceof OAuthError) {
  expectTypeOf(caught.code).toEqualTypeOf<OAuthErrorCode | OAuthProblem | OAuth2ErrorCode>()
  expectTypeOf(caught).toExtend<Error>()
}
if (caught instanceof OAuthProblemError) {
  expectTypeOf(caught).toEqualTypeOf<OAuthProblemError>()
  expectTypeOf(caught.code).toEqualTypeOf<OAuthProblem>()
}
if (caught instanceof OAuth2Error) expectTypeOf(caught.code).toEqualTypeOf<OAuth2ErrorCode>()
