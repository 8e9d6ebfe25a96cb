/**
 * The longest `WWW-Authenticate` value the challenge parsers read, in characters. Real challenges
 * are a few hundred; a longer value is treated as carrying no challenge, so that no response can
 * make a client scan more than this on a refusal.
 *
 * @internal
 */
export const MAX_CHALLENGE_LENGTH = 8192

/**
 * Whether a `WWW-Authenticate` value is short enough to be read (see {@link MAX_CHALLENGE_LENGTH}).
 *
 * @internal
 */
export function isReadableChallenge(value: string): boolean {
  return value.length <= MAX_CHALLENGE_LENGTH
}
