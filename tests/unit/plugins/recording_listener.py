# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A TCP listener on a loopback address that stands in for a host that must never hear from the client."""

from __future__ import annotations

import socket
import threading

PROBE = b"PROBE /recording-listener HTTP/1.1\r\n\r\n"
# An answer a leaking client would take for an empty last page, so that a leak shows in what was received,
# not as a failure somewhere else.
EMPTY_LIST = b'{"flex_flows": [], "address_configurations": [], "meta": {"next_page_url": null}}'
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(EMPTY_LIST), EMPTY_LIST)
# Only a bound on a wait that ends as soon as the listener has caught up; no test depends on it.
SAFETY_TIMEOUT = 30


class RecordingListener:
    """Records every connection it accepts and the bytes that came on it, one connection after the other.

    received() first sends a probe of its own and waits until it is recorded: connections are accepted and read in
    order, so every connection a client opened before received() was called is recorded by then.
    """

    def __init__(self, host, port=0):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.socket(family, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self._socket.listen(16)
        self.host = host
        self.port = self._socket.getsockname()[1]
        self.netloc = "[%s]:%d" % (host, self.port) if family == socket.AF_INET6 else "%s:%d" % (host, self.port)
        self._received = []
        self._lock = threading.Lock()
        self._probed = threading.Condition(self._lock)
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="recording-listener", daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                connection, _peer = self._socket.accept()
            except OSError:
                return
            if self._stopping:
                connection.close()
                return
            with connection:
                data = self._read(connection)
                try:
                    connection.sendall(ANSWER)
                except OSError:
                    pass
            with self._probed:
                self._received.append(data)
                self._probed.notify_all()

    @staticmethod
    def _read(connection):
        connection.settimeout(2)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        return data

    def _connect(self):
        connection = socket.socket(self._socket.family, socket.SOCK_STREAM)
        connection.settimeout(SAFETY_TIMEOUT)
        connection.connect((self.host, self.port))
        return connection

    def received(self):
        """What each connection other than the probes brought, oldest first (b"" for a connection that sent nothing)."""
        with self._connect() as probe:
            probe.sendall(PROBE)
            probe.recv(len(ANSWER))
        with self._probed:
            self._probed.wait_for(lambda: PROBE in self._received, timeout=SAFETY_TIMEOUT)
            received = [data for data in self._received if data != PROBE]
            self._received = received
        return received

    def clear(self):
        self.received()
        with self._lock:
            self._received = []

    def stop(self):
        self._stopping = True
        # A connection wakes the accept() up, and the loop ends.
        try:
            self._connect().close()
        except OSError:
            pass
        self._socket.close()
        self._thread.join(timeout=SAFETY_TIMEOUT)
