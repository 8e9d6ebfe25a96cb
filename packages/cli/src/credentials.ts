import { readFile } from 'node:fs/promises'
import type { BearerPlacement, OAuth1Options, Placement, SignatureMethod } from '@oauthkit/core'
import { BEARER_PLACEMENTS, PLACEMENTS } from '@oauthkit/core/adapter'
import { SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import { CliError } from './cli-error.ts'
import type { ProfileStore } from './config.ts'
import { noDefault } from './config.ts'
import type { CliIO } from './io.ts'
import type { Preset } from './presets.ts'
import { PRESETS, presetFlag, presetRealm } from './presets.ts'
import type { OAuth1Profile, OAuth2Profile } from './profile.ts'
import { isOAuth2Profile } from './profile.ts'

/** @internal The credential options shared by `request`, `sign` and `login`. */
export interface CredentialFlags {
  profile?: string
  consumerKey?: string
  consumerSecret?: string
  token?: string
  tokenSecret?: string
  signatureMethod?: string
  privateKey?: string
  realm?: string
  placement?: string
  /** `--preset`: a provider's signature method, placement and quirks, for credentials given as flags or variables. */
  preset?: string
  /** `false` with `--no-oauth-version`. */
  oauthVersion?: boolean
}

/** @internal Checks a signature method name. */
export function signatureMethodOf(value: string | undefined, where: string): SignatureMethod | undefined {
  if (value === undefined) return undefined
  const upper = value.toUpperCase()
  if (!(SIGNATURE_METHODS as readonly string[]).includes(upper)) {
    throw new CliError(`${where}: unknown signature method "${value}"; one of ${SIGNATURE_METHODS.join(', ')}`, 2)
  }
  return upper as SignatureMethod
}

/** @internal Checks a placement name. */
export function placementOf(value: string | undefined): Placement | undefined {
  if (value === undefined) return undefined
  if (!(PLACEMENTS as readonly string[]).includes(value)) throw new CliError(`--placement: one of ${PLACEMENTS.join(', ')}`, 2)
  return value as Placement
}

/** The placement of a bearer token: one of core's BEARER_PLACEMENTS (RFC 6750 2: one place only). */
function bearerPlacementOf(value: string | undefined): BearerPlacement | undefined {
  const placement = placementOf(value)
  if (placement !== undefined && !(BEARER_PLACEMENTS as readonly string[]).includes(placement)) {
    throw new CliError(
      `--placement ${placement} would send an OAuth 2 token twice, which RFC 6750 2 forbids; use ${BEARER_PLACEMENTS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`,
      2,
    )
  }
  return placement as BearerPlacement | undefined
}

/** @internal Reads a PEM private key file; the error names the file, never its content. */
export async function readPrivateKey(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    throw new CliError(`cannot read the private key file ${file}`)
  }
}

/** @internal The profile name a command uses: `--profile`, `OAUTHKIT_PROFILE`, else the default. */
export async function profileName(flags: CredentialFlags, io: CliIO, store: ProfileStore): Promise<string | undefined> {
  return flags.profile ?? io.env.OAUTHKIT_PROFILE ?? (await store.defaultName())
}

/** The credential flags of OAuth 1.0a, with their names on the command line. */
const OAUTH1_FLAGS: readonly [keyof CredentialFlags, string][] = [
  ['consumerKey', '--consumer-key'],
  ['consumerSecret', '--consumer-secret'],
  ['token', '--token'],
  ['tokenSecret', '--token-secret'],
  ['signatureMethod', '--signature-method'],
  ['privateKey', '--private-key'],
  ['realm', '--realm'],
  ['preset', '--preset'],
]

/** The first OAuth 1.0a flag given, by its name on the command line. */
function oauth1FlagOf(flags: CredentialFlags): string | undefined {
  if (flags.oauthVersion === false) return '--no-oauth-version'
  return OAUTH1_FLAGS.find(([field]) => flags[field] !== undefined)?.[1]
}

/** @internal What `request` and `sign` authorize with: OAuth 1.0a signer options, or a saved OAuth 2 profile. */
export type ResolvedAuth =
  | { kind: 'oauth1'; options: OAuth1Options; preset: Preset | undefined }
  | { kind: 'oauth2'; name: string; profile: OAuth2Profile; placement: BearerPlacement | undefined }

/**
 * @internal The credentials of `request` and `sign`. A profile chosen by `--profile` or
 * `OAUTHKIT_PROFILE` decides the protocol. The default profile, when it is an OAuth 2 profile, yields
 * to OAuth 1.0a credentials given as flags or `OAUTHKIT_CONSUMER_KEY`.
 */
