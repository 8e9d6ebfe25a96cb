import { oauth1, percentEncode } from '@oauthkit/core'
import type { Command } from 'commander'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import type { CredentialFlags } from '../credentials.ts'
import { resolveCredentials } from '../credentials.ts'
import type { CliIO } from '../io.ts'
import { credentialOptions, requestOptions } from '../options.ts'
import { formatCurl } from '../output.ts'
import type { RequestFlags } from '../request-spec.ts'
import { buildRequest } from '../request-spec.ts'

interface SignCommandFlags extends CredentialFlags, RequestFlags {
  format?: string
  reveal?: boolean
}

/** What a masked PLAINTEXT signature is printed as. */
export const MASKED_SIGNATURE = 'MASKED-PLAINTEXT-SIGNATURE'

/** @internal `oauthkit sign`. */
export function signCommand(program: Command, io: CliIO): void {
  const command = program
    .command('sign')
    .description('sign a request without sending it: print it as a curl command or its Authorization header')
    .option('--format <format>', 'curl or header', 'curl')
    .option('--reveal', 'print a PLAINTEXT signature (it is the secrets) instead of masking it')
  requestOptions(credentialOptions(command)).action(async (url: string, flags: SignCommandFlags) => {
    const format = flags.format ?? 'curl'
    if (format !== 'curl' && format !== 'header') throw new CliError('--format: curl or header', 2)
    const request = buildRequest(url, flags)
    const signer = oauth1(await resolveCredentials(flags, io, new ProfileStore(io.env)))
    const signed = await signer.sign(request)
    let text: string
    if (format === 'header') {
      const authorization = signed.headers.get('authorization')
      if (authorization === null) {
        throw new CliError(`placement ${signer.placement} puts no Authorization header; use --format curl`, 2)
      }
      text = `Authorization: ${authorization}`
    } else {
      text = formatCurl(signed)
    }
    if (signer.signatureMethod === 'PLAINTEXT' && !flags.reveal) {
      const signature = signed.oauth.parameters.find(([name]) => name === 'oauth_signature')?.[1] ?? ''
      if (signature !== '') {
        for (const form of new Set([
          percentEncode(percentEncode(signature)),
          percentEncode(signature),
          encodeURIComponent(signature),
          signature,
        ])) {
          text = text.replaceAll(form, MASKED_SIGNATURE)
        }
        io.stderr.write('oauthkit: the PLAINTEXT signature is the secrets; it is masked (--reveal shows it)\n')
      }
    }
    io.stdout.write(`${text}\n`)
  })
}
