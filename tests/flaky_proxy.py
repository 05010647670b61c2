"""A TCP proxy that breaks connections: the first ``cuts`` requests whose head contains ``marker``
are cut off after ``after_bytes`` of their body, as a dropped Wi-Fi or a proxy timeout would."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class FlakyProxy:
    target_port: int
    marker: bytes
    after_bytes: int
    cuts: int
    port: int = 0
    cut_done: int = 0
    connections: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def should_cut(self, head: bytes) -> bool:
        with self._lock:
            if self.marker in head and self.cut_done < self.cuts:
                self.cut_done += 1
                return True
            return False

    def handle(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        with self._lock:
            self.connections += 1

        def backward() -> None:
            try:
                while data := upstream.recv(65536):
                    client.sendall(data)
            except OSError:
                pass
            finally:
                client.close()

        threading.Thread(target=backward, daemon=True).start()
        budget: int | None = None
        try:
            while data := client.recv(65536):
                if budget is None and self.should_cut(data):
                    budget = len(data.split(b"\r\n\r\n", 1)[0]) + 4 + self.after_bytes
                if budget is not None:
                    if len(data) >= budget:
                        upstream.sendall(data[:budget])
                        break
                    budget -= len(data)
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()


@contextmanager
def flaky_proxy(target_port: int, marker: bytes, after_bytes: int, cuts: int = 1) -> Iterator[FlakyProxy]:
    proxy = FlakyProxy(target_port, marker, after_bytes, cuts)
    listener = socket.create_server(("127.0.0.1", 0))
    proxy.port = listener.getsockname()[1]
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=proxy.handle, args=(client,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        stopping.set()
        listener.close()
