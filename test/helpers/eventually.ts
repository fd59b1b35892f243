/** Waits until `check` passes (file watching is asynchronous), failing after `timeoutMs` with its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    try {
      return await check()
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
