// What a hostile request costs compared with a benign one of the same size, measured in the same run.
// The machine is shared: each input's cost is its fastest of several interleaved runs, and the bound
// is generous. Before the fix, 1 MiB of `%&` took seconds where a benign MiB took milliseconds.
import { parseForm } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'

const SIZE = 1024 * 1024
const BOUND = 5
const ROUNDS = 7

/** `unit` repeated to exactly `size` characters. */
const filled = (unit: string, size = SIZE): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)

/** The fastest of several runs of each input, interleaved so that a busy moment hits them all alike. */
async function fastest(inputs: Record<string, string>, run: (text: string) => unknown): Promise<Record<string, number>> {
  const best: Record<string, number> = {}
  for (const text of Object.values(inputs)) await run(text) // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, text] of Object.entries(inputs)) {
      const start = performance.now()
      await run(text)
      best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, performance.now() - start)
    }
  }
  return best
}

function expectWithinBound(best: Record<string, number>): void {
  const benign = best.benign as number
  const over = Object.entries(best).filter(([, cost]) => cost > BOUND * benign)
  expect(over.map(([name, cost]) => `${name}: ${cost.toFixed(1)} ms, benign ${benign.toFixed(1)} ms`)).toEqual([])
}

describe('a hostile request costs at most a few times a benign one of the same size', () => {
  test('parseForm without a limit, 1 MiB of short parameters', async () => {
    const inputs: Record<string, string> = {
      benign: filled('k=v%20w&'),
      'lone % and &': filled('%&'),
      'malformed escapes': filled('%zz=%4&'),
      'bad UTF-8': filled('%E2=%80&'),
    }
    expectWithinBound(await fastest(inputs, (text) => parseForm(text)))
  }, 120_000)
})
