"""web/nginx.conf (the docker-compose setup) with a real nginx in front of the fake Rasa:
the widget uses the same origin (data-server-url=""), nginx forwards /socket.io/ with the
WebSocket upgrade. Needs Debian's nginx (`bash scripts/ensure_tools.sh nginx`, run by
`make test-browser` and `make test-live`); without it the test is skipped, and fails when
CI=true.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_rasa import GREETING, FakeRasa
from widget_helpers import WEB, make_chat

from tests.conftest import require_service

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def nginx(tmp_path: Path, fake: FakeRasa) -> Iterator[str]:
    if not NGINX:
        require_service("nginx is not installed (bash scripts/ensure_tools.sh nginx)")
    port = free_port()
    site = (WEB / "nginx.conf").read_text()
    site = site.replace("server lb:5005;", f"server 127.0.0.1:{fake.port};")
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", site)
    site = site.replace("listen [::]:80;", "")
    site = site.replace("root /usr/share/nginx/html;", f"root {WEB};")
    site = site.replace("/dev/stdout", str(tmp_path / "access.log"))
    site = site.replace("/dev/stderr", str(tmp_path / "error.log"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    conf = str(tmp_path / "nginx.conf")
    check = subprocess.run(
        [NGINX, "-t", "-c", conf, "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", conf, "-p", str(tmp_path)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"nginx did not start: {(tmp_path / 'error.log').read_text()}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def test_widget_through_nginx_on_the_same_origin(
    nginx: str, new_context: Any, fake: FakeRasa
) -> None:
    with urllib.request.urlopen(nginx + "/") as resp:
        headers = resp.headers
        page = resp.read().decode()
    assert "connect-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert 'data-server-url=""' in page
    for blocked in ("/serve.py", "/package.json", "/node_modules/", "/nginx.conf"):
        try:
            urllib.request.urlopen(nginx + blocked)
            raise AssertionError(f"{blocked} was served")
        except urllib.error.HTTPError as err:
            assert err.code == 404

    chat = make_chat(new_context().new_page(), nginx)
    chat.goto()
    chat.open()
    chat.ask("hallo", GREETING)
    host = nginx.split("//", 1)[1]
    assert chat.websockets and all(u.startswith(f"ws://{host}/socket.io/") for u in chat.websockets)
    assert chat.origins() == {host}
    assert chat.page_errors == []
    assert [m for m in chat.console if "Content Security Policy" in m] == []
