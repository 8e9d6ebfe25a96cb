import type { AuthorizedRequest } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import { percentEncode } from '@oauthkit/core/oauth1'
import type { Command } from 'commander'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import type { CredentialFlags } from '../credentials.ts'
import { resolveAuth } from '../credentials.ts'
import type { CliIO } from '../io.ts'
import { profileClient, withLoginHint } from '../oauth2-client.ts'
import { credentialOptions, requestOptions } from '../options.ts'
import { formatCurl } from '../output.ts'
import { addPresetHeaders } from '../presets.ts'
import type { RequestFlags } from '../request-spec.ts'
import { buildRequest } from '../request-spec.ts'

interface SignCommandFlags extends CredentialFlags, RequestFlags {
  format?: string
  reveal?: boolean
}

/** What a masked PLAINTEXT signature is printed as. */
export const MASKED_SIGNATURE = 'MASKED-PLAINTEXT-SIGNATURE'
/** What a masked OAuth 2 access token is printed as. */
const MASKED_TOKEN = 'MASKED-ACCESS-TOKEN'

/** `text` with every form of `secret` (as is, percent-encoded once or twice) replaced. */
function maskAll(text: string, secret: string, replacement: string): string {
  let out = text
  for (const form of new Set([percentEncode(percentEncode(secret)), percentEncode(secret), encodeURIComponent(secret), secret])) {
    out = out.replaceAll(form, replacement)
  }
  return out
}

/** The authorized request as a curl command, or its Authorization header. */
function formatted(authorized: AuthorizedRequest, format: string, placement: string): string {
  if (format === 'curl') return formatCurl(authorized)
  const authorization = authorized.headers.get('authorization')
  if (authorization === null) throw new CliError(`placement ${placement} puts no Authorization header; use --format curl`, 2)
  return `Authorization: ${authorization}`
}

/** @internal `oauthkit sign`. */
export function signCommand(program: Command, io: CliIO): void {
  const command = program
    .command('sign')
    .description(
      'sign a request without sending it (OAuth 1.0a, or the bearer token of an OAuth 2 profile): print it as a curl command or its Authorization header',
    )
    .option('--format <format>', 'curl or header', 'curl')
    .option('--reveal', 'print a PLAINTEXT signature (it is the secrets) or an OAuth 2 access token instead of masking it')
  requestOptions(credentialOptions(command)).action(async (url: string, flags: SignCommandFlags) => {
    const format = flags.format ?? 'curl'
    if (format !== 'curl' && format !== 'header') throw new CliError('--format: curl or header', 2)
    const request = buildRequest(url, flags)
    const resolved = await resolveAuth(flags, io, new ProfileStore(io.env))
    // A preset's headers on every request: Discogs' User-Agent.
    if (resolved.kind === 'oauth1') addPresetHeaders(resolved.preset, request.headers)
    let text: string
    let secret: { value: string; replacement: string; what: string } | undefined
    if (resolved.kind === 'oauth1') {
      const signer = oauth1(resolved.options)
      const signed = await signer.sign(request)
      text = formatted(signed, format, signer.placement)
      const signature = signed.oauth.parameters.find(([name]) => name === 'oauth_signature')?.[1] ?? ''
      if (signer.signatureMethod === 'PLAINTEXT' && signature !== '') {
        secret = { value: signature, replacement: MASKED_SIGNATURE, what: 'the PLAINTEXT signature is the secrets; it is masked' }
      }
    } else {
      const { name, profile, placement } = resolved
      // A token due for renewal is renewed (and saved) first, so that the command printed works.
      const client = profileClient(name, profile, io)
      const authorized = await withLoginHint(name, () => client.authorize(request, { placement }))
      text = formatted(authorized, format, placement ?? client.placement)
      const token = client.token?.access_token
      if (token !== undefined) secret = { value: token, replacement: MASKED_TOKEN, what: 'the access token is masked' }
    }
    if (secret !== undefined && !flags.reveal) {
      text = maskAll(text, secret.value, secret.replacement)
      io.stderr.write(`oauthkit: ${secret.what} (--reveal shows it)\n`)
    }
    io.stdout.write(`${text}\n`)
  })
}
