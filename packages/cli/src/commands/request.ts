import type { Authorizer, OAuth1Signer, SignOverrides } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/fetch'
import type { Command } from 'commander'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import type { CredentialFlags } from '../credentials.ts'
import { resolveCredentials } from '../credentials.ts'
import type { CliIO } from '../io.ts'
import { credentialOptions, requestOptions } from '../options.ts'
import { formatBody, statusLine } from '../output.ts'
import type { RequestFlags } from '../request-spec.ts'
import { buildRequest } from '../request-spec.ts'

interface RequestCommandFlags extends CredentialFlags, RequestFlags {
  include?: boolean
  debug?: boolean
}

/** The signer, writing the signature base string of every attempt to stderr. */
function debugAuthorizer(signer: OAuth1Signer, io: CliIO): Authorizer<SignOverrides> {
  return {
    kind: signer.kind,
    placement: signer.placement,
    origins: signer.origins,
    async authorize(request, options) {
      const signed = await signer.sign(request, options)
      // The URL as asked, not as signed: with the query placement the signed one holds the signature.
      io.stderr.write(`* ${request.method} ${request.url}\n* signature base string: ${signed.oauth.baseString}\n`)
      return signed
    },
    strip: (request) => signer.strip(request),
    onResponse: (response, request) => signer.onResponse(response, request),
  }
}

/** @internal `oauthkit request`. */
export function requestCommand(program: Command, io: CliIO, result: { exitCode: number }): void {
  const command = program
    .command('request')
    .description('sign a request with OAuth 1.0a, send it, and print the response')
    .option('-i, --include', 'print the status line and the response headers')
    .option('--debug', 'print the signature base string of each attempt to stderr')
  requestOptions(credentialOptions(command)).action(async (url: string, flags: RequestCommandFlags) => {
    const request = buildRequest(url, flags)
    const store = new ProfileStore(io.env)
    const signer = oauth1(await resolveCredentials(flags, io, store))
    const auth = flags.debug ? debugAuthorizer(signer, io) : signer
    const send = withOAuth(io.fetch, auth)
    let response: Response
    try {
      response = await send(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body as BodyInit | null,
      })
    } catch (error) {
      if (error instanceof TypeError && !(error instanceof CliError)) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
        throw new CliError(`cannot reach ${new URL(request.url).origin}${cause}`)
      }
      throw error
    }
    const status = statusLine(response)
    if (flags.include) {
      let head = `${status}\n`
      response.headers.forEach((value, name) => {
        head += `${name}: ${value}\n`
      })
      io.stdout.write(`${head}\n`)
    }
    const text = await response.text()
    const body = formatBody(text, response.headers.get('content-type'))
    io.stdout.write(body !== '' && !body.endsWith('\n') ? `${body}\n` : body)
    if (response.status >= 400) throw new CliError(status)
    if (!flags.include) io.stderr.write(`${status}\n`)
    result.exitCode = 0
  })
}
