import { spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { StoredCredentials, TokenStore } from '@oauthkit/core'
import { MemoryTokenStore, oauth1Session } from '@oauthkit/core'
import { FileTokenStore, withFileLock } from '@oauthkit/core/node'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { failure } from '../../../test/fixtures/failure.ts'

const WORK: StoredCredentials = {
  consumerKey: 'work-key',
  consumerSecret: 'work secret',
  token: 'work-token',
  tokenSecret: 'work token secret',
  extra: { screen_name: 'alice' },
}
const HOME: StoredCredentials = { consumerKey: 'home-key', consumerSecret: 'home secret' }

let directory: string
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oauthkit-store-'))
})
afterEach(async () => {
  await rm(directory, { recursive: true, force: true })
})

const stores: [string, () => TokenStore][] = [
  ['MemoryTokenStore', () => new MemoryTokenStore()],
  ['FileTokenStore', () => new FileTokenStore(join(directory, 'profiles.json'))],
]

describe.each(stores)('%s', (_, create) => {
  test('get, set, replace, delete, and sorted profile names', async () => {
    const store = create()
    expect(await store.get('work')).toBeUndefined()
    expect(await store.profiles()).toEqual([])
    await store.set('work', WORK)
    await store.set('home', HOME)
    expect(await store.get('work')).toEqual(WORK)
    expect(await store.profiles()).toEqual(['home', 'work'])
    await store.set('work', { ...WORK, token: 'new-token' })
    expect((await store.get('work'))?.token).toBe('new-token')
    expect(await store.delete('work')).toBe(true)
    expect(await store.delete('work')).toBe(false)
    expect(await store.profiles()).toEqual(['home'])
  })

  test('entries are copies, kept as JSON', async () => {
    const store = create()
    const entry = { ...WORK, extra: { screen_name: 'alice' } }
    await store.set('work', entry)
    entry.extra.screen_name = 'changed after set'
    const read = await store.get('work')
    expect(read?.extra?.screen_name).toBe('alice')
    if (read?.extra) read.extra.screen_name = 'changed after get'
    expect((await store.get('work'))?.extra?.screen_name).toBe('alice')
    await store.set('undefined fields', { consumerKey: 'k', token: undefined })
    expect(await store.get('undefined fields')).toEqual({ consumerKey: 'k' })
  })

  test('odd profile names are just names', async () => {
    const store = create()
    await store.set('__proto__', HOME)
    await store.set('alice@x / "quoted"', WORK)
    expect(await store.get('__proto__')).toEqual(HOME)
    expect(await store.get('toString')).toBeUndefined()
    expect(await store.profiles()).toEqual(['__proto__', 'alice@x / "quoted"'])
    expect(({} as Record<string, unknown>).consumerKey).toBeUndefined()
  })

  test('an empty profile name or an entry JSON cannot hold is refused', async () => {
    const store = create()
    expect(await failure(store.set('', HOME))).toMatchObject({ code: 'invalid_options' })
    expect(await failure(store.get(''))).toMatchObject({ code: 'invalid_options' })
    expect(await failure(store.set('big', { consumerKey: 1n } as never))).toMatchObject({ code: 'invalid_options' })
    expect(await failure(store.set('nothing', undefined as never))).toMatchObject({ code: 'invalid_options' })
    expect(await store.profiles()).toEqual([])
  })

  test('a stored profile gives back an authorized session, and the store shows no secret', async () => {
    const store = create()
    await store.set('work', WORK)
    const saved = await store.get('work')
    const session = oauth1Session({ ...(saved as StoredCredentials) })
    expect([session.authorized, session.signer.token]).toEqual([true, 'work-token'])
    expect(JSON.stringify(store)).not.toContain('secret')
  })
})

