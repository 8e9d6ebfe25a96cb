#!/usr/bin/env node
import open from 'open'
import { run } from './run.ts'

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  fetch: (input, init) => fetch(input, init),
  openBrowser: async (url) => {
    try {
      const child = await open(url)
      child.once('error', () => {})
      return true
    } catch {
      return false
    }
  },
})
process.exitCode = code
