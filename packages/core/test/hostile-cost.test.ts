// What a hostile request costs compared with a benign one of the same size, measured in the same run
// (relativeCosts: the fastest of interleaved runs of each, the machine being shared); the bound is
// generous. Before the fix, 1 MiB of `%&` took seconds where a benign MiB took milliseconds.
import type { RequestParts } from '@oauthkit/core'
import { verifyOAuth1 } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'
import { relativeCosts } from '../../../test/fixtures/relative-cost.ts'
import { verifyOptions } from './helpers/credentials.ts'

const SIZE = 1024 * 1024
// Linear inputs measure 1.4–3× benign, and up to 7× with the whole suite on two cores; the old
// scan cost about 70× on this machine.
const BOUND = 10
const ROUNDS = 7

/** `unit` repeated to exactly `size` characters. */
const filled = (unit: string, size = SIZE): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)

/** A browser's form of `count` text fields (UTF-8, escaped), padded with plain text to `size`. */
function benignForm(count: number, size = SIZE): string {
  const text = 'Grüße aus Köln, 東京 & São Paulo: 100% (ok)! '
  const field = encodeURIComponent(text.repeat(Math.ceil(size / count / text.length)))
  let form = ''
  for (let i = 0; form.length < size - field.length - 16 && i < count; i++) form += `${form === '' ? '' : '&'}f${i}=${field}`
  return form + filled('a', size - form.length)
}

/** `count` fields, each `unit` repeated, the last padded with plain text: `SIZE` characters in all. */
const fields = (count: number, unit: string): string => {
  const form = Array.from({ length: count }, () => filled(unit, Math.floor(SIZE / count) - 1)).join('&')
  return form + filled('a', SIZE - form.length)
}

/** Runs `run` on each input, one call a round, and expects none to cost more than BOUND times `benign`. */
async function expectWithinBound(inputs: Record<string, string>, run: (text: string) => unknown): Promise<void> {
  const runs = Object.fromEntries(Object.entries(inputs).map(([name, text]) => [name, () => run(text)]))
  const costs = await relativeCosts(runs, { rounds: ROUNDS, repeat: 1 })
  const over = Object.entries(costs).filter(([, cost]) => cost > BOUND)
  expect(over.map(([name, cost]) => `${name}: ${cost.toFixed(1)} times benign`)).toEqual([])
}

describe('a hostile request costs at most a few times a benign one of the same size', () => {
  test('verifyOAuth1, a 1 MiB form body without credentials', async () => {
    const inputs: Record<string, string> = {
      benign: benignForm(1000),
      'lone % and &': filled('%&'),
      'empty segments': filled('&'),
      'one value of lone %': `a=${filled('%', SIZE - 2)}`,
      'one value of bad UTF-8': `a=${filled('%E2', SIZE - 2)}`,
      'truncated 4-byte sequences': `a=${filled('%F0%9F%98', SIZE - 2)}`,
      '1000 values of malformed escapes': fields(1000, '%zz%E2%'),
      '1000 names of bad UTF-8': fields(1000, '%C3%28%ED%A0%80'),
    }
    for (const text of Object.values(inputs)) expect(text.length).toBe(SIZE)
    const body = (text: string): RequestParts => ({
      method: 'POST',
      url: 'https://api.example.com/upload',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: text,
    })
    const options = verifyOptions()
    await expectWithinBound(inputs, (text) => verifyOAuth1(body(text), options).catch((error: unknown) => error))
  }, 120_000)

  test('parseForm without a limit, 1 MiB of short parameters', async () => {
    const inputs: Record<string, string> = {
      benign: filled('k=v%20w&'),
      'lone % and &': filled('%&'),
      'malformed escapes': filled('%zz=%4&'),
      'bad UTF-8': filled('%E2=%80&'),
    }
    await expectWithinBound(inputs, (text) => parseForm(text))
  }, 120_000)
})
