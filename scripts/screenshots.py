"""Screenshots of the built site at desktop and phone width, for a reviewer's eye (not a test).

    .venv/bin/python scripts/screenshots.py [--site site] [--out screenshots] [PATH ...]

Each PATH (default: the pages a closing note shows; "#map" is the home page scrolled to its map) is taken in every language at 1,280 px and
360 px, full page, into OUT/<name>-<lang>-<width>.png. The browser is the tests' (PLANSITE_BROWSER).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, browser_choice, serve_dir  # noqa: E402

PAGES = ["", "#map", "provinces/quang-ngai/2025/", "matrix/?theme=domestic-violence", "search/?q=%22bao+luc+gia+dinh%22", "data/"]
WIDTHS = {"desktop": (1280, 900), "phone": (360, 780)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=str(ROOT / "site"))
    ap.add_argument("--out", default=str(ROOT / "screenshots"))
    ap.add_argument("--langs", default=",en/")
    ap.add_argument("--full", action="store_true", help="whole page, not the first screens")
    ap.add_argument("paths", nargs="*", default=PAGES)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    url, httpd = serve_dir(Path(args.site))
    options, _ = browser_choice()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(args=CHROMIUM_ARGS, **options)
            for kind, (w, h) in WIDTHS.items():
                ctx = browser.new_context(viewport={"width": w, "height": h}, is_mobile=kind == "phone")
                page = ctx.new_page()
                for lang in args.langs.split(","):
                    for path in args.paths:
                        page.goto(url + lang + path)
                        page.wait_for_load_state("networkidle")
                        name = re.sub(r"[^a-z0-9]+", "-", ("home" + path if path.startswith("#") else path or "home").lower()).strip("-")
                        target = out / f"{name}-{lang.strip('/') or 'vi'}-{kind}.png"
                        if args.full:
                            page.screenshot(path=str(target), full_page=True)
                        else:
                            page.set_viewport_size({"width": w, "height": h * 2})
                            page.screenshot(path=str(target))
                            page.set_viewport_size({"width": w, "height": h})
                        print(target)
                ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
