// The peer widget's embed, as n8n documents it for a page (its CDN embed: a
// stylesheet link and an inline module script importing chat.bundle.es.js; here
// the script is a file). The bundle comes from the npm package, served by the
// benchmark's server (bench/server.ts); webhookUrl points at the server's local stub.
import { createChat } from '/peer/n8n/chat.bundle.es.js'

const options = {
  webhookUrl: location.origin + '/webhook/trailpack-rewards/chat',
  // The same greeting as the Typebot bot's: a sign-up pitch and an input.
  initialMessages: ['Join Trailpack Rewards and earn 100 points today.'],
}

// createChat returns the Vue app, whose unmount() is the teardown: kept for the probe's destroy/create cycles.
window.benchN8n = { createChat, options, app: createChat(options) }
