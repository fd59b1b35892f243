// buffer-crc32 for the bundled command line, computed by Node's zlib.crc32.
//
// Node 20.15+ has it natively; the package's JavaScript loop, which yazl runs over every zip entry,
// runs unoptimised in a short command. The same numbers: both are the CRC-32 of zip, gzip and PNG.
// yazl calls only crc32.unsigned(buffer[, previous]); the rest of the API is kept for completeness.
'use strict'
const { crc32: nativeCrc32 } = require('node:zlib')

function unsigned(input, previous) {
  const start = Buffer.isBuffer(previous) ? previous.readUInt32BE(0) : (previous ?? 0) >>> 0
  return nativeCrc32(input, start)
}

function crc32(input, previous) {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(unsigned(input, previous), 0)
  return out
}
crc32.unsigned = unsigned
crc32.signed = (input, previous) => unsigned(input, previous) | 0

module.exports = crc32
