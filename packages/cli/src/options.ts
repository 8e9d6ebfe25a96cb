import type { Command } from 'commander'

/** @internal Collects a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** @internal The credential options of `request` and `sign`. */
export function credentialOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'saved profile to use (default: OAUTHKIT_PROFILE, else the default profile)')
    .option('--consumer-key <key>', 'consumer key (env OAUTHKIT_CONSUMER_KEY)')
    .option('--consumer-secret <secret>', 'consumer secret (env OAUTHKIT_CONSUMER_SECRET)')
    .option('--token <token>', 'access token (env OAUTHKIT_TOKEN)')
    .option('--token-secret <secret>', 'access token secret (env OAUTHKIT_TOKEN_SECRET)')
    .option(
      '--signature-method <method>',
      'HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT (env OAUTHKIT_SIGNATURE_METHOD)',
    )
    .option('--private-key <file>', 'PEM private key file for RSA-* (env OAUTHKIT_PRIVATE_KEY)')
    .option('--realm <realm>', 'realm of the Authorization header (env OAUTHKIT_REALM)')
    .option('--preset <preset>', "a provider's signature method, placement and quirks (a profile keeps the preset it was made with)")
    .option('--no-oauth-version', 'leave oauth_version out (WooCommerce asks for that; its preset does it)')
}

/** @internal The curl-like request options of `request` and `sign`. */
export function requestOptions(command: Command): Command {
  return command
    .argument('<url>', 'absolute URL')
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with a body)')
    .option('-d, --data <name=value>', 'form field of an application/x-www-form-urlencoded body (repeatable)', collect)
    .option('-H, --header <header>', "header 'Name: value' (repeatable)", collect)
    .option('--json <body>', 'JSON body (sent as is; not signed as parameters)')
    .option('--placement <placement>', 'where the OAuth parameters go: header, query, body, header+query or header+body')
}
