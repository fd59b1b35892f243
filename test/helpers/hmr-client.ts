import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import type { Socket } from 'node:net'

/** A message Vite's dev server sends its pages over the HMR socket (`connected`, `update`, `full-reload`, `error`, ...). */
export interface HmrMessage {
  type: string
  [key: string]: unknown
}

export interface HmrClient {
  /** Every message received so far, in order. */
  messages: HmrMessage[]
  /** The first message from now on (or already received after `since`) that `match` accepts; fails after `timeoutMs`. */
  next(match: (message: HmrMessage) => boolean, since?: number, timeoutMs?: number): Promise<HmrMessage>
  close(): void
}

/**
 * Connects to a running dev server's HMR socket as its page's client does:
 * the `vite-hmr` protocol, with the token Vite writes into `/@vite/client`
 * (Vite 5.4.12 and later refuse a socket without it) and the path the client
 * connects to. A small WebSocket reader of text frames (RFC 6455), since Node
 * 20 has no WebSocket client: the server sends small unmasked text frames.
 */
export async function connectHmr(origin: string, clientPath = '/@vite/client'): Promise<HmrClient> {
  const client = await (await fetch(`${origin}${clientPath}`)).text()
  const token = /wsToken\s*=\s*"([^"]*)"/.exec(client)?.[1] ?? ''
  // Vite writes `${"/docs/"}` (its base and hmr.path) at the end of the socket's host.
  const socketPath = /socketHost\s*=\s*`[^`]*\$\{"([^"]*)"\}`/.exec(client)?.[1] ?? '/'
  const url = new URL(origin)
  const socket = await new Promise<Socket>((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: `${socketPath}?token=${encodeURIComponent(token)}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Protocol': 'vite-hmr',
      },
    })
    req.on('upgrade', (_res, upgraded, head) => {
      if (head.length > 0) upgraded.unshift(head)
      resolve(upgraded)
    })
    req.on('response', (res) => reject(new Error(`the HMR socket at ${socketPath} answered HTTP ${res.statusCode}, not an upgrade`)))
    req.on('error', reject)
    req.end()
  })

  const messages: HmrMessage[] = []
  const waiting = new Set<() => void>()
  let buffer = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      if (buffer.length < 2) return
      const opcode = buffer[0]! & 0x0f
      let length = buffer[1]! & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffer.length < 4) return
        length = buffer.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffer.length < 10) return
        length = Number(buffer.readBigUInt64BE(2))
        offset = 10
      }
      if (buffer.length < offset + length) return
      const payload = buffer.subarray(offset, offset + length)
      buffer = buffer.subarray(offset + length)
      if (opcode === 1) {
        messages.push(JSON.parse(payload.toString('utf8')) as HmrMessage)
        for (const wake of waiting) wake()
      }
    }
  })

  return {
    messages,
    next(match, since = messages.length, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(since).find(match)
          if (!found) return
          waiting.delete(check)
          clearTimeout(timer)
          resolve(found)
        }
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error(`no matching HMR message within ${timeoutMs} ms; received: ${JSON.stringify(messages.slice(since))}`))
        }, timeoutMs)
        waiting.add(check)
        check()
      })
    },
    close() {
      socket.destroy()
    },
  }
}
