"""Measure our search index against Pagefind on Vietnamese, at the real site (9 plans) and a synthetic
corpus of 1,300 plans, and write bench/search-results.md.

    .venv/bin/python bench/search.py [--synth bench/out/synth-1300] [--synth-site bench/out/n1300/ours/site]
                                     [--work /tmp/plansite-search-bench] [--out bench/search-results.md]
                                     [--only real|synth] [--reuse-pagefind]

What is measured, for each engine and corpus:
- diacritics folding: what each query finds (results counted; ours: tasks + pages, Pagefind: pages);
- payload: every byte the browser fetched for the search (script + index + the first 20 results'
  passages), raw and gzip (level 6, as a static host serves text), cold cache;
- index size on disk (both languages) and build time of the index alone;
- query time in Chromium (Playwright, the real page): from submitting the query to 20 hits drawn, cold
  (fresh browser context) and warm (the same query again).

Ours at 1,300 plans: the index is made by the same functions the build uses (generator/views/search.py),
over the synthetic corpus' plans (the page index over the plan pages, which are nearly all its bytes),
and served behind the real site's search page. Pagefind at 1,300 plans indexes an HTML site built from
the same corpus (`--synth-site`, e.g. bench/run.py's build; built here if missing).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ['"bao luc gia dinh"', "bao luc gia dinh", "bạo lực gia đình", "bao luc", "bạo lực", "dak nong", "Đắk Nông", "noi vu"]
PAYLOAD_QUERIES = ['"bao luc gia dinh"', "noi vu"]
SHOWN = 20
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def tree_bytes(paths) -> tuple[int, int]:
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


# --- ours ---------------------------------------------------------------------------------------


def our_index(content: Path, out: Path | None) -> dict:
    """Make our search files for `content` as the build does, timed; written into `out` (a copy of the
    site's shell) unless None."""
    from generator.build import languages_of, load_config
    from generator.corpus import load_corpus
    from generator.i18n import load_labels
    from generator.model import plain_paragraphs
    from generator.render import Renderer
    from generator.views import File, Page, search
    from generator import urls
    config = load_config()
    corpus = load_corpus(content, sources=False)
    languages = languages_of(config, load_labels()[0], corpus.registry)
    renderers = {code: Renderer(lang) for code, lang in languages.items()}
    analysis = SimpleNamespace(plans=corpus.plans)
    t0 = time.perf_counter()
    files = [(f.path, f.data) for f in search.shared_files(SimpleNamespace(analysis=analysis, renderers=renderers))]
    for code, lang in languages.items():
        view = SimpleNamespace(analysis=analysis, language=lang, languages=languages, t=lang.t)
        names = [f for f in search.pages(view) if isinstance(f, File)]
        pages = [Page(urls.plan(p.key), "plan.html", f"{lang.province_name(p.province)} {p.plan_id}", {}, p.title,
                      search_body=" ".join(plain_paragraphs(p)), search_rank=0) for p in corpus.plans]
        files += [(lang.root + f.path, f.data) for f in names + search.index_files(search.index_docs(pages))]
    seconds = time.perf_counter() - t0
    if out is None:
        return {"build_s": seconds, "bytes": sum(len(d) for _, d in files), "files": len(files)}
    for code, lang in languages.items():  # the shell's own index goes: this corpus' takes its place
        for sub in ("t", "tasks"):
            shutil.rmtree(out / lang.root / "search" / sub, ignore_errors=True)
    for path, data in files:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    return {"build_s": seconds, "bytes": sum(len(d) for _, d in files), "files": len(files)}


# --- Pagefind -----------------------------------------------------------------------------------

BENCH_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Pagefind bench</title></head><body>
<script type="module">
const pf = await import("./pagefind/pagefind.js");
window.runQuery = async (q) => {
  const t0 = performance.now();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, %d).map((x) => x.data()));
  return {n: r.results.length, ms: performance.now() - t0,
          top: data.slice(0, 3).map((d) => [d.url, d.meta.title, d.excerpt])};
};
window.benchReady = true;
</script></body></html>
""" % SHOWN


def pagefind_index(site: Path, out: Path, reuse: bool = False) -> dict:
    """Run Pagefind over `site` into out/pagefind/, timed; with `reuse`, keep a bundle made before from
    the same site and the time it took then (out/build.json): indexing 1,300 plans takes minutes."""
    bundle, timing = out / "pagefind", out / "build.json"
    reused = reuse and timing.exists() and json.loads(timing.read_text())["site"] == str(site.resolve())
    if reused:
        seconds = json.loads(timing.read_text())["build_s"]
    else:
        shutil.rmtree(bundle, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--quiet"],
                       check=True)
        seconds = time.perf_counter() - t0
        timing.write_text(json.dumps({"site": str(site.resolve()), "build_s": seconds}))
    (out / "bench.html").write_text(BENCH_PAGE, encoding="utf-8")
    size, n = tree_bytes([bundle])
    return {"build_s": seconds, "bytes": size, "files": n, "reused": bool(reused)}


# --- the browser ---------------------------------------------------------------------------------

OUR_QUERY = """async (q) => {
  const input = document.getElementById('ps-q'), box = document.getElementById('ps-search');
  input.value = q;
  const t0 = performance.now();
  input.form.requestSubmit();
  await new Promise((done) => {
    const check = () => {
      const s = document.getElementById('ps-status').textContent;
      const drawn = document.querySelector('#ps-results li') || document.getElementById('ps-tasks').hidden;
      if (s && s !== box.dataset.loading && drawn) { done(); } else { requestAnimationFrame(check); }
    };
    check();
  });
  const ms = performance.now() - t0;
  return {ms, status: document.getElementById('ps-status').textContent,
          n: document.querySelectorAll('.ps-hits li').length,
          top: [...document.querySelectorAll('#ps-results li')].slice(0, 3).map((li) => li.innerText)};
}"""


def serve(directory: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}/", httpd


def browse(browser, url: str, query: str, engine: str) -> dict:
    """One cold query in a fresh context, then the same query warm; with every byte the search fetched."""
    ctx = browser.new_context()
    page = ctx.new_page()
    fetched = []

    def keep(response):
        u = response.url
        if ("/search/" in u and not u.endswith("/search/")) or u.endswith("search.js") or "/pagefind/" in u:
            try:
                fetched.append((u, response.body()))
            except Exception:  # a redirect or an aborted request has no body
                pass
    page.on("response", keep)
    if engine == "ours":
        page.goto(url + "search/", wait_until="networkidle")
        cold = page.evaluate(OUR_QUERY, query)
        warm = page.evaluate(OUR_QUERY, query)
    else:
        page.goto(url + "bench.html")
        page.wait_for_function("window.benchReady === true")
        cold = page.evaluate("(q) => window.runQuery(q)", query)
        warm = page.evaluate("(q) => window.runQuery(q)", query)
    ctx.close()
    files = {u: b for u, b in fetched if not u.split("?")[0].endswith("/search/index.html")}
    return {"cold_ms": cold["ms"], "warm_ms": warm["ms"], "n": cold["n"], "status": cold.get("status", ""),
            "top": cold["top"], "requests": len(files), "raw": sum(len(b) for b in files.values()),
            "gz": sum(min(len(b), gz(b)) for b in files.values())}


def measure(label: str, our_site: Path, pf_root: Path, playwright) -> dict:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    out = {}
    try:
        for engine, directory in (("ours", our_site), ("pagefind", pf_root)):
            url, httpd = serve(directory)
            try:
                out[engine] = {q: browse(browser, url, q, engine) for q in QUERIES}
            finally:
                httpd.shutdown()
    finally:
        browser.close()
    print(label, json.dumps({e: {q: {k: v for k, v in r.items() if k != "top"} for q, r in rs.items()}
                             for e, rs in out.items()}, ensure_ascii=False), flush=True)
    return out


def worst_case(site: Path, n: int = 15) -> dict | None:
    """What a query of the `n` words most tasks hold would fetch (as search.js does: each word's task
    postings and page shard, three pairs for ranking, the 20 largest plan files for the passages);
    from the files on disk, gzip."""
    base = site / "search"
    if not (base / "tasks" / "meta.json").exists():
        return None
    size = lambda f: min(f.stat().st_size, gz(f.read_bytes()))
    terms = json.loads((base / "tasks" / "meta.json").read_text(encoding="utf-8"))["terms"]
    words = sorted(terms, key=lambda w: (-terms[w], w))[:n]
    files = {base / "tasks" / "meta.json", base / "docs.json", base / "names.json", site / "assets" / "search.js"}
    for i, w in enumerate(words):
        files |= {base / "tasks" / "t" / f"{w}.json", base / "t" / f"{w[:2]}.json"}
        if i < 3:
            files.add(base / "tasks" / "b" / f"{w}.json")
    passages = sorted(size(f) for f in (base / "tasks" / "d").glob("*.json"))[-SHOWN:]
    return {"words": words, "bytes": sum(size(f) for f in files if f.exists()) + sum(passages)}


# --- the report ----------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def report(results: dict, command: str) -> str:
    lines = ["# Search: our index against Pagefind (`bench/search.py`)", "",
             f"Command: `{command}`. Machine: 2 shared CPUs; Chromium {results.get('chromium', '?')} driven by "
             "Playwright against a loopback server; one run each (other work on the machine adds noise). "
             "Payload = every byte the visitor's browser fetched for the search (script, index, and the "
             f"passages of the first {SHOWN} hits), cold cache, gzip level 6 as a static host serves text "
             "(Pagefind's own files are already compressed, so their gzip size is their size). "
             f"1-minute load average at the start and end of the run: {results['load'][0]:.1f} and "
             f"{results['load'][1]:.1f} on 2 CPUs, so times are several times what an idle machine gives; "
             "ours and Pagefind ran under the same load, one after the other.", ""]
    for label, r in results["corpora"].items():
        lines += [f"## {label}", "",
                  "| | ours | Pagefind |", "|---|---:|---:|",
                  f"| index build (the index alone) | {r['ours_index']['build_s']:.2f} s | {r['pf_index']['build_s']:.2f} s"
                  f"{' (timed when the bundle was made, `--reuse-pagefind`)' if r['pf_index'].get('reused') else ''} |",
                  f"| index on disk (both languages) | {kb(r['ours_index']['bytes'])} in {r['ours_index']['files']} files "
                  f"| {kb(r['pf_index']['bytes'])} in {r['pf_index']['files']} files |"]
        for q in PAYLOAD_QUERIES:
            o, p = r["browser"]["ours"][q], r["browser"]["pagefind"][q]
            lines += [f"| payload for `{q}` (gzip / raw, requests) | {kb(o['gz'])} / {kb(o['raw'])}, {o['requests']} "
                      f"| {kb(p['gz'])} / {kb(p['raw'])}, {p['requests']} |",
                      f"| query time in Chromium for `{q}`, cold / warm | {o['cold_ms']:.0f} / {o['warm_ms']:.0f} ms "
                      f"| {p['cold_ms']:.0f} / {p['warm_ms']:.0f} ms |"]
        lines += ["", "What each query finds (ours: the count line the page shows; Pagefind: pages found, the first,",
                  "and the words Pagefind marked in the first three excerpts):", "",
                  "| query | ours | Pagefind | Pagefind marked |", "|---|---|---|---|"]
        for q in QUERIES:
            o, p = r["browser"]["ours"][q], r["browser"]["pagefind"][q]
            first = p["top"][0][1] if p["top"] else "–"
            marked = sorted({m.strip(".,:;()").lower() for t in p["top"] for m in re.findall(r"<mark>(.*?)</mark>", t[2])})
            lines.append(f"| `{q}` | {o['status']} | {p['n']} pages (first: {first}) | {', '.join(marked) or '–'} |")
        lines.append("")
        if r.get("worst"):
            lines += [f"Worst case, modelled from the files: a query of the {len(r['worst']['words'])} words most "
                      f"tasks hold (`{' '.join(r['worst']['words'])}`) fetches {kb(r['worst']['bytes'])} gzip.", ""]
    lines += ["## Choice", "", results["choice"], ""]
    return "\n".join(lines)


CHOICE = """{verdict} Measured above, at 1,300 plans:

