import { axiosHarness } from './axios.ts'
import { fetchHarness } from './fetch.ts'
import { got14Harness, got16Harness } from './got.ts'
import { ky1Harness, ky2Harness } from './ky.ts'
import type { Harness } from './types.ts'

/** Every adapter with every client major the suites run. */
export const harnesses: Harness[] = [axiosHarness, fetchHarness, ky1Harness, ky2Harness, got14Harness, got16Harness]
