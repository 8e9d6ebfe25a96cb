import type { OAuth2Authorizer, OAuth2Options, TokenSet } from '@oauthkit/core'
import { isOAuthError, oauth2 } from '@oauthkit/core'
import { CliError } from './cli-error.ts'
import { ProfileStore } from './config.ts'
import type { CliIO } from './io.ts'
import type { OAuth2Profile } from './profile.ts'

/** The `oauth2()` options that come from `oauthkit login` flags. */
const OPTION_FLAGS: readonly [string, string][] = [
  ['tokenEndpoint', '--token-url'],
  ['authorizationEndpoint', '--authorize-url'],
]

/** @internal `oauth2()`, with a mistake in its options told in the words of the command line. */
export function oauth2Client(options: OAuth2Options): OAuth2Authorizer {
  try {
    return oauth2(options)
  } catch (error) {
    if (!isOAuthError(error) || error.code !== 'invalid_options') throw error
    let message = error.message.replace(/^oauth2\(\): /, '')
    for (const [option, flag] of OPTION_FLAGS) message = message.replace(new RegExp(`^${option}\\b`), flag)
    throw new CliError(message, 2)
  }
}

/**
 * @internal The `oauth2()` client of a saved OAuth 2 profile. Every new token — a refresh, or the
 * client credentials grant run again — is written back into the profile before the request goes on;
 * `onSaved` then hears of it.
 */
export function profileClient(name: string, profile: OAuth2Profile, io: CliIO, onSaved?: (token: TokenSet) => void): OAuth2Authorizer {
  const store = new ProfileStore(io.env)
  return oauth2Client({
    tokenEndpoint: profile.tokenUrl,
    clientId: profile.clientId,
    clientSecret: profile.clientSecret,
    clientAuth: profile.clientAuth,
    scope: profile.scope,
    grant: profile.grant === 'client_credentials' ? 'client_credentials' : undefined,
    token: profile.token,
    placement: profile.placement,
    fetch: io.fetch,
    now: io.now,
    onToken: async (token) => {
      await store.profiles.set(name, { ...profile, token })
      onSaved?.(token)
    },
  })
}

/** The codes after which only a new login helps. */
const LOGIN_AGAIN: readonly string[] = ['invalid_grant', 'token_expired', 'token_missing']

/** @internal Runs `work`; when the profile's tokens are dead, the error says to log in again. */
export async function withLoginHint<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isOAuthError(error) && LOGIN_AGAIN.includes(error.code)) {
      throw new CliError(`${error.message} (${error.code}); log in again: oauthkit login --profile ${name}`)
    }
    throw error
  }
}