- **Vietnamese folding.** Ours folds diacritics and đ → d on both sides. Pagefind 1.5 (`lang="vi"`, no
  Vietnamese stemmer) strips combining marks but keeps đ as its own letter, so an unaccented query
  finds what it should only when it has no đ ({pf_fold}). A word it cannot find is dropped from
  the query instead of failing it: its hits for `dak nong` are pages with "Nông" alone, and for
  `bao luc gia dinh` pages with "gia" or "báo" (the words it marked are in the table above). Anyone
  typing without diacritics (a phone or a keyboard without Vietnamese input) misses every word with
  đ: "gia đình", "Đắk", "đẳng", "đào tạo"...
- **Phrases.** Pagefind's quoted query `"bao luc gia dinh"` finds {pf_phrase} pages; ours finds
  {ours_phrase}.
- **How ours counts a phrase.** The index finds a phrase through its pairs of neighbouring words; the
  browser confirms each hit on its passage as it shows it and drops (and uncounts) one whose pairs
  stand apart, so a count can shrink by a few as "show more" is pressed.
- **Results at the level of tasks.** Ours returns tasks with their plan, agencies, passage and anchor;
  Pagefind returns pages (a plan page holds every task; sub-results exist only under headings, and our
  tasks are list items).
- **Payload**: {ours_pl} (ours) against {pf_pl} (Pagefind) for the phrase query, {ours_pl2} against
  {pf_pl2} for `noi vu`; the goal is ≤ 1 MB.
