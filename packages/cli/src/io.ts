/**
 * The questions `oauthkit login` may ask. By default they are asked with `@inquirer/prompts` on
 * the terminal; tests pass their own answers.
 *
 * @example
 * ```ts
 * import type { CliPrompts } from '@oauthkit/cli'
 *
 * const answers: CliPrompts = {
 *   input: async ({ message }) => (message.startsWith('PIN') ? '123456' : 'answer'),
 *   password: async () => 'correct horse battery staple',
 * }
 * ```
 */
export interface CliPrompts {
  /** Asks for a visible answer (a consumer key, a URL, a PIN). */
  input(question: { message: string; default?: string | undefined }): Promise<string>
  /** Asks for a hidden answer (a secret, a password): never echoed. */
  password(question: { message: string }): Promise<string>
}

/**
 * Where the CLI reads and writes: the real process, or a test's fakes.
 *
 * @example
 * ```ts
 * import { type CliIO, run } from '@oauthkit/cli'
 *
 * let out = ''
 * const io: CliIO = {
 *   stdout: { write: (text: string) => (out += text) },
 *   stderr: { write: () => true },
 *   env: { OAUTHKIT_CONFIG_DIR: '/tmp/oauthkit-example' },
 *   interactive: false,
 *   fetch: (input, init) => fetch(input, init),
 *   openBrowser: async () => false,
 * }
 * const code = await run(['profiles', 'list'], io)
 * console.assert(code === 0)
 * ```
 */
export interface CliIO {
  /** Standard output: text, or the bytes of a body that is not text. */
  stdout: { write(chunk: string | Uint8Array): unknown }
  /** Standard error. */
  stderr: { write(text: string): unknown }
  /** The environment (`OAUTHKIT_*` variables, `XDG_CONFIG_HOME`, `HOME`). */
  env: Readonly<Record<string, string | undefined>>
  /** Whether a person is at the terminal (prompts are allowed). */
  interactive: boolean
  /** The fetch that sends requests and token requests. */
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
  /** Opens a URL in the user's browser; resolves false when it cannot. */
  openBrowser(url: string): Promise<boolean>
  /** The prompts, used only when `interactive`; `@inquirer/prompts` on standard error by default. */
  prompts?: CliPrompts | undefined
  /** The clock of the signatures, in milliseconds; `Date.now` by default. */
  now?: (() => number) | undefined
}
