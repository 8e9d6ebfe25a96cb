// The code of an error is named once in its line: a token endpoint's own code is in the message.
import { OAuth2Error, OAuthError } from '@oauthkit/core'
import { expect, test } from 'vitest'
import { errorLine } from '../src/error-line.ts'

test("a token endpoint's error code is not repeated after its message", () => {
  const refused = new OAuth2Error('invalid_client', 'POST https://a.test/token (client_credentials): invalid_client (HTTP 401)', {
    error: 'invalid_client',
    status: 401,
  })
  expect(errorLine(refused).line).toBe('oauthkit: POST https://a.test/token (client_credentials): invalid_client (HTTP 401)\n')
})

test("a server's code oauthkit does not know is followed by the code it was given", () => {
  const odd = new OAuth2Error('unrecognized_error', 'POST https://a.test/token: slow_down_please', { error: 'slow_down_please' })
  expect(errorLine(odd).line).toBe('oauthkit: POST https://a.test/token: slow_down_please (unrecognized_error)\n')
})

test("oauthkit's own errors are followed by their code", () => {
  expect(errorLine(new OAuthError('invalid_options', 'oauth1(): consumerKey must be a non-empty string')).line).toBe(
    'oauthkit: oauth1(): consumerKey must be a non-empty string (invalid_options)\n',
  )
})
