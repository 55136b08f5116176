"""Serve: live preview on localhost. Rebuilds when content/, templates/ or site_config.yml change."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from .build import ROOT, build


def _snapshot(paths: list[Path]) -> dict:
    state = {}
    for root in paths:
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for f in files:
            try:
                state[str(f)] = f.stat().st_mtime_ns
            except OSError:
                pass
    return state


def serve(content: Path, out: Path, port: int = 8000, interval: float = 1.0, cache=None) -> int:
    """Every rebuild goes through the build cache: only what a change touches is analysed and rendered again."""
    watched = [content, ROOT / "templates", ROOT / "site_config.yml"]
    if build(content, out, cache=cache) != 0:
        print("plansite: preview not started: fix the errors above", flush=True)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out.resolve()))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"plansite: serving {out} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
    state = _snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = _snapshot(watched)
            if now != state:
                state = now
                started = time.perf_counter()
                # A failed rebuild keeps the previous preview; the errors are printed.
                if build(content, out, cache=cache) == 0:
                    print(f"plansite: rebuilt in {time.perf_counter() - started:.1f} s", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
    return 0
