// Type-level tests of a provider's refusal (issue 14): what `oauthRefusal` gives is typed, from any
// client's error or response; a base string only where there is one (OAuth 1.0a). Compiled by the
// test command's typecheck (tsconfig.json); at run time the checks do nothing.
import type { OAuth2Error, OAuthProblemError, OAuthRefusal } from '@oauthkit/core'
import { oauthRefusal } from '@oauthkit/core'
import { AxiosError } from 'axios'
import type { HTTPError } from 'ky'
import { describe, expectTypeOf, test } from 'vitest'

describe('a refusal, typed', () => {
  test("oauthRefusal reads axios' AxiosError typed", () => {
    const refusal = oauthRefusal(new AxiosError('Request failed with status code 401'))
    expectTypeOf(refusal).toEqualTypeOf<OAuthRefusal | undefined>()
    // @ts-expect-error a misspelt member of the refusal does not compile
    void refusal?.baseStrng
  })

  test('oauthRefusal reads any value; the code narrows to the problem report, which has the base string', () => {
    const refusal = oauthRefusal({} as HTTPError)
    expectTypeOf(refusal).toEqualTypeOf<OAuthRefusal | undefined>()
    if (refusal?.code === 'signature_invalid') {
      expectTypeOf(refusal).toMatchTypeOf<OAuthProblemError>()
      expectTypeOf(refusal.baseString).toEqualTypeOf<string | undefined>()
    }
    if (refusal?.code === 'insufficient_scope') {
      expectTypeOf(refusal).toMatchTypeOf<OAuth2Error>()
      // An OAuth 2 challenge has no base string: readable on the union, always undefined.
      expectTypeOf(refusal.baseString).toEqualTypeOf<undefined>()
    }
    expectTypeOf(refusal?.baseString).toEqualTypeOf<string | undefined>()
  })
})
