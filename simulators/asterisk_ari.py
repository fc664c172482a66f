"""Simulator of Asterisk's REST Interface (ARI), the part the ``ari`` connections of telmico_callcenter use.

REST (``base.Simulator``), authenticated with HTTP basic auth or ``?api_key=user:password`` like Asterisk:

- ``GET /ari/asterisk/info``: the system's info (used to check the credentials);
- ``POST /ari/channels``: originate (``endpoint``, ``extension``, ``context``, ``priority``, ``callerId``,
  ``channelId``, ``timeout``; from the query string or a JSON body); answers the new channel (JSON);
- ``POST /ari/applications/<app>/subscription?eventSource=channel:<id>``: subscribe the application to a channel;
- ``GET /ari/channels``: the live channels (those in the application: ``dialplan.app_name`` ``Stasis``, ``app_data``
  ``<app>,<queue>,<ivr choice>``), as the events sent so far (and those lost) left them.

Events: a WebSocket at ``GET /ari/events?app=<app>&api_key=user:password`` (RFC 6455, standard library only) sends
the application its events as JSON text frames: ``StasisStart`` (a call entering the application from the dialplan,
``Stasis(<app>,<queue>,<ivr choice>)``), ``ChannelStateChange`` (``Ringing``, ``Up``), ``ChannelHold`` /
``ChannelUnhold``, ``Dial`` (``dialstatus``), ``ChannelHangupRequest`` and ``ChannelDestroyed`` (``cause``,
``cause_txt``). Events of an originated channel reach the application only once it subscribed to the channel.

Events played while no application is connected wait for it (Asterisk would not let a call enter the Stasis() of
an application that is not connected; waiting lets a test play a call and then run the listener).

``lose(events)`` plays events while no listener is connected and Asterisk is not waiting for one: the channels
change (``GET /ari/channels`` shows it) but the events are never sent — what a gap between two listeners loses.

Fault injection: ``duplicates`` (every event sent twice), ``drop_after(n)`` (the WebSocket is closed after the
next ``n`` events; the rest wait for the next connection), a wrong user / password (401 on REST and on the
WebSocket handshake), and the base class's ``fail_next`` / ``drop_next`` on REST.

In tests::

    sim = AsteriskAriSimulator(user="odoo", password="secret").start()
    sim.play(sim.inbound_call("1700000000.1", caller="599123456", extension="101", outcome="answered"))
    connection._ari_listen(seconds=2, commit=False)   # the adapter drains the events
"""

import base64
import hashlib
import json
import select
import socket
import struct
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

if __package__ in (None, ""):  # run as a script: python simulators/asterisk_ari.py
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from simulators.base import Simulator, _Handler

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
NO_ANSWER = (19, "No answer")
NORMAL = (16, "Normal Clearing")


