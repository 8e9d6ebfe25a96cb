import type { AuthorizedRequest, AuthorizeOptions, Authorizer, RequestParts } from '@oauthkit/core'
import { oauth1, oauthRefusal } from '@oauthkit/core'
import type { OAuthFetch } from '@oauthkit/fetch'
import { withOAuth } from '@oauthkit/fetch'
import type { Command } from 'commander'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import type { CredentialFlags } from '../credentials.ts'
import { resolveAuth } from '../credentials.ts'
import type { CliIO } from '../io.ts'
import { profileClient, withLoginHint } from '../oauth2-client.ts'
import { credentialOptions, requestOptions } from '../options.ts'
import { formatBody, statusLine } from '../output.ts'
import { addPresetHeaders } from '../presets.ts'
import type { RequestFlags } from '../request-spec.ts'
import { buildRequest } from '../request-spec.ts'

interface RequestCommandFlags extends CredentialFlags, RequestFlags {
  include?: boolean
  debug?: boolean
}

/**
 * `auth`, writing each attempt to stderr: the request as asked (with the query placement the
 * authorized URL holds the credentials), then what `authorize` says about it.
 */
function debugAuthorizer<Options extends AuthorizeOptions>(
  auth: Authorizer<Options>,
  io: CliIO,
  authorize: (request: RequestParts, options?: Options) => Promise<{ authorized: AuthorizedRequest; detail: string }>,
): Authorizer<Options> {
  return {
    kind: auth.kind,
    placement: auth.placement,
    placements: auth.placements,
    origins: auth.origins,
    async authorize(request, options) {
      const { authorized, detail } = await authorize(request, options)
      io.stderr.write(`* ${request.method} ${request.url}\n* ${detail}\n`)
      return authorized
    },
    strip: (request) => auth.strip(request),
    onResponse: auth.onResponse?.bind(auth),
  }
}

/** @internal `oauthkit request`. */
export function requestCommand(program: Command, io: CliIO, result: { exitCode: number }): void {
  const command = program
    .command('request')
    .description('send a request signed with OAuth 1.0a or with the bearer token of an OAuth 2 profile, and print the response')
    .option('-i, --include', 'print the status line and the response headers')
    .option('--debug', 'print each attempt to stderr: the signature base string (OAuth 1.0a), where the token went (OAuth 2)')
  requestOptions(credentialOptions(command)).action(async (url: string, flags: RequestCommandFlags) => {
    const request = buildRequest(url, flags)
    const resolved = await resolveAuth(flags, io, new ProfileStore(io.env))
    // A preset's headers on every request: Discogs' User-Agent.
    if (resolved.kind === 'oauth1') addPresetHeaders(resolved.preset, request.headers)

    const exchange = async (send: OAuthFetch): Promise<void> => {
      let response: Response
      try {
        response = await send(request.url, { method: request.method, headers: request.headers, body: request.body as BodyInit | null })
      } catch (error) {
        if (error instanceof TypeError && !(error instanceof CliError)) {
          const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
          throw new CliError(`cannot reach ${new URL(request.url).origin}${cause}`)
        }
        throw error
      }
      // A provider's refusal comes back as the response: the CLI reports it as one error line, from
      // what the adapter read of it (secrets redacted), and never prints the refusal's body.
      const refusal = oauthRefusal(response)
      if (refusal !== undefined) {
        await response.body?.cancel()
        throw refusal
      }
      const status = statusLine(response)
      if (flags.include) {
        let head = `${status}\n`
        response.headers.forEach((value, name) => {
          head += `${name}: ${value}\n`
        })
        io.stdout.write(`${head}\n`)
      }
      const bytes = new Uint8Array(await response.arrayBuffer())
      const text = utf8Text(bytes)
      if (text === undefined) {
        // Not UTF-8 (an image, an archive): the bytes as they came, as curl writes them.
        io.stdout.write(bytes)
      } else {
        const body = formatBody(text, response.headers.get('content-type'))
        io.stdout.write(body !== '' && !body.endsWith('\n') ? `${body}\n` : body)
      }
      if (response.status >= 400) throw new CliError(status)
      if (!flags.include) io.stderr.write(`${status}\n`)
    }

    if (resolved.kind === 'oauth1') {
      const signer = oauth1(resolved.options)
      const auth = flags.debug
        ? debugAuthorizer(signer, io, async (parts, options) => {
            const signed = await signer.sign(parts, options)
            return { authorized: signed, detail: `signature base string: ${signed.oauth.baseString}` }
          })
        : signer
      await exchange(withOAuth(io.fetch, auth))
    } else {
      const { name, profile, placement } = resolved
      const saved = flags.debug ? () => io.stderr.write(`* a new token, saved to profile "${name}"\n`) : undefined
      const client = profileClient(name, profile, io, saved)
      const auth = flags.debug
        ? debugAuthorizer(client, io, async (parts, options) => ({
            authorized: await client.authorize(parts, options),
            detail: `bearer token in the ${options?.placement ?? client.placement}`,
          }))
        : client
      // The token goes to the origin asked for (and the token endpoint's), never to a redirect elsewhere.
      await withLoginHint(name, () => exchange(withOAuth(io.fetch, auth, { placement, origins: [new URL(request.url).origin] })))
    }
    result.exitCode = 0
  })
}

/** The text of a body that is UTF-8, else `undefined`. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
