#!/usr/bin/env python3
"""Where does the time go? cProfile of `plansite build`, of its mkdocs step and of `plansite validate`.

    .venv/bin/python bench/profile_build.py [--plans 400] [--seed 1] [--skip build,mkdocs,validate] [--warm]

1. `generator.build.build` on a synthetic corpus of N plans, in-process under cProfile: the
   phases (validation, page data, template rendering, search index, writing, waiting for mkdocs)
   by cumulative time, and the top functions by own time, grouped by package.
2. The mkdocs-material step alone: `python -m cProfile -m mkdocs build` on the docs tree and
   mkdocs.yml the build left for the default language (the build runs mkdocs in a subprocess,
   so step 1 only sees it as waiting).
3. `generator.validate.validate_paths` on the same corpus.
4. With --warm: a warm rebuild. A copy of the corpus is built once with its own cache folder
   (unprofiled, `--clean`), one word of one task is changed (as bench/run.py does), and the
   second build with the same cache runs under cProfile: where the time of a one-edit rebuild goes.

Writes bench/profile.md (tables) and bench/out/profile/*.prof (raw, for snakeviz/pstats).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHASES = [  # (label, file suffix, function name) -> cumulative time
    ("whole build", "generator/build.py", "build"),
    ("load_corpus: parse + validate every plan", "generator/corpus.py", "load_corpus"),
    ("  of which YAML parsing (load.load_yaml)", "generator/load.py", "load_yaml"),
    ("analyse (matrices, comparisons, clauses; once)", "generator/analysis/__init__.py", "analyse"),
    ("  comparisons", "generator/analysis/comparisons.py", "analyse"),
    ("make_language: every family's pages (both languages)", "generator/build.py", "make_language"),
    ("  search index", "generator/views/search.py", "index_files"),
    ("Renderer.render (jinja2 templates)", "generator/render.py", "render"),
    ("mkdocs-material (waiting for the renderer)", "generator/renderers/mkdocs_material.py", "run"),
]


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/generator/" in filename:
        return "generator." + Path(filename).stem
    if filename.startswith("~") or filename.startswith("<"):
        return "(built-in)"
    return "(stdlib)"


def _summary(stats: pstats.Stats, top: int = 25) -> tuple[list, list, float]:
    rows = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in rows.values())
    by_pkg: dict[str, float] = {}
    for (fname, _, _), (_, _, tt, _, _) in rows.items():
        by_pkg[_package(fname)] = by_pkg.get(_package(fname), 0.0) + tt
    pkgs = sorted(by_pkg.items(), key=lambda kv: -kv[1])[:15]
    funcs = sorted(((tt, ct, nc, f"{_package(fn)}:{name}:{line}") for (fn, line, name), (_, nc, tt, ct, _) in rows.items()),
                   reverse=True)[:top]
    return pkgs, funcs, total


def _cum(stats: pstats.Stats, suffix: str, name: str) -> float | None:
    hits = [ct for (fn, _, fname), (_, _, _, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
            if fn.endswith(suffix) and fname == name]
    return max(hits) if hits else None


def _tables(title: str, stats: pstats.Stats, wall: float) -> list[str]:
    pkgs, funcs, total = _summary(stats)
    L = [f"### {title}", "", f"Wall {wall:.1f} s; profiled own time {total:.1f} s.", "",
         "| package | own time (s) | share |", "|---|---:|---:|"]
    L += [f"| {p} | {t:.1f} | {t / total:.0%} |" for p, t in pkgs]
    L += ["", "| function | own (s) | cumulative (s) | calls |", "|---|---:|---:|---:|"]
    L += [f"| `{f}` | {tt:.2f} | {ct:.2f} | {nc} |" for tt, ct, nc, f in funcs]
    return L + [""]


def _phase_rows(stats: pstats.Stats, wall: float) -> list[str]:
    L = ["| phase | cumulative (s) | share of build |", "|---|---:|---:|"]
    whole = _cum(stats, "generator/build.py", "build") or wall
    for label, suffix, name in PHASES:
        ct = _cum(stats, suffix, name)
        if ct is not None:
            L.append(f"| {label} | {ct:.1f} | {ct / whole:.0%} |")
    return L + [""]


def _bench_run():
    """bench/run.py as a module (fresh_copy, edit_one_word), loaded by path: bench/ is not a package."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("plansite_bench_run", ROOT / "bench" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _warm(corpus: Path, out: Path) -> list[str]:
    import inspect
    from generator.build import build
    title = "## 4. Warm rebuild after changing one word of one task (parent process, cProfile)"
    if "cache" not in inspect.signature(build).parameters:
        return [title, "", "skipped: `generator.build.build` takes no cache yet", ""]
    from generator.cache import open_cache
    run = _bench_run()
    content = run.fresh_copy(corpus, out / "warm-content")
    site, cache_dir = out / "warm-site", out / "warm-cache"
    t0 = time.perf_counter()
    code0 = build(content, site, cache=open_cache(cache_dir, clean=True))
    cold = time.perf_counter() - t0
    edit = run.edit_one_word(content)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    code = build(content, site, cache=open_cache(cache_dir))
    prof.disable()
    wall = time.perf_counter() - t0
    prof.dump_stats(out / "warm.prof")
    stats = pstats.Stats(prof, stream=io.StringIO())
    L = [title, "", f"Cold build with an empty cache ({cache_dir}, unprofiled): exit {code0}, {cold:.1f} s. Edit: "
         f"`{edit['file']}` line {edit['line']}: «{edit['before']}» → «{edit['after']}». Warm rebuild: exit {code}, "
         f"wall {wall:.1f} s under cProfile (the languages' worker processes are not profiled).", ""]
    return L + _phase_rows(stats, wall) + _tables("Warm rebuild: own time by package and top functions (parent process)", stats, wall)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "profile"))
    ap.add_argument("--skip", default="")
    ap.add_argument("--report", default=str(ROOT / "bench" / "profile.md"))
    ap.add_argument("--warm", action="store_true",
                    help="also profile a warm rebuild after a one-word edit (a cold build with its own cache first)")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / f"synth-{args.plans}"
    from generator.cli import bench_synth  # bench/synth.py, loaded as `plansite synth` loads it
    assert bench_synth().synth(args.plans, corpus, seed=args.seed) == 0
    L = [f"# Profile of `plansite build` at N={args.plans} (`bench/profile_build.py`)", ""]

    if "build" not in skip:
        from generator.build import build
        site, work = out / "site", out / "work"
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        code = build(corpus, site, work=work)
        prof.disable()
        wall = time.perf_counter() - t0
        prof.dump_stats(out / "build.prof")
        stats = pstats.Stats(prof, stream=io.StringIO())
        L += ["## 1. `plansite build` (parent process, cProfile)", "", f"exit {code}; wall {wall:.1f} s "
              "(cProfile adds overhead to Python code, not to the mkdocs subprocesses).", ""]
        L += _phase_rows(stats, wall)
        L += _tables("Own time by package and top functions (parent process)", stats, wall)

    if "mkdocs" not in skip:
        cfg_path = out / "work" / "vi" / "mkdocs.yml"
        if cfg_path.is_file():
            cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
            cfg["site_dir"] = str(out / "mkdocs-site")
            shutil.rmtree(out / "mkdocs-site", ignore_errors=True)
            prof_cfg = cfg_path.with_name("mkdocs-profile.yml")
            prof_cfg.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out / "mkdocs.prof"), "-m", "mkdocs", "build",
                                   "--quiet", "-f", str(prof_cfg)], env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
                                  capture_output=True, text=True)
            wall = time.perf_counter() - t0
            n_pages = sum(1 for _ in (out / "work" / "vi" / "docs").rglob("*.md"))
            L += ["## 2. The mkdocs-material step (default language only, its own process)", "",
                  f"exit {proc.returncode}; {n_pages} Markdown pages; wall {wall:.1f} s under cProfile.", ""]
            if (out / "mkdocs.prof").is_file():
                L += _tables("mkdocs build: own time by package and top functions", pstats.Stats(str(out / "mkdocs.prof"), stream=io.StringIO()), wall)
        else:
            L += ["## 2. mkdocs step", "", f"skipped: no {cfg_path} (the build did not leave its work tree)", ""]

    if "validate" not in skip:
        from generator.validate import validate_paths
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        plans, diags = validate_paths([corpus / "plans"], corpus)
        prof.disable()
        wall = time.perf_counter() - t0
        prof.dump_stats(out / "validate.prof")
        L += ["## 3. `plansite validate`", "", f"{len(plans)} plans, {len(diags)} diagnostics.", ""]
        L += _tables("validate: own time by package and top functions", pstats.Stats(prof, stream=io.StringIO()), wall)

    if args.warm:
        L += _warm(corpus, out)

    Path(args.report).write_text("\n".join(L) + "\n", encoding="utf-8")
    print("\n".join(L))
    return 0


if __name__ == "__main__":
    sys.exit(main())