- **Speed**: a cold query takes {ours_ms} ms (ours) and {pf_ms} ms (Pagefind) in Chromium; index build
  {ours_build} s (ours, the index alone) and {pf_build} s (Pagefind over the built HTML).
- **Disk**: {ours_disk} (ours, both languages) and {pf_disk} (Pagefind).
"""


def choose(results: dict) -> str:
    """The choice, from the measurements."""
    big = results["corpora"].get("Synthetic: 1,300 plans") or next(iter(results["corpora"].values()))
    o, p = big["browser"]["ours"], big["browser"]["pagefind"]
    q1, q2 = PAYLOAD_QUERIES
    pf_fold = "; ".join(f"{label.split(':')[0].lower()}: " + ", ".join(
        f"`{a}` {r['browser']['pagefind'][a]['n']} pages against `{b}` {r['browser']['pagefind'][b]['n']}"
        for a, b in (("bao luc", "bạo lực"), ("bao luc gia dinh", "bạo lực gia đình"), ("dak nong", "Đắk Nông")))
        for label, r in results["corpora"].items())
    ours_wins = (o[q1]["gz"] <= p[q1]["gz"] and o[q1]["cold_ms"] <= p[q1]["cold_ms"]
                 and p["bao luc gia dinh"]["n"] < p["bạo lực gia đình"]["n"])
    verdict = ("We keep our own index: it folds Vietnamese fully, finds tasks and phrases, and fetches less, faster."
               if ours_wins else "Pagefind measures better on payload or speed here; see below before choosing.")
    return CHOICE.format(
        verdict=verdict, pf_fold=pf_fold, pf_phrase=p[q1]["n"], ours_phrase=o[q1]["status"],
        ours_pl=kb(o[q1]["gz"]), pf_pl=kb(p[q1]["gz"]), ours_pl2=kb(o[q2]["gz"]), pf_pl2=kb(p[q2]["gz"]),
        ours_ms=f"{o[q1]['cold_ms']:.0f}", pf_ms=f"{p[q1]['cold_ms']:.0f}",
        ours_build=f"{big['ours_index']['build_s']:.1f}", pf_build=f"{big['pf_index']['build_s']:.1f}",
        ours_disk=kb(big["ours_index"]["bytes"]), pf_disk=kb(big["pf_index"]["bytes"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synth", type=Path, default=ROOT / "bench/out/synth-1300")
    ap.add_argument("--synth-site", type=Path, default=ROOT / "bench/out/n1300/ours/site")
    ap.add_argument("--work", type=Path, default=Path("/tmp/plansite-search-bench"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench/search-results.md")
    ap.add_argument("--only", choices=["real", "synth"], default=None)
    ap.add_argument("--reuse-pagefind", action="store_true", help="keep a Pagefind bundle made before from the same site")
    ap.add_argument("--report-only", action="store_true", help="write the report again from WORK/search-results.json")
    args = ap.parse_args(argv)
    if args.report_only:
        results = json.loads((args.work / "search-results.json").read_text(encoding="utf-8"))
        results["corpora"]["Synthetic: 1,300 plans"]["worst"] = worst_case(args.work / "synth" / "ours")
        results["choice"] = choose(results)
        args.out.write_text(report(results, results["command"]), encoding="utf-8")
        return 0
    from playwright.sync_api import sync_playwright
    from generator.build import build
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    real_site = work / "real" / "site"
    if real_site.exists():
        shutil.rmtree(real_site)
    assert build(ROOT / "content", real_site, work=work / "real" / "build") == 0
    results = {"corpora": {}, "load": [os.getloadavg()[0]]}
    with sync_playwright() as pw:
        corpora = []
        if args.only in (None, "real"):
            ours = our_index(ROOT / "content", None)  # timed alone; the sizes are those the build wrote
            ours["bytes"], ours["files"] = tree_bytes([real_site / "search", real_site / "en" / "search"])
            corpora.append(("The real site: 9 plans", real_site, real_site, work / "real" / "pf", ours))
        if args.only in (None, "synth"):
            shell = work / "synth" / "ours"
            if shell.exists():
                shutil.rmtree(shell)
            shutil.copytree(real_site, shell)
            ours = our_index(args.synth, shell)
            site = args.synth_site
            if not (site / "index.html").exists():
                site = work / "synth" / "site"
                assert build(args.synth, site, work=work / "synth" / "build", jobs=1) == 0
            corpora.append(("Synthetic: 1,300 plans", shell, site, work / "synth" / "pf", ours))
        for label, our_site, html_site, pf_root, ours in corpora:
            pf_root.mkdir(parents=True, exist_ok=True)
            pf = pagefind_index(html_site, pf_root, args.reuse_pagefind)
            results["corpora"][label] = {"ours_index": ours, "pf_index": pf,
                                         "browser": measure(label, our_site, pf_root, pw),
                                         "worst": worst_case(our_site) if our_site != real_site else None}
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results["chromium"] = b.version
        results["load"].append(os.getloadavg()[0])
        b.close()
    results["choice"] = choose(results)
    results["command"] = (".venv/bin/python bench/search.py " + " ".join(sys.argv[1:] if argv is None else argv)).strip()
    args.out.write_text(report(results, results["command"]), encoding="utf-8")
    (args.work / "search-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
