// What a browser fetches to run a small app: the app is bundled as a browser app's bundler does it
// (esbuild, minified, code split at dynamic imports), served on loopback and run in Chromium
// (Debian's /usr/bin/chromium through Playwright); every script the page fetched is recorded.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium } from 'playwright'

const root = fileURLToPath(new URL('..', import.meta.url))
export const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Opens one Chromium for several apps. `load(source)` bundles `source` (an ES module that ends by
 * setting `globalThis.done` to a value or an `Error`), runs it in a fresh page and returns
 * `{ result, scripts: [{ file, min, gzip, modules }] }`, the scripts in the order they were fetched,
 * each with the source modules it carries (`{ module, bytes }`, bytes before gzip), and `chunks`: every
 * file of the build, fetched or not, with its modules.
 * The page's server answers every other request with the JSON `{ authorization }` it received.
 */
export async function openBrowser() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  return {
    close: () => browser.close(),
    async load(source) {
      const dir = mkdtempSync(join(tmpdir(), 'oauthkit-load-'))
      try {
        writeFileSync(join(dir, 'app.js'), source)
        const { metafile } = await build({
          entryPoints: [join(dir, 'app.js')],
          outdir: join(dir, 'out'),
          bundle: true,
          splitting: true,
          format: 'esm',
          minify: true,
          platform: 'browser',
          nodePaths: [join(root, 'node_modules')],
          metafile: true,
          logLevel: 'silent',
        })
        // Which source modules each output file carries, by path under packages/ or node_modules/.
        const modulesOf = (file) =>
          Object.entries(metafile.outputs[Object.keys(metafile.outputs).find((out) => out.endsWith(`/${file}`))]?.inputs ?? {})
            .filter(([, input]) => input.bytesInOutput > 0)
            .map(([id, input]) => ({ module: id.replace(/^.*?(packages|node_modules)\//, ''), bytes: input.bytesInOutput }))
        const fetched = []
        const server = createServer((request, response) => {
          const path = new URL(request.url, 'http://x').pathname
          if (path === '/') {
            response.writeHead(200, { 'content-type': 'text/html' })
            response.end('<!doctype html><script type="module" src="/app.js"></script>')
          } else if (path.endsWith('.js')) {
            const code = readFileSync(join(dir, 'out', path.slice(1)))
            fetched.push({ file: path.slice(1), min: code.length, gzip: gzip(code), modules: modulesOf(path.slice(1)) })
            response.writeHead(200, { 'content-type': 'text/javascript' })
            response.end(code)
          } else {
            request.resume()
            response.writeHead(200, { 'content-type': 'application/json' })
            response.end(JSON.stringify({ authorization: request.headers.authorization ?? null }))
          }
        })
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
        const page = await browser.newPage()
        const errors = []
        page.on('pageerror', (error) => errors.push(error.message))
        try {
          await page.goto(`http://127.0.0.1:${server.address().port}/`)
          await page
            .waitForFunction(() => 'done' in globalThis, undefined, { timeout: 20_000 })
            .catch((error) => {
              throw new Error(`the app did not finish: ${errors.join('; ') || error.message}`)
            })
          const result = await page.evaluate(() =>
            globalThis.done instanceof Error ? { error: String(globalThis.done) } : globalThis.done,
          )
          const chunks = Object.keys(metafile.outputs)
            .map((out) => out.split('/').pop())
            .filter((file) => file.endsWith('.js'))
            .map((file) => ({ file, modules: modulesOf(file) }))
          return { result, scripts: fetched, chunks }
        } finally {
          await page.close()
          server.close()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
