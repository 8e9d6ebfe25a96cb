import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { createClient } from 'redis'

export type Redis = Awaited<ReturnType<typeof connect>>

function connect(path: string) {
  return createClient({ socket: { path, reconnectStrategy: false } }).connect()
}

/** A real redis-server of its own, on a unix socket in a fresh temporary directory, without persistence. */
export interface RedisServer {
  /** A new connected client (each provider instance gets its own connection, as separate processes would). */
  client(): Promise<Redis>
  /** The unix socket it listens on, for a client made with other options. */
  readonly socket: string
  /** Its directory: a server started again in it (`startRedis(dir)`) listens on the same socket. */
  readonly dir: string
  stop(options?: { keepDirectory?: boolean }): Promise<void>
}

export async function startRedis(dir: string = mkdtempSync(join(tmpdir(), 'oauthkit-redis-'))): Promise<RedisServer> {
  const socket = join(dir, 'redis.sock')
  const child: ChildProcess = spawn(
    '/usr/bin/redis-server',
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const clients: Redis[] = []
  // Wait until it answers PING (at most ~10 s).
  for (let attempt = 0; ; attempt++) {
    if (existsSync(socket)) {
      try {
        const probe = await connect(socket)
        await probe.ping()
        probe.destroy()
        break
      } catch (error) {
        if (attempt > 200) throw error
      }
    }
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
    if (attempt > 200) throw new Error('redis-server did not start')
    await delay(50)
  }
  return {
    socket,
    dir,
    async client() {
      const client = await connect(socket)
      clients.push(client)
      return client
    },
    async stop({ keepDirectory = false } = {}) {
      for (const client of clients) client.destroy()
      child.kill('SIGTERM')
      await exited
      if (!keepDirectory) rmSync(dir, { recursive: true, force: true })
    },
  }
}
