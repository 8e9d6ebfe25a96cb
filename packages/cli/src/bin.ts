#!/usr/bin/env node
import { openBrowser } from './browser.ts'
import { run } from './run.ts'

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  fetch: (input, init) => fetch(input, init),
  openBrowser: (url) => openBrowser(url, process.env),
})
process.exitCode = code