describe('FileTokenStore', () => {
  const file = (): string => join(directory, 'profiles.json')
  const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777

  test('survives a reload: a new store on the same file reads what another wrote', async () => {
    await new FileTokenStore(file()).set('work', WORK)
    expect(await new FileTokenStore(file()).get('work')).toEqual(WORK)
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ version: 1, profiles: { work: WORK } })
  })

  test('the file has mode 0600 and a directory it creates 0700; an existing looser file is tightened', async () => {
    const nested = join(directory, 'config', 'oauthkit', 'profiles.json')
    await new FileTokenStore(nested).set('work', WORK)
    expect(await mode(nested)).toBe(0o600)
    expect(await mode(join(directory, 'config', 'oauthkit'))).toBe(0o700)

    await writeFile(file(), '{"version":1,"profiles":{}}')
    await chmod(file(), 0o644)
    await new FileTokenStore(file()).set('home', HOME)
    expect(await mode(file())).toBe(0o600)
  })

  test('a write replaces the file by rename: a new inode, no temporary or lock file left', async () => {
    const store = new FileTokenStore(file())
    await store.set('work', WORK)
    const before = (await stat(file())).ino
    await store.set('home', HOME)
    expect((await stat(file())).ino).not.toBe(before)
    expect(await readdir(directory)).toEqual(['profiles.json'])
    // Deleting what is not there writes nothing.
    await store.delete('nobody')
    expect((await stat(file())).ino).not.toBe(before)
    const missing = new FileTokenStore(join(directory, 'missing.json'))
    expect(await missing.delete('work')).toBe(false)
    expect(await readdir(directory)).toEqual(['profiles.json'])
  })

  test('a reader never sees half a file while writers write', async () => {
    const store = new FileTokenStore(file())
    await store.set('seed', HOME)
    let writing = true
    let reads = 0
    const reader = (async () => {
      while (writing) {
        JSON.parse(await readFile(file(), 'utf8'))
        reads++
      }
    })()
    await Promise.all(Array.from({ length: 60 }, (_, i) => store.set(`p${i}`, { ...WORK, extra: { padding: 'x'.repeat(2000) } })))
    writing = false
    await reader
    expect(reads).toBeGreaterThan(0)
    expect(await store.profiles()).toHaveLength(61)
  })

  test('concurrent writes of two stores on one file in one process all land', async () => {
    const first = new FileTokenStore(file())
    const second = new FileTokenStore(join(directory, '.', 'profiles.json'))
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => [
        first.set(`first-${i}`, HOME),
        second.set(`second-${i}`, WORK),
        first.delete(`second-${i - 1}`),
      ]).flat(),
    )
    const profiles = await first.profiles()
    expect(profiles.filter((name) => name.startsWith('first-'))).toHaveLength(25)
    expect(JSON.parse(await readFile(file(), 'utf8')).version).toBe(1)
  })

  test('concurrent writes from four processes all land, through the lock file', async () => {
    const writer = fileURLToPath(new URL('./helpers/token-store-writer.ts', import.meta.url))
    const run = (name: string): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [writer, file(), name, '10'], { stdio: ['ignore', 'ignore', 'pipe'] })
        let stderr = ''
        child.stderr.on('data', (chunk) => {
          stderr += chunk
        })
        child.once('error', reject)
        child.once('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${name} exited with ${code}: ${stderr}`))))
      })
    expect(await Promise.all(['a', 'b', 'c', 'd'].map(run))).toEqual([0, 0, 0, 0])
    const store = new FileTokenStore(file())
    expect(await store.profiles()).toHaveLength(40)
    expect(await store.get('c-7')).toEqual({ consumerKey: 'c-key-7', token: 't', tokenSecret: 's' })
    expect(await readdir(directory)).toEqual(['profiles.json'])
    expect(await mode(file())).toBe(0o600)
  })

  test('a directory every user can write to is refused (store_insecure); the sticky bit or group-writable is not', async () => {
    const shared = join(directory, 'shared')
    await mkdir(shared)
    await chmod(shared, 0o777)
    const error = await failure(new FileTokenStore(join(shared, 'profiles.json')).set('work', WORK))
    expect(error).toMatchObject({ code: 'store_insecure' })
    expect((error as Error).message).toBe(
      `FileTokenStore: every user can write to ${shared} (mode 777): any of them could replace profiles.json; chmod o-w it`,
    )
    expect(await readdir(shared)).toEqual([])
    for (const mode of [0o1777, 0o775]) {
      await chmod(shared, mode)
      await new FileTokenStore(join(shared, 'profiles.json')).set('work', WORK)
    }
    expect(await readdir(shared)).toEqual(['profiles.json'])
  })

  test('a lock held by another writer makes a write wait, then fail with store_locked', async () => {
    await writeFile(`${file()}.lock`, '')
    const error = await failure(new FileTokenStore(file(), { lockTimeoutSeconds: 0.02 }).set('work', WORK))
    expect(error).toMatchObject({ code: 'store_locked' })
    expect(await readdir(directory)).toEqual(['profiles.json.lock'])
  })

  test('a lock left by a writer that died long ago is broken', async () => {
    await writeFile(`${file()}.lock`, '')
    const anHourAgo = new Date(Date.now() - 3_600_000)
    await utimes(`${file()}.lock`, anHourAgo, anHourAgo)
    await new FileTokenStore(file()).set('work', WORK)
    expect(await readdir(directory)).toEqual(['profiles.json'])
  })

  test('withFileLock: the work runs holding the lock file, one holder after another, and the file goes when it settles', async () => {
    const lock = join(directory, 'refresh.lock')
    const events: string[] = []
    const holder = (name: string, fail = false) =>
      withFileLock(lock, async () => {
        events.push(`${name} in (${(await readdir(directory)).join(',')})`)
        await new Promise((resolve) => setImmediate(resolve))
        events.push(`${name} out`)
        if (fail) throw new Error(`${name} failed`)
        return name
      })
    const results = await Promise.allSettled([holder('a'), holder('b', true), holder('c')])
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([
      'a',
      'b failed',
      'c',
    ])
    // Never two holders at once: each "in" is followed by its own "out".
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace(/ in .*$/, ' out'))
    expect(events.filter((event) => event.endsWith(' in (refresh.lock)'))).toHaveLength(3)
    expect(await readdir(directory)).toEqual([])
    await writeFile(lock, '')
    expect(await failure(withFileLock(lock, async () => 'never', { timeoutSeconds: 0.02 }))).toMatchObject({ code: 'store_locked' })
  })

  test('withFileLock: holders that find the same stale lock together break it once, and are never inside together', async () => {
    const lock = join(directory, 'refresh.lock')
    const anHourAgo = new Date(Date.now() - 3_600_000)
    for (let round = 0; round < 10; round++) {
      await writeFile(lock, '4242 a holder that died')
      await utimes(lock, anHourAgo, anHourAgo)
      let inside = 0
      let most = 0
      // Holder i starts i file-system round trips after the first: one finds the lock stale while
      // another has just broken it and taken a fresh one.
      const holder = async (_: unknown, i: number) => {
        for (let trip = 0; trip < i; trip++) await stat(directory)
        await withFileLock(lock, async () => {
          inside++
          most = Math.max(most, inside)
          await new Promise((resolve) => setTimeout(resolve, 2))
          inside--
        })
      }
      await Promise.all(Array.from({ length: 6 }, holder))
      expect(most).toBe(1)
      expect(await readdir(directory)).toEqual([])
    }
  })

  test('withFileLock: a holder whose lock was broken and taken by another leaves the other holder its lock', async () => {
    const lock = join(directory, 'refresh.lock')
    await withFileLock(lock, async () => {
      expect(await readFile(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f-]{36}$`))
      // As if this holder had stopped for longer than staleAgeSeconds and another process took the lock.
      await writeFile(lock, '4343 the next holder')
    })
    expect(await readFile(lock, 'utf8')).toBe('4343 the next holder')
  })

  test('withFileLock: a holder touches its lock every third of staleAgeSeconds, so a slow holder is not taken for dead', async () => {
    const lock = join(directory, 'refresh.lock')
    const anHourAgo = new Date(Date.now() - 3_600_000)
    const age = async () => Date.now() - (await stat(lock)).mtimeMs
    let held = false
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      await withFileLock(
        lock,
        async () => {
          held = true
          await utimes(lock, anHourAgo, anHourAgo)
          vi.advanceTimersByTime(999)
          expect(await age()).toBeGreaterThan(3_000_000)
          vi.advanceTimersByTime(1)
          for (let turn = 0; turn < 1000 && (await age()) > 3_000_000; turn++) await new Promise((resolve) => setImmediate(resolve))
          expect(await age()).toBeLessThan(60_000)
          // Touched, it is not stale: another holder waits for it, and gives up.
          const waiting = withFileLock(lock, async () => 'never', { timeoutSeconds: 0.02, staleAgeSeconds: 3 })
          expect(await failure(waiting)).toMatchObject({ code: 'store_locked' })
        },
        { staleAgeSeconds: 3 },
      )
    } finally {
      vi.useRealTimers()
    }
    expect(held).toBe(true)
    expect(await readdir(directory)).toEqual([])
  })

  test.each([
    ['not JSON', '{"version":1,'],
    ['not a JSON object', '[]'],
    ['version 2, expected 1', '{"version":2,"profiles":{}}'],
    ['no "profiles" object', '{"version":1,"profiles":[]}'],
  ])('a file that is not a store (%s) is store_corrupt, and is left as it was', async (why, content) => {
    await writeFile(file(), content)
    const store = new FileTokenStore(file())
    for (const operation of [() => store.get('work'), () => store.set('work', WORK), () => store.profiles()]) {
      const error = await failure(operation())
      expect(error).toMatchObject({ code: 'store_corrupt', message: `FileTokenStore: ${file()} is not a token store file (${why})` })
    }
    expect(await readFile(file(), 'utf8')).toBe(content)
  })

  test('the path must be given; toJSON shows only the path', () => {
    expect(() => new FileTokenStore('')).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    expect(JSON.stringify(new FileTokenStore(file()))).toBe(JSON.stringify({ path: file() }))
  })
})
