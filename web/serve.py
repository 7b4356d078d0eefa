"""Small static server for the Lotse demo page and widget (Python standard library only).

    python web/serve.py --port 8080 --rasa-url http://localhost:5005

Serves the files under web/ (nothing else: no node_modules, no sources, no dotfiles) with a
strict Content-Security-Policy that allows connections only to this origin and to the Rasa
server, and writes the Rasa URL into the ``data-server-url`` attribute of every HTML page it
serves, so the URL is set in one place (``make run`` passes ``RASA_URL`` from ``.env``).
``--rasa-url ""`` means "same origin" (a reverse proxy forwards /socket.io/ to Rasa).

Sets no cookies. Stops cleanly on SIGTERM and SIGINT. ``GET /healthz`` answers ``ok``.
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import signal
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

WEB_ROOT = Path(__file__).resolve().parent

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".license": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}

# First path segments that are never served (build tooling, sources, dependencies).
BLOCKED_TOP_LEVEL = {"node_modules", "scripts"}

SERVER_URL_ATTR = re.compile(r'data-server-url="[^"]*"')

_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(?::\d{1,5})?/?$")


def normalise_rasa_url(raw: str) -> str:
    """Return ``scheme://host[:port]`` or ``""`` (same origin). Raises ValueError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if not _SAFE_URL.match(raw):
        raise ValueError(
            f"--rasa-url must look like http://host:port or https://host (no path), got {raw!r}"
        )
    parts = urlsplit(raw)
    return f"{parts.scheme}://{parts.netloc}"


def websocket_url(http_url: str) -> str:
    """http://h:p -> ws://h:p, https://h -> wss://h."""
    if http_url.startswith("https://"):
        return "wss://" + http_url[len("https://") :]
    return "ws://" + http_url[len("http://") :]


def content_security_policy(rasa_url: str) -> str:
    connect = ["'self'"]
    if rasa_url:
        connect += [rasa_url, websocket_url(rasa_url)]
    return "; ".join(
        [
            "default-src 'self'",
            "connect-src " + " ".join(connect),
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "frame-ancestors 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "form-action 'self'",
        ]
    )


def security_headers(rasa_url: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }


def inject_server_url(page: str, rasa_url: str) -> str:
    """Point every widget tag in ``page`` at ``rasa_url`` (attribute-escaped)."""
    value = html.escape(rasa_url, quote=True)
    return SERVER_URL_ATTR.sub(f'data-server-url="{value}"', page)


def resolve_file(root: Path, url_path: str) -> Path | None:
    """Map a request path to a servable file below ``root`` or return None."""
    path = unquote(urlsplit(url_path).path)
    if "\x00" in path or "\\" in path:
        return None
    if path.endswith("/"):
        path += "index.html"
    norm = posixpath.normpath(path)
    parts = [p for p in norm.split("/") if p]
    if not parts or any(p in ("..", ".") or p.startswith(".") for p in parts):
        return None
    if parts[0] in BLOCKED_TOP_LEVEL:
        return None
    suffix = posixpath.splitext(parts[-1])[1].lower()
    if suffix not in CONTENT_TYPES:
        return None
    candidate = root.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    if not resolved.is_file() or not resolved.is_relative_to(root.resolve()):
        return None
    return resolved


class LotseHandler(BaseHTTPRequestHandler):
    server_version = "lotse-web"
    protocol_version = "HTTP/1.1"

    # set on the server object by create_server()
    @property
    def _cfg(self) -> LotseServer:
        return self.server  # type: ignore[return-value]

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _method_not_allowed(self) -> None:
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            b"Method Not Allowed\n",
            "text/plain",
            True,
            {"Allow": "GET, HEAD"},
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed

    def _respond(self, send_body: bool) -> None:
        if urlsplit(self.path).path == "/healthz":
            self._send(HTTPStatus.OK, b"ok\n", CONTENT_TYPES[".txt"], send_body)
            return
        file = resolve_file(self._cfg.root, self.path)
        if file is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not Found\n", CONTENT_TYPES[".txt"], send_body)
            return
        suffix = file.suffix.lower()
        body = file.read_bytes()
        if suffix == ".html":
            body = inject_server_url(body.decode("utf-8"), self._cfg.rasa_url).encode("utf-8")
        self._send(HTTPStatus.OK, body, CONTENT_TYPES[suffix], send_body)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        send_body: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in {**self._cfg.response_headers, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if not self._cfg.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class LotseServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], root: Path, rasa_url: str, quiet: bool = False
    ) -> None:
        super().__init__(address, LotseHandler)
        self.root = root
        self.rasa_url = rasa_url
        self.quiet = quiet
        self.response_headers = security_headers(rasa_url)


def create_server(
    host: str = "127.0.0.1",
    port: int = 8080,
    rasa_url: str = "http://localhost:5005",
    root: Path = WEB_ROOT,
    quiet: bool = False,
) -> LotseServer:
    """Build (and bind) the server; call ``serve_forever()`` on it. Port 0 picks a free port."""
    return LotseServer((host, port), root, normalise_rasa_url(rasa_url), quiet=quiet)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get("RASA_URL", "http://localhost:5005"),
        help="Rasa server for the widget (default: $RASA_URL or http://localhost:5005); "
        '"" means same origin (a proxy forwards /socket.io/)',
    )
    parser.add_argument("--quiet", action="store_true", help="no access log")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        httpd = create_server(args.host, args.port, args.rasa_url, quiet=args.quiet)
    except ValueError as exc:
        print(f"serve.py: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"serve.py: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    def stop(signum: int, _frame: object) -> None:
        # shutdown() waits for serve_forever() to return, so it must run in another thread
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    host, port = httpd.server_address[:2]
    print(
        f"Lotse web: serving {httpd.root} on http://{host}:{port}/ "
        f"(Rasa: {httpd.rasa_url or 'same origin'})",
        flush=True,
    )
    try:
        httpd.serve_forever(poll_interval=0.25)
    finally:
        httpd.server_close()
    print("Lotse web: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
