"""The course works with the network switched off.

tests/offline/sitecustomize.py refuses every connection but loopback in any Python
process that has its folder first on PYTHONPATH; notebooks/conftest.py puts it
there for the kernels nbval starts. These tests check the switch itself, that
the default loaders work behind it, that the online loaders fail with a clear
message behind it, and that a kernel started as nbval starts one is behind it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = ROOT / "tests" / "offline"


def _run_offline(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(OFFLINE), "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300, check=False)


def test_the_switch_refuses_the_network_and_keeps_loopback(tmp_path):
    done = _run_offline("""
        import socket, urllib.request, urllib.error
        for address in [("192.0.2.1", 80), ("2001:db8::1", 443), ("example.org", 443)]:
            family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
            try:
                socket.socket(family).connect(address)
            except OSError as error:
                assert "network switched off" in str(error), error
            else:
                raise SystemExit(f"connected to {address}")
        try:
            urllib.request.urlopen("http://192.0.2.1/", timeout=5)
        except urllib.error.URLError as error:
            assert "network switched off" in str(error.reason), error
        server = socket.create_server(("127.0.0.1", 0))
        client = socket.create_connection(server.getsockname(), timeout=5)
        client.close(); server.close()
        print("ok")
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_default_data_load_offline(tmp_path):
    done = _run_offline("""
        from helpers import data, embeddings, faces, text
        assert data.load_images("digits").x_train.shape[1] == 64
        assert len(data.make_manifold("swiss_roll", n=100)[0]) == 100
        assert faces.load_faces().x_train.shape[1] == 576
        assert len(text.load_reviews().train) > 0
        assert len(embeddings.load_vader_lexicon()) > 1000
        print("ok")
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_an_online_loader_fails_clearly_and_keeps_nothing(tmp_path):
    done = _run_offline(f"""
        from pathlib import Path
        from helpers import data
        try:
            data.load_images("mnist", cache_dir={str(tmp_path / 'cache')!r})
        except data.DownloadError as error:
            print(error)
        else:
            raise SystemExit("mnist loaded without a network")
        print(sorted(p.name for p in Path({str(tmp_path / 'cache')!r}).rglob("*") if p.is_file()))
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    message, leftovers = done.stdout.strip().splitlines()[-2:]
    # the cause is the switch, or a failed name lookup first on a machine without DNS
    assert message.startswith("could not download") and "DATASET = 'digits'" in message, message
    assert leftovers == "[]", f"a failed download left files behind: {leftovers}"


@pytest.mark.integration
def test_nbval_kernels_run_offline(tmp_path, monkeypatch):
    """Load notebooks/conftest.py as pytest does, then start a kernel as nbval does."""
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", "")
    spec = importlib.util.spec_from_file_location("notebooks_conftest", ROOT / "notebooks" / "conftest.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(OFFLINE)

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import socket\n"
        "try:\n"
        "    socket.socket().connect(('192.0.2.1', 80))\n"
        "except OSError as error:\n"
        "    print(error)\n")])
    NotebookClient(nb, kernel_name="python3", timeout=60,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "network switched off" in printed, printed


@pytest.mark.parametrize("address", [("127.0.0.1", 1), ("::1", 1), ("localhost", 1), "/tmp/a.sock"])
def test_loopback_and_local_addresses_are_allowed(address):
    original = socket.socket.connect, socket.socket.connect_ex
    spec = importlib.util.spec_from_file_location("offline_switch", OFFLINE / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # patches this process's sockets until the finally below
        assert not module._refused(address)
        assert module._refused(("10.0.0.1", 80)) and module._refused(("pypi.org", 443))
    finally:
        socket.socket.connect, socket.socket.connect_ex = original
