import { adapterContract } from './contract.ts'
import { harnesses } from './harness/index.ts'

for (const harness of harnesses) adapterContract(harness, 'loopback')
