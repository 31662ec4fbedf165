// The browser entry point, bundled by esbuild into priv/static/assets/js.
// phoenix, phoenix_html and phoenix_live_view come from deps/ (NODE_PATH).
import "phoenix_html"
{$ if live $}
import {Socket} from "phoenix"
import {LiveSocket} from "phoenix_live_view"

const csrfToken = document.querySelector("meta[name='csrf-token']").getAttribute("content")
const liveSocket = new LiveSocket("/live", Socket, {
  longPollFallbackMs: 2500,
  params: {_csrf_token: csrfToken},
})

liveSocket.connect()

// Exposed for debugging in the browser console:
// liveSocket.enableDebug(), liveSocket.enableLatencySim(1000)
window.liveSocket = liveSocket
{$ endif $}
