import { PLACEMENTS } from '@oauthkit/core/adapter'
import { expect, test } from 'vitest'
import { LEGEND, NEXT, runDemo } from '../demo/demo.mjs'

test('the demo (the README main command) verifies every client in every placement', async () => {
  let printed = ''
  const rows = await runDemo({
    print: (text) => {
      printed += text
    },
  })
  expect(rows.map((row) => `${row.client} ${row.placement}`)).toEqual(
    ['axios', 'ky', 'got', 'fetch'].flatMap((client) => PLACEMENTS.map((placement) => `${client} ${placement}`)),
  )
  expect(rows.filter((row) => !row.ok)).toEqual([])
  expect(rows.find((row) => row.placement === 'header+body')?.sent).toBe('header + body')
  // The table comes first, then the legend, the count and where to go next.
  const lines = printed.split('\n')
  expect(lines[0]?.split(/\s+/).slice(0, 4)).toEqual(['client', 'placement', 'sent', 'verified'])
  expect(lines.slice(-4, -1)).toEqual([
    LEGEND,
    expect.stringMatching(/^20 of 20 rows verified, by a provider on http:\/\/127\.0\.0\.1:\d+ /),
    NEXT,
  ])
  expect(printed).not.toContain('demo consumer secret')
})
