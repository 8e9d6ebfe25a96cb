import { printableLine } from '@oauthkit/core/adapter'
import { Command, CommanderError } from 'commander'
import { loginCommand } from './commands/login.ts'
import { profilesCommand } from './commands/profiles.ts'
import { requestCommand } from './commands/request.ts'
import { signCommand } from './commands/sign.ts'
import { errorLine } from './error-line.ts'
import type { CliIO, CliPrompts } from './io.ts'
import { cliVersion } from './version.ts'

/** The prompts of `@inquirer/prompts`, drawn on standard error so that standard output stays clean. */
async function inquirerPrompts(): Promise<CliPrompts> {
  const { input, password } = await import('@inquirer/prompts')
  const context = { output: process.stderr }
  return {
    input: (question) => input(question, context),
    password: (question) => password({ ...question, mask: true }, context),
  }
}

/**
 * Runs the `oauthkit` command line: parses `argv` (the arguments after the program name), runs the
 * command, and resolves the exit code: 0, 1 for a failure (an HTTP status of 400 or more included),
 * 2 for a usage mistake. Errors are written to `io.stderr` as one line, `oauthkit: <message>`,
 * never with a stack trace or a secret.
 *
 * @example
 * ```ts
 * import { run } from '@oauthkit/cli'
 *
 * let out = ''
 * const code = await run(
 *   ['sign', '--consumer-key', 'key', '--consumer-secret', 'secret', '--format', 'header', 'https://api.example.com/me'],
 *   {
 *     stdout: { write: (text: string) => (out += text) },
 *     stderr: { write: () => true },
 *     env: {},
 *     interactive: false,
 *     fetch: (input, init) => fetch(input, init),
 *     openBrowser: async () => false,
 *   },
 * )
 * console.assert(code === 0 && out.startsWith('Authorization: OAuth '))
 * ```
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const result = { exitCode: 0 }
  const program = new Command('oauthkit')
    .description('Sign and send OAuth 1.0a and OAuth 2 requests, log in to providers, keep profiles.')
    .version(cliVersion(), '-V, --version', 'print the version of oauthkit')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .showHelpAfterError(false)
  requestCommand(program, io, result)
  signCommand(program, io)
  profilesCommand(program, io)
  loginCommand(program, io, inquirerPrompts)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return result.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0
      if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2
      if (error.code === 'commander.executeSubCommandAsync') return error.exitCode
      // Commander quotes what was typed: an option's value (a mistyped --consumer-secrt=…) may be a secret.
      const message = error.message
        .replace(/^error:\s*/i, '')
        .replace(/\s*\n[\s\S]*$/, '')
        .replace(/(--?[\w-]+)=[\s\S]*?(?='(?:\s|$)|$)/g, '$1=…')
      if (error.code === 'commander.missingArgument' || error.code.startsWith('commander.')) {
        io.stderr.write(`oauthkit: ${printableLine(message)} (see oauthkit --help)\n`)
        return error.exitCode === 0 ? 0 : 2
      }
    }
    const { line, exitCode } = errorLine(error)
    io.stderr.write(line)
    return exitCode
  }
}
