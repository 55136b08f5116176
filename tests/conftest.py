import shutil
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
def views():
    """Each language's View over the real content: what the page families turn into pages."""
    from generator.analysis import analyse
    from generator.build import languages_of, load_config
    from generator.corpus import load_corpus
    from generator.i18n import load_labels
    from generator.render import Renderer
    from generator.views import View
    config = load_config()
    corpus = load_corpus(CONTENT)
    languages = languages_of(config, load_labels()[0], corpus.registry)
    analysis = analyse(corpus, config)
    return {code: View(analysis, corpus, config, Renderer(lang), languages) for code, lang in languages.items()}


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
BROWSER_ENV = "PLANSITE_BROWSER"
DEFAULT_BROWSER = "/usr/bin/chromium"  # Debian's chromium; `make test` installs it when run as root


def browser_choice():
    """The browser the tests launch, from PLANSITE_BROWSER: (Playwright launch options, how to get it).

    Unset or a path -> that executable (default /usr/bin/chromium); `playwright` -> Playwright's own
    downloaded Chromium; `chrome` -> the installed Google Chrome. A missing browser fails the tests,
    never skips them (CI refuses skips).
    """
    import os
    import shutil
    choice = os.environ.get(BROWSER_ENV, "").strip() or DEFAULT_BROWSER
    if choice == "playwright":
        return {}, f"{BROWSER_ENV}=playwright needs Playwright's Chromium: .venv/bin/python -m playwright install chromium"
    if choice == "chrome":
        return {"channel": "chrome"}, f"{BROWSER_ENV}=chrome needs Google Chrome installed (/opt/google/chrome/chrome)"
    path = os.path.expanduser(choice) if "/" in choice or choice.startswith("~") else shutil.which(choice)
    if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
        get = ("run `make test` as root, or: sudo apt-get install -y chromium" if choice == DEFAULT_BROWSER
               else "set it to a browser's path, to playwright or chrome, or unset it for /usr/bin/chromium")
        pytest.fail(f"{BROWSER_ENV}={choice}: no such executable; {get}", pytrace=False)
    return {"executable_path": path}, f"{BROWSER_ENV}={choice} did not start"


@pytest.fixture(scope="session")
def browser():
    """One browser for the session, chosen by PLANSITE_BROWSER (see `browser_choice`)."""
    from playwright.sync_api import Error, sync_playwright
    options, hint = browser_choice()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(args=CHROMIUM_ARGS, **options)
        except Error as e:
            failure = f"{hint}\n{e.message.strip()}"
        else:
            failure = None
        if failure:  # failed outside the except: only our message, not Playwright's traceback too
            pytest.fail(failure, pytrace=False)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh browser context (test_compare_pages.py has its own `page` helper)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    yield pg
    ctx.close()


PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}  # the narrowest phone we hold to


@pytest.fixture
def phone_page(browser):
    """A page as a 360 px phone shows it, in a fresh browser context closed after the test."""
    ctx = browser.new_context(**PHONE)
    yield ctx.new_page()
    ctx.close()


def sideways(page) -> int:
    """How many pixels the page itself is wider than the window (a page never scrolls sideways: <= 1)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


@pytest.fixture
def page_errors():
    """Collects console errors, page errors and failed requests of a Playwright page."""
    def attach(page):
        errors = []
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        # a request the page's own navigation cancelled (a favicon when a link is followed) is not a failure
        page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else errors.append(f"requestfailed: {r.url}"))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        return errors
    return attach


@pytest.fixture()
def content_copy(tmp_path):
    """A throw-away content tree for `plansite import`: registries and sources, no plans (a test adds them)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "registry", root / "registry")
    shutil.copytree(CONTENT / "sources", root / "sources")
    (root / "plans").mkdir()
    return root
