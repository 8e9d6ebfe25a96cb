#!/usr/bin/env node
import { openBrowser } from './browser.ts'
import { run } from './run.ts'

// A reader that goes away before the output ends (`oauthkit --help | head`) is no failure of the
// command: it stops there, without a word, as cat does. Any other error of a stream is one line.
for (const [stream, name] of [
  [process.stdout, 'output'],
  [process.stderr, 'error'],
] as const) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit()
    if (stream !== process.stderr) process.stderr.write(`oauthkit: cannot write to standard ${name}: ${error.message}\n`)
    process.exit(1)
  })
}

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  fetch: (input, init) => fetch(input, init),
  openBrowser: (url) => openBrowser(url, process.env),
})
process.exitCode = code
