/**
 * The server's logger: pino, one JSON line per event. Errors keep their type,
 * message, code and stack only: a driver's extra fields (PostgreSQL's `detail`
 * repeats the row's values, emails among them) stay out of the logs.
 */
import pino, { type DestinationStream, type Level, type Logger } from 'pino'

export type LogLevel = Level | 'silent'

function error(value: unknown): unknown {
  if (!(value instanceof Error)) return value
  const e = value as Error & { code?: unknown }
  return { type: e.name, message: e.message, ...(typeof e.code == 'string' && { code: e.code }), stack: e.stack }
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'loyalkit-server' }, serializers: { err: error } }
  return destination ? pino(options, destination) : pino(options)
}
