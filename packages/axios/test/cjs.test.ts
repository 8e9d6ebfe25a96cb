// The CommonJS build: require('@oauthkit/axios') is { withOAuth }, and it signs with axios's CJS build.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { TestServer } from './server.ts'
import { CONSUMER, NOW_SECONDS, startServer, TOKEN } from './server.ts'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const coreDir = fileURLToPath(new URL('../../core/', import.meta.url))
const tsdown = join(dirname(createRequire(import.meta.url).resolve('tsdown/package.json')), 'dist/run.mjs')

let server: TestServer
beforeAll(async () => {
  // The builds are part of the test, so that a clean checkout passes and a stale core build is never used.
  await run(process.execPath, [tsdown], { cwd: coreDir })
  await run(process.execPath, [tsdown], { cwd: packageDir })
  server = await startServer()
}, 120_000)
afterAll(() => server?.close())

const script = `
const { oauth1 } = require('@oauthkit/core')
const axios = require('axios')
const oauthkitAxios = require('@oauthkit/axios')
const { withOAuth } = oauthkitAxios
const signer = oauth1(${JSON.stringify({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, token: TOKEN.token, tokenSecret: TOKEN.secret, timestamp: NOW_SECONDS, nonce: 'cjs-nonce' })})
const instance = axios.create({ baseURL: process.argv[1], validateStatus: () => true })
withOAuth(instance, signer, { placement: 'query' })
instance.get('/cjs', { params: { ids: [1, 2] } }).then((response) => {
  process.stdout.write(JSON.stringify({ keys: Object.keys(oauthkitAxios), type: typeof withOAuth, status: response.status }))
})
`

test("require('@oauthkit/axios') gives { withOAuth } without .default, and the build signs", async () => {
  // Run from the package directory, where Node resolves the package's own name to its exports.
  const { stdout } = await run(process.execPath, ['-e', script, server.origin], { cwd: packageDir })
  expect(JSON.parse(stdout)).toEqual({ keys: ['withOAuth'], type: 'function', status: 200 })
  expect(server.requests.map((received) => [received.problem, received.verified?.location, received.verified?.nonce])).toEqual([
    [undefined, 'query', 'cjs-nonce'],
  ])
})
