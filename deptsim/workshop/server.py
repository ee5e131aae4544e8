"""Serve the workshop page with Solara's own server, on the loopback address unless told otherwise.

The socket is bound here, before the server starts, so that `--port 0` can report the free port it
got and a port already in use is one clear message. The page must work in a room with no internet:
Solara runs in production mode with its telemetry off, and loads its JavaScript and fonts from the
`solara-assets` package through its local asset proxy, never from a CDN.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import warnings
from collections.abc import Callable, Iterator

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


def network_addresses(ipv6: bool = False) -> list[str]:
    """This machine's addresses that others on the network may reach it at (IPv4; IPv6 too if `ipv6`), the one
    of the default route first; no loopback, link-local or unspecified ones. Empty if none is found."""
    found = list(_default_route_address(socket.AF_INET)) + _hostname_addresses(socket.AF_INET)
    if ipv6:
        found += list(_default_route_address(socket.AF_INET6)) + _hostname_addresses(socket.AF_INET6)
    usable = []
    for text in found:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified or str(address) in usable):
            usable.append(str(address))
    return usable


def _default_route_address(family: socket.AddressFamily) -> Iterator[str]:
    """The address this machine sends from towards the network; no packet is sent (UDP only picks a route)."""
    probe = ("192.0.2.1", 9) if family == socket.AF_INET else ("2001:db8::1", 9)  # documentation addresses
    with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.connect(probe)
        yield sock.getsockname()[0]


def _hostname_addresses(family: socket.AddressFamily) -> list[str]:
    with contextlib.suppress(OSError):
        return [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM)]
    return []


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def announcement(sock: socket.socket, host: str) -> tuple[list[str], str | None]:
    """The lines that tell the trainer where the page is, and a warning when others on the network can open it."""
    port = sock.getsockname()[1]
    if is_loopback(host):
        return [f"deptsim workshop: {address_of(sock)}"], None
    warning = (f"deptsim workshop: warning: with --host {host} anyone who can reach this machine on the network "
               "can open the page and pull its levers; there is no password. Leave out --host to keep it to this "
               "machine.")
    if host not in ALL_INTERFACES:
        return [f"deptsim workshop: {address_of(sock)} (for participants on the network)"], warning
    local = f"http://{LOOPBACK}:{port}" if sock.family == socket.AF_INET else f"http://[::1]:{port}"
    addresses = [f"http://[{a}]:{port}" if ":" in a else f"http://{a}:{port}"
                 for a in network_addresses(ipv6=sock.family == socket.AF_INET6)]
    if not addresses:
        return [f"deptsim workshop: {local} (on this machine; found no network address of this machine for "
                "participants: look it up in the system's network settings)"], warning
    lines = [f"deptsim workshop: {addresses[0]} (for participants on the network; on this machine also {local})"]
    lines += [f"deptsim workshop: or {address}" for address in addresses[1:]]
    return lines, warning


def serve(settings: Settings, host: str = LOOPBACK, port: int = 8765,
          announce: Callable[[str], None] = print, warn: Callable[[str], None] | None = None) -> None:
    """Serve the page until interrupted; `announce` gets the addresses once the socket is listening, and `warn`
    (default: `announce`) a warning when the page is open to the network."""
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
    lines, warning = announcement(sock, host)
    for line in lines:
        announce(line)
    if warning:
        (warn or announce)(warning)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
