// The Chrome DevTools Protocol over the pipe Chromium opens with --remote-debugging-pipe: no port, no socket.
import type { Readable, Writable } from 'node:stream'

/** A protocol event: its method (`Fetch.requestPaused`), parameters and the session it belongs to. */
export interface DevToolsEvent {
  method: string
  params: Record<string, unknown>
  sessionId?: string
}

/**
 * A minimal client: Chromium reads JSON messages ended by a NUL byte from
 * its file descriptor 3 and writes its answers and events, ended the same
 * way, to 4 (the protocol's "pipe" transport). `send` resolves with a
 * command's result or rejects with its error; events go to `onEvent`.
 */
export class DevToolsPipe {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>()
  private readonly chunks: Buffer[] = []
  private closedWith: Error | undefined

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
    private readonly onEvent: (event: DevToolsEvent) => void,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk))
    fromBrowser.on('close', () => this.close(new Error('the browser closed the DevTools pipe')))
    fromBrowser.on('error', (e) => this.close(e))
    toBrowser.on('error', (e) => this.close(e))
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.closedWith) return Promise.reject(this.closedWith)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0')
    })
  }

  /** Rejects every command still waiting: the browser is gone or the caller gave up. */
  close(reason: Error): void {
    this.closedWith ??= reason
    for (const waiting of this.pending.values()) waiting.reject(this.closedWith)
    this.pending.clear()
  }

  private receive(chunk: Buffer): void {
    let start = 0
    for (let end = chunk.indexOf(0); end !== -1; start = end + 1, end = chunk.indexOf(0, start)) {
      this.chunks.push(chunk.subarray(start, end))
      const message = JSON.parse(Buffer.concat(this.chunks).toString('utf8')) as {
        id?: number
        result?: Record<string, unknown>
        error?: { message: string }
      } & Partial<DevToolsEvent>
      this.chunks.length = 0
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) waiting?.reject(new Error(`${message.error.message}`))
        else waiting?.resolve(message.result ?? {})
      } else if (message.method)
        this.onEvent({ method: message.method, params: message.params ?? {}, ...(message.sessionId ? { sessionId: message.sessionId } : {}) })
    }
    if (start < chunk.length) this.chunks.push(chunk.subarray(start))
  }
}
