"""web/serve.py without a browser: headers, URL injection, what is (not) served, shutdown.

Not marked `browser`: these run in the ordinary unit test run.
"""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVE_PY = ROOT / "web" / "serve.py"


def load_serve() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lotse_web_serve", SERVE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


serve = load_serve()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = serve.create_server(port=0, rasa_url="http://localhost:5005", quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_index_has_security_headers_and_the_rasa_url(server: str) -> None:
    status, headers, body = fetch(server + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005;" in csp
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in headers
    page = body.decode("utf-8")
    assert 'data-server-url="http://localhost:5005"' in page
    assert 'lang="de"' in page


def test_errors_carry_the_headers_too(server: str) -> None:
    status, headers, _ = fetch(server + "/nope.html")
    assert status == 404
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers
    status, headers, _ = fetch(server + "/", method="POST")
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    [
        "/widget/lotse-widget.js",
        "/widget/lotse-widget.css",
        "/widget/vendor/socket.io.min.js",
        "/widget/vendor/socket.io-client.LICENSE",
        "/assets/demo.css",
        "/healthz",
    ],
)
def test_serves_the_widget(server: str, path: str) -> None:
    status, _, body = fetch(server + path)
    assert status == 200 and body


@pytest.mark.parametrize(
    "path",
    [
        "/serve.py",
        "/package.json",
        "/package-lock.json",
        "/nginx.conf",
        "/node_modules/socket.io-client/package.json",
        "/scripts/vendor.mjs",
        "/.gitignore",
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/widget/",
        "/widget/..%2f..%2fpyproject.toml",
    ],
)
def test_serves_nothing_else(server: str, path: str) -> None:
    status, _, _ = fetch(server + path)
    assert status == 404


def test_same_origin_mode() -> None:
    assert serve.normalise_rasa_url("") == ""
    assert "connect-src 'self';" in serve.content_security_policy("")
    assert serve.inject_server_url('<script data-server-url="x">', "") == (
        '<script data-server-url="">'
    )


def test_https_rasa_url_allows_wss() -> None:
    csp = serve.content_security_policy(serve.normalise_rasa_url("https://bot.example.org/"))
    assert "connect-src 'self' https://bot.example.org wss://bot.example.org;" in csp


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "http://x\r\nSet-Cookie: a=b",
        'http://x" onload="y',
        "ftp://host",
        "http://host/path",
    ],
)
def test_rejects_unsafe_rasa_urls(bad: str) -> None:
    with pytest.raises(ValueError):
        serve.normalise_rasa_url(bad)


def test_command_line_and_sigterm(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(SERVE_PY), "--port", "0", "--rasa-url", "http://127.0.0.1:5105"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "Rasa: http://127.0.0.1:5105" in first
        url = first.split(" on ", 1)[1].split("/ ", 1)[0]
        status, headers, _ = fetch(url + "/")
        assert status == 200
        assert "ws://127.0.0.1:5105" in headers["Content-Security-Policy"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        assert "stopped" in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_bad_rasa_url_exits_with_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, str(SERVE_PY), "--port", "0", "--rasa-url", "javascript:x"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "--rasa-url" in result.stderr


def test_vendored_files_match_package_json() -> None:
    """widget/vendor and tests/browser/vendor hold the versions pinned in web/package.json
    (refresh with `cd web && npm ci && npm run vendor`)."""
    import json

    pinned = json.loads((ROOT / "web" / "package.json").read_text())["devDependencies"]
    socket_io = (ROOT / "web" / "widget" / "vendor" / "socket.io.min.js").read_text()
    assert f"Socket.IO v{pinned['socket.io-client']}\n" in socket_io[:200]
    assert "sourceMappingURL" not in socket_io  # no request for a .map that is not shipped
    axe = (ROOT / "tests" / "browser" / "vendor" / "axe.min.js").read_text()
    assert axe.startswith(f"/*! axe v{pinned['axe-core']}\n")
    for versions, package in (
        (ROOT / "web" / "widget" / "vendor" / "VERSIONS.txt", "socket.io-client"),
        (ROOT / "tests" / "browser" / "vendor" / "VERSIONS.txt", "axe-core"),
    ):
        assert f"{package}@{pinned[package]}" in versions.read_text()
        assert (versions.parent / f"{package}.LICENSE").exists()
