/**
 * Requests Node's HTTP parser refuses before Hono sees them (control characters in
 * a header, a malformed request line, headers too large) still get a problem+json
 * answer, as every other failure does, and the connection is closed.
 */
import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { DomainError } from '../errors.ts'

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: nothing to say on a dead socket or over an answer already under way (pipelining).
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (error.code == 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy()
    const problem =
      error.code == 'HPE_HEADER_OVERFLOW'
        ? new DomainError('headers_too_large', 'The request headers are too large.')
        : error.code == 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new DomainError('request_timeout', 'The request took too long to arrive.')
          : new DomainError('invalid_request', 'The request is not valid HTTP.')
    const { status, title } = { status: problem.status, title: problem.toProblem().title }
    const body = JSON.stringify(problem.toProblem())
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}
