# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""FlexEmulator: a threaded local HTTP(S) server that behaves like Twilio's Flex v1 Flex Flows API,
Conversations v1 Address Configurations and TaskRouter v1 (workspaces, activities, task channels, task queues,
workflows), on one address (clients point every product's base URL at it)."""

import base64
import binascii
import copy
import hmac
import http
import ipaddress
import json
import socket
import socketserver
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from .api import ResourceApi
from .credentials import ACCOUNT_SID, AUTH_TOKEN
from .errors import TwilioApiError, authenticate, not_found
from .faults import ANSWERING_KINDS, PAGE_LINK_KINDS, Fault, FaultBook, fault_answer
from .fields import form_from_pairs
from .paging import with_page_link
from .resources import RESOURCES
from .store import ResourceStore, load_seed
from .taskrouter_resource import FLEX_WORKSPACE, flex_defaults

ADMIN_PREFIX = "/_emulator"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def check_public_base_url(url):
    """``url`` if it is None or an http(s) scheme and host without a path; ValueError otherwise."""
    if url is None:
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"public_base_url must be an http(s) scheme and host, such as http://localhost:8080, not {url!r}")
    return url.rstrip("/")


def loopback_host(host):
    """The IPv4 loopback address to bind for ``host``; anything that is not loopback is refused."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError as error:
        raise ValueError(f"host must be a loopback address, not {host!r}") from error
    if address.version != 4 or not address.is_loopback:
        raise ValueError(f"host must be an IPv4 loopback address (127.0.0.0/8), not {host!r}")
    return str(address)


def _single_values(pairs):
    """A dict of parameter -> value; a repeated parameter keeps its last value."""
    return {name: values[-1] for name, values in pairs.items()}


@dataclass
class Answer:
    """What the handler sends for one API request."""

    status: int
    headers: dict
    body: bytes
    fault: str = None


class FlexEmulator:  # pylint: disable=too-many-instance-attributes,too-many-public-methods
    """A stateful stand-in for https://flex-api.twilio.com (the /v1/FlexFlows resource) and
    https://conversations.twilio.com (the /v1/Configuration/Addresses resource), both on one address.

    ``seed`` is a list of API-shaped flows, a ``{"flows": [...], "addresses": [...]}`` mapping (either
    list may be left out), or a YAML/JSON file path holding either. ``tls`` is ``(certfile, keyfile)`` to serve HTTPS.
    """

    def __init__(
        self,
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        api_key=None,
        api_secret=None,
        seed=None,
        tls=None,
        host="127.0.0.1",
        port=0,
        log_file=None,
        public_base_url=None,
    ):
        if bool(api_key) != bool(api_secret):
            raise ValueError("api_key and api_secret go together")
        self.host = loopback_host(host)
        self.port = port
        self.account_sid = account_sid
        self.api_key = api_key
        self._auth_token = auth_token
        self._api_secret = api_secret
        self.tls = tls
        self.log_file = log_file
        self.base_url = None
        # The scheme and host written into the URLs of answers (page links, `url`); by default the emulator's own.
        self.public_base_url = check_public_base_url(public_base_url)
        # One API object per resource, by its admin collection name; each holds its store. The stores share one
        # re-entrant lock, so that a rule between resources (a reference, a delete refused) sees a consistent state.
        lock = threading.RLock()
        self._apis = {resource.name: ResourceApi(resource, ResourceStore(resource, account_sid, lock)) for resource in RESOURCES}
        world = {name: api.store for name, api in self._apis.items()}
        for api in self._apis.values():
            api.store.world = world
        self._initial_seed = load_seed(seed)
        self._apply_seed(self._initial_seed)
        self._faults = FaultBook()
        self._log = []
        self._log_lock = threading.Lock()
        self._server = None
        self._thread = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self):
        if self._server is not None:
            return self
        ssl_context = None
        if self.tls:
            certfile, keyfile = self.tls
            ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ssl_context.load_cert_chain(certfile, keyfile)
        self._server = _EmulatorHTTPServer((self.host, self.port), self, ssl_context)
        self.port = self._server.server_address[1]
        self.base_url = f"{'https' if ssl_context else 'http'}://{self.host}:{self.port}"
        # A short poll interval keeps stop() quick.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name="flex-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # -- out-of-band control -----------------------------------------------------------------

    def inject_fault(
        self,
        status=None,
        count=1,
        method=None,
        path=None,
        code=None,
        retry_after=None,
        kind="status",
        delay=None,
        probability=None,
        seed=None,
        message=None,
        location=None,
        body=None,
    ):
        """Answer the next matching requests with a fault; returns the fault as a dict (with its id).

        ``status`` defaults by kind: 429 for "status", 200 for "malformed_json" and "empty", 502 for "html",
        302 for "redirect" (which needs ``location``). "next_page_url" answers a list with ``location`` (verbatim)
        as its meta.next_page_url; "endless_pages" links the last page of a list to a page after it; "body" answers
        ``body`` (any JSON value, sent verbatim) with status 200 unless told, for answers the API's own checks never make.
        """
        fault = Fault(
            kind=kind,
            status=status,
            count=count,
            method=method,
            path=path,
            code=code,
            retry_after=retry_after,
            delay=delay,
            probability=probability,
            seed=seed,
            message=message,
            location=location,
            body=body,
        )
        return self._faults.add(fault).as_dict()

    def clear_faults(self):
        self._faults.clear()

    @property
    def faults(self):
        return self._faults.active()

    @property
    def request_log(self):
        with self._log_lock:
            return copy.deepcopy(self._log)

    def clear_log(self):
        with self._log_lock:
            self._log.clear()

    @property
    def flows(self):
        """sid -> flow in API shape, in list order (copies: changing them changes nothing)."""
        return self._rendered("flows")

    @property
    def addresses(self):
        """sid -> address configuration in API shape, in list order (copies: changing them changes nothing)."""
        return self._rendered("addresses")

    @property
    def workspaces(self):
        """sid -> TaskRouter workspace in API shape, in list order (copies)."""
        return self._rendered("workspaces")

    @property
    def activities(self):
        """sid -> TaskRouter activity (of any workspace) in API shape, in list order (copies)."""
        return self._rendered("activities")

    @property
    def task_channels(self):
        """sid -> TaskRouter task channel (of any workspace) in API shape, in list order (copies)."""
        return self._rendered("task_channels")

    @property
    def task_queues(self):
        """sid -> TaskRouter task queue (of any workspace) in API shape, in list order (copies)."""
        return self._rendered("task_queues")

    @property
    def workflows(self):
        """sid -> TaskRouter workflow (of any workspace) in API shape, in list order (copies)."""
        return self._rendered("workflows")

    def _rendered(self, collection):
        api = self._apis[collection]
        return {item["sid"]: api.render(item, self._url_base()) for item in api.store.listing()}

    def _url_base(self):
        # Before start() there is no address yet; URLs are then relative.
        return self.public_base_url or self.base_url or ""

    # The lists that max_page_size caps: the flows, and TaskRouter's (whose clients follow next_page_url).
    _CAPPED_LISTS = ("flows", "workspaces", "activities", "task_channels", "task_queues", "workflows")

    @property
    def config(self):
        return {"public_base_url": self.public_base_url, "max_page_size": self._apis["flows"].served_page_size}

    def _cap_pages(self, max_page_size):
        for collection in self._CAPPED_LISTS:
            self._apis[collection].served_page_size = max_page_size

    def configure(self, public_base_url=None, max_page_size=None):
        """Change settings of the running emulator; ``public_base_url=None`` goes back to the emulator's own address.

        ``max_page_size`` is the largest page of flows (and of TaskRouter's lists) served, whatever PageSize asks for (up to
        Twilio's 1000), so that a few items span several pages; None serves the size asked for. reset() sets it back to None."""
        if max_page_size is not None and (not isinstance(max_page_size, int) or isinstance(max_page_size, bool) or max_page_size < 1):
            raise ValueError("max_page_size must be a positive integer or null")
        self.public_base_url = check_public_base_url(public_base_url)
        self._cap_pages(max_page_size)
        return self.config

    def _put(self, collection, data):
        api = self._apis[collection]
        stored, created = api.store.put(data)
        return api.render(stored, self._url_base()), created

    def _patch(self, collection, key, changes):
        api = self._apis[collection]
        stored = api.store.patch(key, changes)
        return None if stored is None else api.render(stored, self._url_base())

    def put_flow(self, flow):
        """Add or replace a flow (API shape, ``sid`` optional) as if changed outside the API; bumps date_updated."""
        return self._put("flows", flow)[0]

    def patch_flow(self, sid, changes):
        """Change some fields of a flow out of band (``integration`` merged); None when there is no such flow."""
        return self._patch("flows", sid, changes)

    def delete_flow(self, sid):
        return self._apis["flows"].store.delete(sid)

    def put_address(self, address):
        """Add or replace an address configuration (API shape, ``sid`` optional) out of band; bumps date_updated.
        ValueError when another configuration has the same address."""
        return self._put("addresses", address)[0]

    def patch_address(self, key, changes):
        """Change some fields of an address configuration, by sid or address, out of band (``auto_creation``
        merged; a null value removes a key); None when there is no such configuration."""
        return self._patch("addresses", key, changes)

    def delete_address(self, key):
        """Delete an address configuration by sid or address; False when there is none."""
        return self._apis["addresses"].store.delete(key)

    # TaskRouter, out of band: put_KIND adds or replaces an item (API shape, ``sid`` optional; a nested item names its
    # ``workspace_sid``; only the shape is checked), patch_KIND changes some fields (None when there is no such item),
    # delete_KIND deletes one (False when there is none; a workspace takes its contents with it). No rule of the API
    # applies: a test can make states the API refuses (a dangling reference, a deleted default activity).

    def put_workspace(self, workspace):
        return self._put("workspaces", workspace)[0]

    def patch_workspace(self, sid, changes):
        return self._patch("workspaces", sid, changes)

    def delete_workspace(self, sid):
        return self._apis["workspaces"].store.delete(sid)

    def put_activity(self, activity):
        return self._put("activities", activity)[0]

    def patch_activity(self, sid, changes):
        return self._patch("activities", sid, changes)

    def delete_activity(self, sid):
        return self._apis["activities"].store.delete(sid)

    def put_task_channel(self, task_channel):
        return self._put("task_channels", task_channel)[0]

    def patch_task_channel(self, sid, changes):
        return self._patch("task_channels", sid, changes)

    def delete_task_channel(self, sid):
        return self._apis["task_channels"].store.delete(sid)

    def put_task_queue(self, task_queue):
        return self._put("task_queues", task_queue)[0]

    def patch_task_queue(self, sid, changes):
        return self._patch("task_queues", sid, changes)

    def delete_task_queue(self, sid):
        return self._apis["task_queues"].store.delete(sid)

    def put_workflow(self, workflow):
        """A workflow's ``configuration`` is a string, stored as given (no re-serialising out of band)."""
        return self._put("workflows", workflow)[0]

    def patch_workflow(self, sid, changes):
        return self._patch("workflows", sid, changes)

    def delete_workflow(self, sid):
        return self._apis["workflows"].store.delete(sid)

    def seed_taskrouter_workspace(self, friendly_name=FLEX_WORKSPACE, sid=None):
        """Add a workspace holding Flex's defaults (activities Offline, Available, Unavailable, Break, Offline being its
        default and timeout activity; task channels default, voice, chat, sms, video, email; the task queue Everyone; the
        workflow Assign to Anyone), as a new Flex account has it; returns its sid. Not logged."""
        return self._seed_taskrouter_workspace({"friendly_name": friendly_name, "sid": sid})["sid"]

    def _seed_taskrouter_workspace(self, data):
        if not isinstance(data, dict) or set(data) - {"friendly_name", "sid"}:
            raise ValueError("a TaskRouter workspace seed takes a JSON object with friendly_name and sid, both optional")
        workspace = {"friendly_name": FLEX_WORKSPACE if data.get("friendly_name") is None else data["friendly_name"]}
        if data.get("sid") is not None:
            workspace["sid"] = data["sid"]
        store = self._apis["workspaces"].store
        with store.lock:
            if workspace.get("sid") in self.workspaces:
                raise ValueError(f"workspace {workspace['sid']} already exists")
            stored, _created = store.put(workspace)
            flex_defaults(stored, store.world)
            store.put(stored)
        return self._apis["workspaces"].render(store.fetch(stored["sid"]), self._url_base())

    def reset(self, seed=None):
        """Back to a fresh emulator: flows and addresses from ``seed`` (default: the seed given at construction),
        no faults, empty log. A list or mapping leaves what it does not give empty; a bad seed changes nothing."""
        self._apply_seed(self._initial_seed if seed is None else seed)
        self._cap_pages(None)
        self.clear_faults()
        self.clear_log()

    def _apply_seed(self, seed):
        loaded = load_seed(seed)
        # Every list is checked before any store changes.
        prepared = {collection: api.store.prepare(loaded[collection]) for collection, api in self._apis.items()}
        for collection, api in self._apis.items():
            api.store.replace(prepared[collection])

    # -- request handling (called from handler threads) --------------------------------------

    def _authenticate(self, authorization):
        """(username or None, whether the credentials are accepted). The password is never kept."""
        if not authorization or not authorization.lower().startswith("basic "):
            return None, False
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, False
        username, _colon, password = decoded.partition(":")
        accepted = [(self.account_sid, self._auth_token)]
        if self.api_key:
            accepted.append((self.api_key, self._api_secret))
        ok = False
        for known_user, known_password in accepted:
            same_user = hmac.compare_digest(username.encode(), known_user.encode())
            same_password = hmac.compare_digest(password.encode(), known_password.encode())
            ok = ok or (same_user and same_password)
        return username, ok

    def answer_api(self, method, path, query, form, authorization, host=None):
        """The answer to one API request, after faults; records it in the request log (with the Host header it came with)."""
        username, authenticated = self._authenticate(authorization)
        fault = self._faults.take(method, path)
        kind = fault.kind if fault else None
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if kind == "drop":
            answer = Answer(None, {}, b"", kind)
        elif kind in ANSWERING_KINDS:
            answer = Answer(*fault_answer(fault), fault=kind)
        elif kind in PAGE_LINK_KINDS:
            answer = self._answer_resource(method, path, query, form, authenticated, page_link_fault=fault)
            answer.fault = kind
        else:
            answer = self._answer_resource(method, path, query, form, authenticated)
            answer.fault = kind
        # Recorded before the answer is sent, so a client that saw the answer also sees the entry.
        self._record(
            {"method": method, "host": host, "path": path, "query": query, "form": form, "auth_user": username, "status": answer.status, "fault": kind}
        )
        return answer

    def _answer_resource(self, method, path, query, form, authenticated, page_link_fault=None):
        try:
            if not authenticated:
                raise authenticate()
            api = next((api for api in self._apis.values() if api.serves(path)), None)
            if api is None:
                raise not_found(path)
            status, payload = api.handle(method, path, query, form, self._url_base())
            if page_link_fault is not None:
                payload = with_page_link(payload, page_link_fault.kind, page_link_fault.location)
        except TwilioApiError as error:
            return Answer(error.status, {"Content-Type": "application/json", **error.headers}, json.dumps(error.body()).encode())
        if payload is None:
            return Answer(status, {}, b"")
        return Answer(status, {"Content-Type": "application/json"}, json.dumps(payload).encode())

    def _record(self, entry):
        line = json.dumps(entry)
        with self._log_lock:
            self._log.append(entry)
            if self.log_file:
                with open(self.log_file, "a", encoding="utf-8") as log_file:
                    log_file.write(line + "\n")

    def answer_admin(self, method, path, body):
        """(status, JSON-ready payload or None) for the unauthenticated /_emulator endpoints."""
        try:
            data = json.loads(body) if body.strip() else None
        except ValueError:
            return 400, {"error": "the body is not JSON"}
        route = path.split(ADMIN_PREFIX, 1)[1].rstrip("/")
        try:
            if route in self._ADMIN_ROUTES:
                answer = self._ADMIN_ROUTES[route].get(method)
                return (405, {"error": f"{method} is not allowed on {path}"}) if answer is None else answer(self, data)
            if route.lstrip("/") in self._apis:
                return self._answer_admin_collection(method, route.lstrip("/"), data)
            if route.count("/") == 2 and route.split("/")[1] in self._apis:
                _empty, collection, segment = route.split("/")
                # The path segment as sent: a sid, or a percent-encoded address.
                return self._answer_admin_item(method, collection, unquote(segment), data)
            return 404, {"error": f"no emulator endpoint {path}"}
        except (ValueError, TypeError) as error:
            return 400, {"error": str(error)}

    def _admin_configure(self, data):
        if not isinstance(data, dict) or set(data) - set(self.config):
            raise ValueError("config takes a JSON object with the keys " + ", ".join(sorted(self.config)))
        return 200, self.configure(**dict(self.config, **data))

    def _admin_reset(self, data):
        # No body: the initial seed; a body: a seed like the constructor's (a list means flows).
        self.reset(data)
        return 200, {collection: list(self._rendered(collection).values()) for collection in self._apis}

    # route -> method -> (emulator, JSON body) -> (status, payload); clear_log and clear_faults return None, the empty body of a 204.
    _ADMIN_ROUTES = {
        "/log": {"GET": lambda self, _data: (200, self.request_log), "DELETE": lambda self, _data: (204, self.clear_log())},
        "/faults": {
            "GET": lambda self, _data: (200, self.faults),
            "POST": lambda self, data: (201, self._faults.add(Fault.from_mapping(data)).as_dict()),
            "DELETE": lambda self, _data: (204, self.clear_faults()),
        },
        "/config": {"GET": lambda self, _data: (200, self.config), "PATCH": _admin_configure},
        "/reset": {"POST": _admin_reset},
        "/taskrouter_workspace": {"POST": lambda self, data: (201, self._seed_taskrouter_workspace(data or {}))},
    }

    def _answer_admin_collection(self, method, collection, data):
        if method == "GET":
            return 200, list(self._rendered(collection).values())
        if method == "POST":
            item, created = self._put(collection, data)
            return (201 if created else 200), item
        return 405, {"error": f"{method} is not allowed on {ADMIN_PREFIX}/{collection}"}

    def _answer_admin_item(self, method, collection, key, data):
        api = self._apis[collection]
        noun = api.store.noun
        if method == "GET":
            item = api.store.fetch(key)
        elif method == "PATCH":
            item = api.store.patch(key, data)
        elif method == "DELETE":
            return (204, None) if api.store.delete(key) else (404, {"error": f"no {noun} {key}"})
        else:
            return 405, {"error": f"{method} is not allowed on a {noun}"}
        if item is None:
            return 404, {"error": f"no {noun} {key}"}
        return 200, api.render(item, self._url_base())


class _EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when many clients connect at once.
    request_queue_size = 128

    def __init__(self, address, emulator, ssl_context):
        self.emulator = emulator
        self.ssl_context = ssl_context
        self._connections = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's FQDN, which can stall without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        connection, client_address = super().get_request()
        if self.ssl_context is not None:
            # The handshake happens in the request's own thread, so a slow client blocks nobody.
            connection = self.ssl_context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, client_address

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self):
        """Close idle keep-alive connections, whose threads would otherwise wait for a next request."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        # A client that goes away (or rejects the certificate) is normal here, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FlexEmulator"
    sys_version = ""

    def handle(self):
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                return
        super().handle()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the request log (and --log-file) records requests, without credentials."""

    def _dispatch(self):
        """Answer the request, whatever its method (BaseHTTPRequestHandler calls do_METHOD, with the method in ``command``)."""
        method = self.command
        parts = urlsplit(self.path)
        body = self._read_body()
        emulator = self.server.emulator
        if parts.path == ADMIN_PREFIX or parts.path.startswith(ADMIN_PREFIX + "/"):
            status, payload = emulator.answer_admin(method, parts.path, body)
            headers = {} if payload is None else {"Content-Type": "application/json"}
            self._write(status, headers, b"" if payload is None else json.dumps(payload).encode())
            return
        query = _single_values(parse_qs(parts.query, keep_blank_values=True))
        form = {}
        content_type = self.headers.get("Content-Type", FORM_CONTENT_TYPE).split(";")[0].strip().lower()
        # Twilio reads parameters from a form body only (a JSON body carries none).
        if body and content_type == FORM_CONTENT_TYPE:
            # A repeated key (AutoCreation.WebhookFilters) arrives as a list of its values; a single one as a string.
            form = form_from_pairs(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        answer = emulator.answer_api(method, parts.path, query, form, self.headers.get("Authorization"), self.headers.get("Host"))
        if answer.fault == "drop":
            self.close_connection = True
            return
        self._write(answer.status, answer.headers, answer.body, cut=answer.fault == "drop_mid_response")

    # The names BaseHTTPRequestHandler looks up.
    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _dispatch

    def _read_body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
            self.close_connection = True
        return self.rfile.read(length) if length > 0 else b""

    def _write(self, status, headers, body, cut=False):
        """Send a whole response; with ``cut``, only its first part, then close (the client sees a broken answer)."""
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP/1.1 {status} {reason}", f"Server: {self.server_version}", f"Date: {self.date_time_string()}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if status != 204:
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if not cut:
            self.wfile.write(head + (b"" if status == 204 else body))
            return
        # Half the body; with no body, cut inside the status line, as a complete header block would
        # already be a whole (bodiless) answer.
        self.wfile.write(head + body[: len(body) // 2] if body else head[: len("HTTP/1.1 2")])
        self.wfile.flush()
        self.close_connection = True
