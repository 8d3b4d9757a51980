"""A TCP proxy that a test can cut and restore: a database server that goes away and comes back.

Point a project at ``proxy.port`` instead of the server's own (``proxied_url``).
``cut()`` closes every proxied connection and stops listening (new connections are
refused, as when the server or the network is down); ``restore()`` listens again on
the same port. ``cut_after(b"COMMIT")`` lets the next message holding those bytes
through to the server, drops every reply, then cuts: the commit happens but the
client never hears of it (the ambiguous failure).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class CuttableProxy:
    def __init__(self, upstream: tuple[str, int], port: int = 0) -> None:
        self.upstream = upstream
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self.port = port
        self.connections = 0
        """Client connections accepted so far."""
        self._clients: set[socket.socket] = set()
        self._armed: bytes | None = None
        self._delay = 0.3
        self._deaf = False
        self.tripped = threading.Event()
        """Set when ``cut_after`` let its message through and cut."""
        self._listen()
        self._thread = threading.Thread(target=self._run, name="proxy", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ control

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            pairs, self._pairs = self._pairs, []
            self._clients.clear()
        for a, b in pairs:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def restore(self) -> None:
        with self._lock:
            self._deaf = False
            if self._listener is None:
                self._listen()

    def cut_after(self, marker: bytes, delay: float = 0.3) -> None:
        """Cut ``delay`` seconds after the next client message containing ``marker``,
        passing that message on and no reply to it."""
        self._delay = delay
        self._armed = marker

    def _trip(self) -> None:
        self.tripped.set()
        self.cut()

    def close(self) -> None:
        self._stop.set()
        self.cut()
        self._thread.join(timeout=5)

    # ------------------------------------------------------------------ work

    def _listen(self) -> None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        s.setblocking(False)
        self.port = s.getsockname()[1]
        self._listener = s

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                listener = self._listener
                pairs = list(self._pairs)
            sel = selectors.DefaultSelector()
            try:
                if listener is not None:
                    sel.register(listener, selectors.EVENT_READ, None)
                for a, b in pairs:
                    sel.register(a, selectors.EVENT_READ, b)
                    sel.register(b, selectors.EVENT_READ, a)
            except (ValueError, OSError):  # closed by cut() meanwhile
                sel.close()
                continue
            try:
                ready = sel.select(timeout=0.05)
            except (ValueError, OSError):
                ready = []
            for key, _ in ready:
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                if key.data is None:
                    self._accept(sock)
                else:
                    self._pump(sock, key.data)
            sel.close()

    def _accept(self, listener: socket.socket) -> None:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        client.setblocking(True)
        server.setblocking(True)
        with self._lock:
            self._pairs.append((client, server))
            self._clients.add(client)
            self.connections += 1

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if data:
            from_client = src in self._clients
            if not from_client and self._deaf:
                return
            with contextlib.suppress(OSError):
                dst.sendall(data)
            if from_client and self._armed is not None and self._armed in data:
                self._armed = None
                self._deaf = True
                timer = threading.Timer(self._delay, self._trip)
                timer.daemon = True
                timer.start()
            return
        with self._lock:
            self._pairs = [p for p in self._pairs if src not in p]
            self._clients.discard(src)
            self._clients.discard(dst)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def proxied_url(url: str) -> tuple[CuttableProxy, str]:
    """A proxy in front of the server of ``url``, and the same URL through the proxy."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    proxy = CuttableProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    through = parsed.set(host="127.0.0.1", port=proxy.port)
    return proxy, through.render_as_string(hide_password=False)