def ari_time(moment):
    """An ARI timestamp: ``2026-11-30T08:00:00.000+0000``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def channel(channel_id, name, state, caller="", connected="", exten="", context="from-external"):
    """An ARI ``Channel`` object."""
    return {
        "id": channel_id,
        "name": name,
        "state": state,
        "caller": {"name": "", "number": caller},
        "connected": {"name": "", "number": connected},
        "accountcode": "",
        "dialplan": {"context": context, "exten": exten, "priority": 1},
        "creationtime": ari_time(datetime.now(UTC)),
        "language": "en",
    }


class _AriHandler(_Handler):
    """The base handler, with ``GET /ari/events`` upgraded to a WebSocket."""

    def do_GET(self):
        if self.path.split("?")[0].rstrip("/") == "/ari/events":
            return self.simulator._websocket(self)
        return self._handle()


class AsteriskAriSimulator(Simulator):
    name = "asterisk_ari"
    handler_class = _AriHandler
    routes = [
        ("GET", r"/ari/asterisk/info", "info"),
        ("POST", r"/ari/channels", "originate"),
        ("POST", r"/ari/applications/([^/]+)/subscription", "subscribe"),
        ("GET", r"/ari/channels", "list_channels"),
    ]

    def __init__(self, user="odoo", password="odoo-ari-secret", app="telmico", host="127.0.0.1", port=0):
        super().__init__(host=host, port=port)
        self.user, self.password, self.app = user, password, app
        self.duplicates = False
        self.originated = []  # the parameters of each originate accepted
        self.subscriptions = set()  # event sources the application subscribed to ("channel:<id>")
        self.pending = []  # events waiting for a connected application
        self.sent = []  # events sent over a WebSocket
        self.connections = 0  # WebSocket connections accepted
        self.channels = {}  # live channels of the application, by id, as the events sent (or lost) left them
        self._drop_after = None
        self._wake = threading.Condition(self.lock)

    # ------------------------------------------------------------------ auth

    def _authorized(self, headers, query):
        expected = f"{self.user}:{self.password}"
        if (query.get("api_key") or [""])[-1] == expected:
            return True
        auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        if auth.startswith("Basic "):
            try:
                return base64.b64decode(auth[6:]).decode() == expected
            except ValueError:
                return False
        return False

    # ------------------------------------------------------------------ REST

    def info(self, request):
        if not self._authorized(request.headers, request.query):
            return 401, {"message": "Authentication required"}
        return 200, {"system": {"version": "20.10.0", "entity_id": "telmico-sim"}}

    def originate(self, request):
        if not self._authorized(request.headers, request.query):
            return 401, {"message": "Authentication required"}
        params = {name: values[-1] for name, values in request.query.items()}
        if request.body:
            try:
                body = request.json()
            except ValueError:
                return 400, {"message": "Invalid JSON body"}
            if isinstance(body, dict):
                params.update({k: v for k, v in body.items() if k != "variables"})
        if not params.get("endpoint"):
            return 400, {"message": "Endpoint parameter not provided"}
        if not params.get("extension") and not params.get("app"):
            return 400, {"message": "Either extension or app must be given"}
        with self.lock:
            self.originated.append(params)
            channel_id = params.get("channelId") or f"{int(time.time())}.{len(self.originated)}"
            created = channel(
                channel_id,
                f"{params['endpoint']}-{len(self.originated):08x}",
                "Down",
                caller=params.get("callerId", ""),
                exten=params.get("extension", ""),
                context=params.get("context", "default"),
            )
            self.channels[channel_id] = created  # in the dialplan, not the application: listed, never reconciled in
        return 200, created

    def subscribe(self, request):
        if not self._authorized(request.headers, request.query):
            return 401, {"message": "Authentication required"}
        if request.groups[0] != self.app:
            return 404, {"message": "Application not found"}
        source = request.arg("eventSource")
        if not source:
            return 400, {"message": "Missing event source"}
        with self.lock:
            self.subscriptions.update(source.split(","))
        return 200, {"name": self.app, "channel_ids": [s[8:] for s in sorted(self.subscriptions)]}

    # ---------------------------------------------------------------- events

    def inbound_call(self, channel_id, caller="+995599123456", called="+995322100100", extension="101",
                     outcome="answered", start=None, wait=12, talk=95, queue="billing", ivr_choice="2"):  # fmt: skip
        """The ARI events of an inbound call in the application: ``answered``, ``missed`` (the application hangs
        the caller up with cause 19 after nobody answered) or ``abandoned`` (the caller hangs up while waiting)."""
        start = start or datetime.now(UTC).replace(microsecond=0)
        name = f"PJSIP/trunk-{channel_id.replace('.', '')}"

        def event(kind, offset, state, connected="", **extra):
            chan = channel(channel_id, name, state, caller=caller, connected=connected, exten=called)
            values = {"type": kind, "timestamp": ari_time(start + timedelta(seconds=offset)), "channel": chan}
            values["application"] = self.app
            values.update(extra)
            return values

        args = [arg for arg in (queue, ivr_choice) if arg is not None]
        events = [event("StasisStart", 0, "Ring", args=args)]
        if outcome == "answered":
            events += [
                event("ChannelStateChange", wait, "Up", connected=extension),
                event("ChannelHold", wait + talk // 3, "Up", connected=extension, musicclass="default"),
                event("ChannelUnhold", wait + talk // 2, "Up", connected=extension),
                event("ChannelHangupRequest", wait + talk, "Up", connected=extension, cause=NORMAL[0], soft=False),
                event("ChannelDestroyed", wait + talk, "Up", connected=extension, cause=NORMAL[0], cause_txt=NORMAL[1]),
            ]
        elif outcome == "missed":
            events.append(event("ChannelDestroyed", wait, "Ring", cause=NO_ANSWER[0], cause_txt=NO_ANSWER[1]))
        elif outcome == "abandoned":
            events += [
                event("ChannelHangupRequest", wait, "Ring", cause=NORMAL[0]),
                event("ChannelDestroyed", wait, "Ring", cause=NORMAL[0], cause_txt=NORMAL[1]),
            ]
        else:
            raise ValueError(f"unknown outcome {outcome!r}")
        return events

    def outbound_call(self, channel_id, outcome="answered", start=None, wait=8, talk=60):
        """The ARI events of an originated channel (the agent's phone rings, then the number is dialled):
        ``answered`` (the client answers), ``missed`` (the client does not answer: ``Dial`` NOANSWER)."""
        params = next((p for p in self.originated if p.get("channelId") == channel_id), None)
        if params is None:
            raise ValueError(f"no originated channel {channel_id!r}")
        start = start or datetime.now(UTC).replace(microsecond=0)
        number = params.get("extension", "")
        name = f"{params['endpoint']}-out"

        def event(kind, offset, state, **extra):
            chan = channel(channel_id, name, state, caller=params.get("callerId", ""), connected=number, exten=number)
            values = {"type": kind, "timestamp": ari_time(start + timedelta(seconds=offset)), "channel": chan}
            values["application"] = self.app
            values.update(extra)
            return values

        def dial(offset, status):
            values = event("Dial", offset, "Up", dialstatus=status, dialstring=number)
            values["caller"] = values.pop("channel")
            values["peer"] = channel(f"{channel_id}-peer", f"PJSIP/trunk-{number}", "Ringing", exten=number)
            return values

        events = [event("ChannelStateChange", 1, "Ringing"), event("ChannelStateChange", 3, "Up"), dial(4, "")]
        if outcome == "answered":
            events += [
                dial(4 + wait, "ANSWER"),
                event("ChannelHangupRequest", 4 + wait + talk, "Up", cause=NORMAL[0]),
                event("ChannelDestroyed", 4 + wait + talk, "Up", cause=NORMAL[0], cause_txt=NORMAL[1]),
            ]
        elif outcome == "missed":
            events += [
                dial(4 + wait, "NOANSWER"),
                event("ChannelDestroyed", 4 + wait, "Up", cause=NO_ANSWER[0], cause_txt=NO_ANSWER[1]),
            ]
        else:
            raise ValueError(f"unknown outcome {outcome!r}")
        return events

    def _track(self, event):
        """Keep ``channels`` as the event leaves its channel (under the lock)."""
        chan = event.get("channel")
        if not isinstance(chan, dict):
            return
        if event.get("type") == "ChannelDestroyed":
            self.channels.pop(chan["id"], None)
            return
        live = self.channels.get(chan["id"])
        if event.get("type") == "StasisStart":
            args = ",".join([self.app, *[str(arg) for arg in event.get("args") or []]])
            live = dict(chan, creationtime=event["timestamp"])
            live["dialplan"] = dict(chan.get("dialplan") or {}, app_name="Stasis", app_data=args)
        elif live is None:
            return  # a channel that never entered the application nor was originated
        else:
            live = dict(
                live, state=chan.get("state", live["state"]), connected=chan.get("connected", live["connected"])
            )
        self.channels[chan["id"]] = live

    def lose(self, events):
        """Play ``events`` unheard: the channels change, nothing is sent (the gap between two listeners)."""
        with self.lock:
            for event in events:
                self._track(event)

    def list_channels(self, request):
        if not self._authorized(request.headers, request.query):
            return 401, {"message": "Authentication required"}
        with self.lock:
            return 200, list(self.channels.values())

    def play(self, events):
        """Queue ``events`` for the application (sent at once when it is connected, else when it connects).
        Events of a channel neither in Stasis nor subscribed to are not sent (as Asterisk would not)."""
        with self.lock:
            for event in events:
                chan = event.get("channel") or event.get("caller") or {}
                stasis = any(e.get("type") == "StasisStart" and e["channel"]["id"] == chan.get("id") for e in events)
                if stasis or f"channel:{chan.get('id')}" in self.subscriptions:
                    self.pending.append(event)
            self._wake.notify_all()

    def drop_after(self, count):
        """Close the WebSocket after the next ``count`` events (the rest wait for the next connection)."""
        with self.lock:
            self._drop_after = count

    # ------------------------------------------------------------- WebSocket

    def _websocket(self, handler):
        """Serve one application's WebSocket until it closes or a drop is injected."""
        query = parse_qs(handler.path.partition("?")[2], keep_blank_values=True)
        headers = dict(handler.headers.items())
        key = handler.headers.get("Sec-WebSocket-Key")
        if not self._authorized(headers, query):
            handler._send(401, {"message": "Authentication required"}, {})
            handler.close_connection = True
            return
        if (query.get("app") or [""])[-1] != self.app:
            handler._send(400, {"message": "Invalid application"}, {})
            handler.close_connection = True
            return
        if not key or handler.headers.get("Upgrade", "").lower() != "websocket":
            handler._send(400, {"message": "WebSocket upgrade expected"}, {})
            return
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        handler.send_response(101, "Switching Protocols")
        handler.send_header("Upgrade", "websocket")
        handler.send_header("Connection", "Upgrade")
        handler.send_header("Sec-WebSocket-Accept", accept)
        handler.end_headers()
        handler.wfile.flush()
        handler.close_connection = True
        sock = handler.connection
        with self.lock:
            self.connections += 1
        try:
            while True:
                with self.lock:
                    if not self.pending:
                        self._wake.wait(0.05)
                    batch, self.pending = self.pending, []
                for index, event in enumerate(batch):
                    with self.lock:
                        if self._drop_after is not None and self._drop_after <= 0:
                            self._drop_after = None
                            self.pending[:0] = batch[index:]
                            sock.shutdown(socket.SHUT_RDWR)
                            return
                        if self._drop_after is not None:
                            self._drop_after -= 1
                    copies = 2 if self.duplicates else 1
                    for _copy in range(copies):
                        _send_frame(sock, json.dumps(event).encode())
                    with self.lock:
                        self.sent.append(event)
                        self._track(event)
                readable, _w, _x = select.select([sock], [], [], 0)
                if readable and not _read_frame_is_open(sock):
                    return
        except OSError:
            return


def _send_frame(sock, payload, opcode=0x1):
    """One unmasked (server) frame."""
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, length)
    elif length < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
    sock.sendall(header + payload)


def _read_frame_is_open(sock):
    """Read one (masked, client) frame: ``False`` when it is a close frame or the peer is gone."""
    head = sock.recv(2)
    if len(head) < 2:
        return False
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        length = struct.unpack("!H", sock.recv(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", sock.recv(8))[0]
    mask = sock.recv(4) if head[1] & 0x80 else b""
    data = b""
    while len(data) < length:
        chunk = sock.recv(length - len(data))
        if not chunk:
            return False
        data += chunk
    if opcode == 0x8:
        return False
    if opcode == 0x9:  # ping: pong
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(data)) if mask else data
        _send_frame(sock, payload, opcode=0xA)
    return True


if __name__ == "__main__":
    sys.exit(AsteriskAriSimulator.main(default_port=8088))