export async function resolveAuth(flags: CredentialFlags, io: CliIO, store: ProfileStore): Promise<ResolvedAuth> {
  const name = await profileName(flags, io, store)
  let profile: OAuth1Profile | undefined
  if (name !== undefined) {
    const saved = await store.profiles.get(name)
    const explicit = flags.profile !== undefined || io.env.OAUTHKIT_PROFILE !== undefined
    if (saved === undefined && explicit) throw new CliError(`no profile named "${name}"; run oauthkit profiles list`)
    if (isOAuth2Profile(saved)) {
      const oauth1Flag = oauth1FlagOf(flags)
      if (explicit && oauth1Flag !== undefined) throw new CliError(`${oauth1Flag} is for OAuth 1.0a; profile "${name}" is OAuth 2`, 2)
      if (explicit || (oauth1Flag === undefined && !io.env.OAUTHKIT_CONSUMER_KEY)) {
        return { kind: 'oauth2', name, profile: saved, placement: bearerPlacementOf(flags.placement) }
      }
    } else {
      profile = saved
    }
  }
  const chosen = presetFlag(flags.preset)
  const preset = chosen ?? (profile?.preset === undefined ? undefined : PRESETS[profile.preset])
  return { kind: 'oauth1', options: await oauth1Options(flags, io, store, profile, preset, chosen !== undefined), preset }
}

/**
 * The signer options: each field from its flag, else its `OAUTHKIT_*` variable, else the profile
 * (a preset given with `--preset` before it), else the profile's preset; then the preset's quirks.
 */
async function oauth1Options(
  flags: CredentialFlags,
  io: CliIO,
  store: ProfileStore,
  profile: OAuth1Profile | undefined,
  preset: Preset | undefined,
  presetChosen: boolean,
): Promise<OAuth1Options> {
  const env = io.env
  const pick = (flag: string | undefined, variable: string, saved: string | undefined): string | undefined =>
    flag ?? (env[variable] || undefined) ?? saved
  const consumerKey = pick(flags.consumerKey, 'OAUTHKIT_CONSUMER_KEY', profile?.consumerKey)
  if (consumerKey === undefined || consumerKey === '') {
    const names = profile === undefined ? await store.profiles.profiles() : []
    if (names.length > 0) throw new CliError(noDefault(names))
    throw new CliError('no credentials: run oauthkit login, or give --consumer-key (or OAUTHKIT_CONSUMER_KEY)')
  }
  const ofPreset = <T>(saved: T | undefined, presets: T | undefined): T | undefined =>
    presetChosen ? (presets ?? saved) : (saved ?? presets)
  const signatureMethod = signatureMethodOf(
    pick(flags.signatureMethod, 'OAUTHKIT_SIGNATURE_METHOD', ofPreset(profile?.signatureMethod, preset?.signatureMethod)),
    'signature method',
  )
  // The profile's secrets and token belong to its consumer: another consumer key takes none of them
  // (they would sign for it, and PLAINTEXT would send them to its provider).
  const own = profile?.consumerKey === consumerKey ? profile : undefined
  const keyFile = pick(flags.privateKey, 'OAUTHKIT_PRIVATE_KEY', own?.privateKeyFile)
  const token = pick(flags.token, 'OAUTHKIT_TOKEN', own?.token)
  const tokenSecret = pick(flags.tokenSecret, 'OAUTHKIT_TOKEN_SECRET', own?.tokenSecret)
  if (token !== undefined && tokenSecret === undefined && !signatureMethod?.startsWith('RSA-')) {
    throw new CliError('a token needs its token secret (--token-secret or OAUTHKIT_TOKEN_SECRET)', 2)
  }
  const isRsa = signatureMethod?.startsWith('RSA-') === true
  if (isRsa && keyFile === undefined) throw new CliError(`${signatureMethod} needs --private-key FILE (or OAUTHKIT_PRIVATE_KEY)`, 2)
  return {
    consumerKey,
    consumerSecret: pick(flags.consumerSecret, 'OAUTHKIT_CONSUMER_SECRET', own?.consumerSecret) ?? '',
    token,
    tokenSecret,
    signatureMethod,
    privateKey: isRsa && keyFile !== undefined ? await readPrivateKey(keyFile) : undefined,
    realm: presetRealm(preset, pick(flags.realm, 'OAUTHKIT_REALM', profile?.realm)),
    placement: placementOf(flags.placement) ?? ofPreset(profile?.placement, preset?.placement),
    version: flags.oauthVersion === false || profile?.version === false || preset?.version === false ? false : undefined,
    now: io.now,
  }
}
