import { PLACEMENTS } from '@oauthkit/core/adapter'
import { expect, test } from 'vitest'
import { runDemo } from '../demo/demo.mjs'

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
  expect(printed).toContain('20 of 20 rows verified.')
  expect(printed).not.toContain('demo consumer secret')
})
