import { printableLine } from '@oauthkit/core/adapter'
import { CliError } from './cli-error.ts'
import { ProfileStore } from './config.ts'
import type { CliIO, CliPrompts } from './io.ts'
import type { Profile } from './profile.ts'

/** @internal Asks for a missing value on the terminal, or fails naming the flag that gives it. */
export type Ask = (what: string, flag: string, options?: { hidden?: boolean; optional?: boolean }) => Promise<string>

/** @internal The `Ask` of one command run: the prompts are loaded on the first question. */
export function asker(io: CliIO, defaultPrompts: () => Promise<CliPrompts>): Ask {
  let prompts: CliPrompts | undefined
  return async (what, flag, { hidden = false, optional = false } = {}) => {
    if (!io.interactive) throw new CliError(`${what} is missing: give ${flag} (no terminal to ask on)`, 2)
    prompts ??= io.prompts ?? (await defaultPrompts())
    const answer = hidden ? await prompts.password({ message: `${what}:` }) : await prompts.input({ message: `${what}:` })
    if (answer.trim() === '' && !optional) throw new CliError(`${what} is required`, 2)
    return answer.trim()
  }
}

/** @internal Opens the browser on the authorization URL (unless `--no-browser`), or prints the URL. */
export async function showAuthorizationUrl(io: CliIO, url: string, browser: boolean): Promise<void> {
  const opened = browser && (await io.openBrowser(url).catch(() => false))
  io.stderr.write(opened ? `Opened the browser at ${url}\n` : `Open this URL in your browser:\n\n  ${url}\n\n`)
}

/** @internal `--timeout SECONDS` in milliseconds. */
export function timeoutOf(value: string): number {
  const timeout = Number(value)
  // setTimeout holds at most 2^31 - 1 ms (24.8 days); beyond that it would fire at once.
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 2_147_483)
    throw new CliError('--timeout: a number of seconds, up to 2147483', 2)
  return timeout * 1000
}

/** @internal The `--authorize-param name=value` flags. */
export function authorizeParameters(fields: readonly string[] | undefined): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const field of fields ?? []) {
    const equals = field.indexOf('=')
    if (equals <= 0) throw new CliError(`--authorize-param "${field}": name=value`, 2)
    parameters[field.slice(0, equals)] = field.slice(equals + 1)
  }
  return parameters
}

/**
 * @internal Saves the profile of a login; it becomes the default when there is none. Writes
 * `<outcome>; saved profile "NAME"` to stderr.
 */
export async function saveLogin(io: CliIO, name: string, profile: Profile, outcome: string): Promise<void> {
  const store = new ProfileStore(io.env)
  await store.profiles.set(name, profile)
  const current = await store.defaultName()
  const makeDefault = current === undefined || (await store.profiles.get(current)) === undefined
  if (makeDefault) await store.setDefault(name)
  // The outcome quotes the provider (a screen name, a scope): no control character of theirs reaches
  // the terminal (an escape sequence could rewrite the screen or the window title), nor a bidi control.
  io.stderr.write(`${printableLine(outcome)}; saved profile "${name}"${makeDefault ? ' (the default)' : ''}\n`)
}

/** @internal `fetch` sending `headers` too (the `-H` of `login`), where the request has no header of that name. */
export function fetchWithHeaders(fetch: CliIO['fetch'], headers: Headers): CliIO['fetch'] {
  if ([...headers.keys()].length === 0) return fetch
  return (input, init) => {
    const merged = new Headers(init?.headers)
    headers.forEach((value, name) => {
      if (!merged.has(name)) merged.set(name, value)
    })
    return fetch(input, { ...init, headers: merged })
  }
}

/** @internal The saved profile of that name, if any. */
export function savedProfile(io: CliIO, name: string): Promise<Profile | undefined> {
  return new ProfileStore(io.env).profiles.get(name)
}

/** @internal What `login` says when it logs in again to a saved profile and takes its settings. */
export function reusing(name: string): string {
  return `Profile "${name}" exists: logging in again with its settings, where no option or variable gives them\n`
}
