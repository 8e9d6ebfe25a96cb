import type { Placement, SignatureMethod } from '@oauthkit/core'

/**
 * A saved profile: the consumer credentials, the tokens, and how to sign for one provider. Saved
 * in the user's config directory with file mode 0600.
 *
 * @example
 * ```ts
 * import type { Profile } from '@oauthkit/cli'
 *
 * const profile: Profile = { consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret', preset: 'x' }
 * ```
 */
export interface Profile {
  consumerKey: string
  consumerSecret?: string | undefined
  token?: string | undefined
  tokenSecret?: string | undefined
  signatureMethod?: SignatureMethod | undefined
  /** For RSA: the path of the PEM private key (the key itself is not copied into the profile). */
  privateKeyFile?: string | undefined
  realm?: string | undefined
  placement?: Placement | undefined
  /** The preset it was made with. */
  preset?: string | undefined
  requestTokenUrl?: string | undefined
  authorizeUrl?: string | undefined
  accessTokenUrl?: string | undefined
  /** Extra fields of the access-token response (user_id, screen_name, …). */
  extra?: Record<string, string> | undefined
}

/** The secret fields of a profile, masked when shown. */
export const SECRET_FIELDS: readonly ('consumerSecret' | 'tokenSecret')[] = ['consumerSecret', 'tokenSecret']

/**
 * A profile with its secrets masked: the first and last characters of long values stay, so that
 * two secrets can be told apart, never enough to use one.
 *
 * @example
 * ```ts
 * import { maskProfile } from '@oauthkit/cli'
 *
 * console.assert(maskProfile({ consumerKey: 'k', consumerSecret: 'kd94hf93k423kf44' }).consumerSecret === 'kd…44 (16 characters)')
 * ```
 */
export function maskProfile(profile: Profile): Profile {
  const masked: Profile = { ...profile }
  for (const field of SECRET_FIELDS) {
    const value = profile[field]
    if (typeof value === 'string' && value !== '') {
      masked[field] =
        value.length >= 12 ? `${value.slice(0, 2)}…${value.slice(-2)} (${value.length} characters)` : `•••• (${value.length} characters)`
    }
  }
  return masked
}
