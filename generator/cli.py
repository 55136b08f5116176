"""Command line: `plansite validate | build | serve | ...`. One-line errors, never a traceback."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import Diagnostic


def _print_diagnostics(diags: list[Diagnostic], fmt: str) -> None:
    for d in diags:
        print(d.github() if fmt == "github" else d.format(), file=sys.stdout if fmt == "github" else sys.stderr)


def cmd_validate(args) -> int:
    from .validate import validate_paths
    content = Path(args.content)
    paths = [Path(p) for p in args.paths] or [content / "plans"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"{p}:1:1: error: no such file or directory", file=sys.stderr)
        return 1
    from .cache import Cache
    cache = Cache(None) if args.no_cache else _cache(args)  # each file's result, kept while its inputs are unchanged
    if args.paths:
        plans, diags = validate_paths(paths, content, cache=cache)
    else:  # the whole content: plans, and the catalogue and revisions log that refer to them
        from .corpus import load_corpus
        corpus = load_corpus(content, cache, sources=False)
        plans, diags = corpus.plans, list(corpus.diagnostics)
    _print_diagnostics(diags, args.format)
    n_err = sum(d.severity == "error" for d in diags)
    n_warn = len(diags) - n_err
    if n_err:
        print(f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}", file=sys.stderr)
        return 1
    tasks = sum(len(p.tasks) for p in plans)
    print(f"ok: {len(plans)} plan{'s' * (len(plans) != 1)}, {tasks} tasks, {n_warn} warning{'s' * (n_warn != 1)}")
    return 0


def _cache(args):
    from .cache import open_cache
    return open_cache(Path(args.cache), clean=args.clean)


def cmd_build(args) -> int:
    from .build import build
    return build(Path(args.content), Path(args.out), cache=_cache(args))


def cmd_serve(args) -> int:
    from .serve import serve
    return serve(Path(args.content), Path(args.out), args.port, cache=_cache(args))


def _cache_flags(p) -> None:
    from .cache import DEFAULT_DIR
    p.add_argument("--cache", default=str(DEFAULT_DIR),
                   help="the build cache folder (content-addressed: it never changes the output; default %(default)s)")
    p.add_argument("--clean", action="store_true", help="ignore the build cache and start it afresh")


def bench_synth():
    """bench/synth.py, loaded once: the synthetic corpus belongs to the benchmark, in a checkout only (else None)."""
    name = "plansite_bench_synth"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "bench" / "synth.py"
    if not path.is_file():
        return None
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def cmd_synth(args) -> int:
    synth = bench_synth()
    if synth is None:
        print("plansite: error: synth is part of the benchmark: run it from a checkout of the repository", file=sys.stderr)
        return 1
    return synth.synth(args.plans, Path(args.out), seed=args.seed, content=Path(args.content))


def cmd_import(args) -> int:
    from .authoring.importer import import_file
    return import_file(Path(args.file), province=args.province, plan_id=args.plan_id,
                       content=Path(args.content), out=Path(args.out) if args.out else None)


def cmd_new(args) -> int:
    from .authoring.scaffold import new_plan
    return new_plan(args.province, args.plan_id, content=Path(args.content), force=args.force)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="plansite", description="Vietnam's provincial gender-equality plans, compared.")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check plan files against the schema and the registries")
    v.add_argument("paths", nargs="*", help="plan files or folders (default: CONTENT/plans)")
    v.add_argument("--content", default="content", help="content folder with registry/ and sources/")
    v.add_argument("--format", choices=["text", "github"], default="text")
    _cache_flags(v)
    v.add_argument("--no-cache", dest="no_cache", action="store_true", help="check every file afresh and keep nothing")
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="build the site")
    b.add_argument("--content", default="content")
    b.add_argument("--out", default="site")
    _cache_flags(b)
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="live preview: rebuild on change and serve on localhost")
    s.add_argument("--content", default="content")
    s.add_argument("--out", default="build/preview")
    s.add_argument("--port", type=int, default=8000)
    _cache_flags(s)
    s.set_defaults(func=cmd_serve)
    y = sub.add_parser("synth", help="write a SYNTHETIC content tree for benchmarks (never into content/)")
    y.add_argument("--plans", type=int, required=True)
    y.add_argument("--out", required=True)
    y.add_argument("--seed", type=int, default=1)
    y.add_argument("--content", default="content", help="the real content the corpus is derived from")
    y.set_defaults(func=cmd_synth)
    i = sub.add_parser("import", help="draft a plan YAML from a published text (.txt, .docx, .pdf)")
    i.add_argument("file")
    i.add_argument("--province")
    i.add_argument("--plan-id", dest="plan_id")
    i.add_argument("--content", default="content")
    i.add_argument("--out", help="where to write the draft (default: stdout)")
    i.set_defaults(func=cmd_import)
    n = sub.add_parser("new", help="scaffold a plan file from the province's latest plan")
    n.add_argument("province")
    n.add_argument("plan_id")
    n.add_argument("--content", default="content")
    n.add_argument("--force", action="store_true")
    n.set_defaults(func=cmd_new)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise: one line, no traceback (a bug if it happens: every input error is located)
        print(f"plansite: error: {exc or type(exc).__name__} (unexpected: please report it with the command you ran)", file=sys.stderr)
        return 1
