import { fetchHarness } from './fetch.ts'
import { ky1Harness, ky2Harness } from './ky.ts'
import type { Harness } from './types.ts'

/** Every adapter with every client major the suites run. */
export const harnesses: Harness[] = [fetchHarness, ky1Harness, ky2Harness]
