/**
 * Local stand-ins for the peers' backends, so the peers run offline and no
 * request of theirs fails: Typebot's chat API (typebot.io's, at /api/) and the
 * n8n Chat Trigger webhook (an n8n instance's, at /webhook/). Each answers what
 * the widget needs to show a greeting and an input, like a loyalty sign-up.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A minimal published bot for the Typebot bubble's `startChat`: one greeting and an email input. */
function typebotStartChat() {
  return {
    sessionId: 'bench-session',
    typebot: {
      id: 'trailpack-rewards',
      version: '6',
      publishedAt: '2025-01-01T00:00:00.000Z',
      // A "Custom" font with no URL or CSS: Typebot would otherwise load a web font from a CDN.
      theme: { general: { font: { type: 'Custom', family: 'system-ui' } }, chat: {} },
      // No simulated typing delay before the greeting: we time the software, not a chosen animation.
      settings: { general: {}, typingEmulation: { enabled: false } },
    },
    messages: [
      {
        id: 'greeting',
        type: 'text',
        content: {
          type: 'richText',
          richText: [{ type: 'p', children: [{ text: 'Join Trailpack Rewards and earn 100 points today.' }] }],
        },
      },
    ],
    input: {
      id: 'email',
      type: 'email input',
      options: { labels: { placeholder: 'Your email', button: 'Join' } },
    },
  }
}

/**
 * The n8n chat webhook: `loadPreviousSession` (sent when the chat mounts) finds no earlier
 * messages; `sendMessage` gets one reply. The action is in the JSON body, or the query for GET.
 */
function n8nWebhook(body: string, query: URLSearchParams) {
  let action = query.get('action')
  try {
    action = (JSON.parse(body) as { action?: string }).action ?? action
  } catch {}
  return action == 'sendMessage' ? { output: 'Thanks! Check your inbox to confirm.' } : { data: [] }
}

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS' }

/** Answers a peer's API call and returns true, or returns false for any other path. `calls` counts them by path. */
export function answerPeerApi(req: IncomingMessage, res: ServerResponse, url: URL, calls: Map<string, number>): boolean {
  const path = url.pathname
  const peer = path.startsWith('/api/') ? 'typebot' : path.startsWith('/webhook/') ? 'n8n' : null
  if (!peer) return false
  calls.set(path, (calls.get(path) ?? 0) + 1)
  if (req.method == 'OPTIONS') {
    res.writeHead(204, CORS)
    res.end()
    return true
  }
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    const answer = peer == 'n8n' ? n8nWebhook(body, url.searchParams) : /\/startChat$/.test(path) ? typebotStartChat() : {}
    res.writeHead(200, { 'Content-Type': 'application/json', ...CORS })
    res.end(JSON.stringify(answer))
  })
  return true
}
