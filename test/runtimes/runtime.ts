// Starts the harness in Deno, Bun or workerd (the binaries of the npm packages of the same names, root
// devDependencies) and hands back its loopback origin. Deno and Bun load the harness's TypeScript and
// resolve @oauthkit/* to the packages' dist/; workerd gets one module bundled from the same dist/ with
// esbuild, and a capnp config of its own, since a worker reaches no private address unless told.
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export type RuntimeName = 'deno' | 'bun' | 'workerd'

/** A runtime serving the harness. */
export interface RunningRuntime {
  origin: string
  /** Where the runtime (Deno, Bun) or the bundle for workerd found `@oauthkit/core`'s main entry. */
  coreModule: string
  close(): Promise<void>
}

const root = fileURLToPath(new URL('../../', import.meta.url))
const here = fileURLToPath(new URL('.', import.meta.url))
const bin = (name: string): string => `${root}node_modules/.bin/${name}`

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** workerd: the harness bundled from dist/, served on `port` with loopback reachable. */
async function workerdCommand(port: number): Promise<{ args: string[]; coreModule: string; directory: string }> {
  const directory = `${root}.tmp/runtimes/workerd-${process.pid}-${port}/`
  mkdirSync(directory, { recursive: true })
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [`${here}worker.ts`],
    outfile: `${directory}worker.js`,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'import'],
    mainFields: ['module', 'main'],
    // workerd's own Node modules (nodejs_compat).
    external: ['node:*'],
    logLevel: 'silent',
    metafile: true,
  })
  const coreModule =
    Object.keys(metafile.inputs).find((input) => /^packages\/core\/[a-z]+\/index\.[jt]s$/.test(input)) ?? 'no @oauthkit/core in the bundle'
  // nodejs_compat is the default at this compatibility date: node:crypto is there, as on a deployed worker.
  writeFileSync(
    `${directory}config.capnp`,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
  )
  return { args: ['serve', `${directory}config.capnp`], coreModule, directory }
}

/** Resolves once `child` printed `listening PORT CORE` (Deno, Bun) or answers on `port` (workerd). */
async function ready(child: ChildProcess, port: number | undefined, output: { stderr: string }): Promise<{ port: number; core?: string }> {
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${output.stderr}`))),
  )
  if (port !== undefined) {
    let exitedFirst = false
    exited.catch(() => {
      exitedFirst = true
    })
    // Until the worker answers, or has exited (the race below then says why).
    const polling = (async () => {
      while (!exitedFirst) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/probe`)).ok) return { port }
        } catch {}
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return { port }
    })()
    return Promise.race([exited, polling])
  }
  const listening = new Promise<{ port: number; core: string }>((resolve) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /listening (\d+) (\S+)/.exec(stdout)
      if (match) resolve({ port: Number(match[1]), core: match[2] as string })
    })
  })
  return Promise.race([listening, exited])
}

/** Starts `name` serving the harness on 127.0.0.1. */
export async function startRuntime(name: RuntimeName): Promise<RunningRuntime> {
  let command: { args: string[]; coreModule?: string; directory?: string }
  let port: number | undefined
  if (name === 'workerd') {
    port = await freePort()
    command = await workerdCommand(port)
  } else if (name === 'deno') {
    // No lock file written, no prompt; loopback, and the FileTokenStore case's directory (loading modules needs no permission).
    command = {
      args: [
        'run',
        '--no-lock',
        '--no-prompt',
        '--allow-net=127.0.0.1',
        `--allow-read=${root}.tmp/runtimes`,
        `--allow-write=${root}.tmp/runtimes`,
        `${here}deno.ts`,
      ],
    }
  } else {
    command = { args: [`${here}bun.ts`] }
  }
  // Its own process group: node_modules/.bin/<name> is a wrapper (sh or node) around the binary, and
  // closing must end the binary too.
  const child = spawn(bin(name), command.args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGTERM')
  }
  // A test process that ends without afterAll (a timeout, ^C) leaves no runtime behind either.
  process.once('exit', stop)
  const output = { stderr: '' }
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString()
  })
  try {
    const started = await ready(child, port, output)
    return {
      origin: `http://127.0.0.1:${started.port}`,
      coreModule: started.core ?? command.coreModule ?? '',
      close: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve))
          stop()
          await exited
        }
        if (command.directory) rmSync(command.directory, { recursive: true, force: true })
      },
    }
  } catch (error) {
    stop()
    if (command.directory) rmSync(command.directory, { recursive: true, force: true })
    throw new Error(`${name} did not start: ${(error as Error).message}`)
  }
}
