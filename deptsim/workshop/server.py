"""Serve the workshop page with Solara's own server, on the loopback address unless told otherwise.

The socket is bound here, before the server starts, so that `--port 0` can report the free port it
got and a port already in use is one clear message. The page must work in a room with no internet:
Solara runs in production mode with its telemetry off, and loads its JavaScript and fonts from the
`solara-assets` package through its local asset proxy, never from a CDN.
"""

from __future__ import annotations

import os
import socket
import warnings
from collections.abc import Callable

from deptsim.simulation import load_compiled_code
from deptsim.workshop.settings import Settings

APP_MODULE = "deptsim.workshop.app"
LOOPBACK = "127.0.0.1"
ALL_INTERFACES = ("0.0.0.0", "::", "")
SHUTDOWN_SECONDS = 2  # open browser tabs keep websockets; do not let them hold up Ctrl-C
# A tab that was closed or reloaded leaves its session (and a playing simulation) behind; end it soon.
SESSION_AFTER_DISCONNECT = "20s"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port); OSError if it cannot be had."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def address_of(sock: socket.socket) -> str:
    """The page's address, as a browser on this machine would type it."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(settings: Settings, host: str = LOOPBACK, port: int = 8765,
          announce: Callable[[str], None] = print) -> None:
    """Serve the page until interrupted; `announce` gets the address once the socket is listening."""
    os.environ.update(settings.environment())
    os.environ["SOLARA_APP"] = APP_MODULE
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    sock = bind(host, port)
    # Compile the model's per-event work (or load it from numba's cache) before the first page needs it:
    # the first run after installing takes about 50 s, which a room should not watch.
    load_compiled_code()
    # solara reads the environment above when first imported
    import solara.server.settings as solara_settings
    import uvicorn

    solara_settings.main.mode = "production"
    solara_settings.telemetry.mixpanel_enable = False
    solara_settings.kernel.cull_timeout = SESSION_AFTER_DISCONNECT
    # over plain http on loopback Solara falls back to a lax session cookie, and says so at every page load
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    config = uvicorn.Config("solara.server.starlette:app", log_level="warning",
                            timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    note = " (all interfaces: others on the network can open it)" if host in ALL_INTERFACES else ""
    announce(f"deptsim workshop: {address_of(sock)}{note}")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
