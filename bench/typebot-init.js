// The peer widget's embed, as Typebot documents it for a bubble (an inline module
// script in their snippet; here a file). web.js comes from the npm package,
// served by the benchmark's server (bench/server.ts); apiHost points at the server's local stub.
import Typebot from '/peer/typebot/web.js'

Typebot.initBubble({
  typebot: 'trailpack-rewards',
  apiHost: location.origin,
  theme: { button: { backgroundColor: '#2f5d50' } },
})
