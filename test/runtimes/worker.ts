// The runtime tests' server in workerd: the harness as a module worker (bundled by runtime.ts, served
// on the socket its capnp config names).
import { handle } from './harness.ts'

export default { fetch: handle }
