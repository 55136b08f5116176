from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def registry():
    from generator.registry import load_registry
    reg, errors = load_registry(CONTENT)
    assert not errors, "\n".join(e.format() for e in errors)
    return reg


@pytest.fixture(scope="session")
def load_plan(registry):
    """Load one real plan by key (`province/plan-id`), failing with its validation errors."""
    from generator.validate import check_file
    cache = {}

    def load(key: str):
        if key not in cache:
            path = CONTENT / "plans" / f"{key}.yml"
            assert path.is_file(), f"no plan file {path}"
            plan, diags = check_file(path, CONTENT, registry, rel=str(path.relative_to(ROOT)))
            errors = [d.format() for d in diags if d.severity == "error"]
            assert plan is not None and not errors, "\n".join(errors)
            cache[key] = plan
        return cache[key]
    return load


@pytest.fixture(scope="session")
def corpus(registry):
    """All real plans, validated."""
    from generator.validate import load_plans
    plans, reg, diags = load_plans(CONTENT)
    errors = [d.format() for d in diags if d.severity == "error"]
    assert not errors, "\n".join(errors)
    return plans, reg


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once from content/ into a temporary folder."""
    from generator.build import build
    out = tmp_path_factory.mktemp("site") / "site"
    work = tmp_path_factory.mktemp("work")
    assert build(CONTENT, out, work=work) == 0
    return out


def serve_dir(directory):
    """Serve a folder on a free loopback port; returns (base_url, server)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Handler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


@pytest.fixture(scope="session")
def site_url(built_site):
    url, httpd = serve_dir(built_site)
    yield url
    httpd.shutdown()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh browser context (test_compare_pages.py has its own `page` helper)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


@pytest.fixture
def page_errors():
    """Collects console errors, page errors and failed requests of a Playwright page."""
    def attach(page):
        errors = []
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: errors.append(f"requestfailed: {r.url}"))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        return errors
    return attach
