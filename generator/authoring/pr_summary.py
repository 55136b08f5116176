"""Pull-request summary (Markdown for the job summary): what the new or changed plans add.

Usage: python -m generator.authoring.pr_summary --base origin/main [--content content] [FILE ...]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..analysis.compare import compare
from ..i18n import Language, load_labels
from ..model import chronological
from ..views.comparisons import headline

SUMMARY_LANGUAGE = "en"  # the summary is written for maintainers in English: its headlines use the English labels
from ..validate import check_file, load_plans


def changed_plan_files(base: str, content: Path) -> list[Path]:
    proc = subprocess.run(["git", "diff", "--name-only", "--diff-filter=AMR", f"{base}...HEAD", "--", str(content / "plans")],
                          capture_output=True, text=True)
    return [Path(line) for line in proc.stdout.splitlines() if line.endswith((".yml", ".yaml"))]


def summary(files: list[Path], content: Path) -> str:
    plans, reg, diags = load_plans(content)
    words = Language(SUMMARY_LANGUAGE, [SUMMARY_LANGUAGE], load_labels()[0] or {}, reg, {})
    if reg is None:
        return "### plansite\n\nThe registries do not load:\n\n" + "\n".join(f"- `{d.format()}`" for d in diags)
    lines = ["### plansite: plans in this pull request", ""]
    if not files:
        return "\n".join(lines + ["No plan file changed."])
    run = os.environ.get("GITHUB_SERVER_URL", "") + "/" + os.environ.get("GITHUB_REPOSITORY", "") + \
        "/actions/runs/" + os.environ.get("GITHUB_RUN_ID", "")
    for f in files:
        plan, errs = check_file(f, content, reg)
        lines.append(f"#### `{f}`")
        for d in errs:
            lines.append(f"- {d.severity}: line {d.line}, column {d.col}: {d.message}")
        if plan is None:
            lines.append("")
            continue
        per_agency: dict[str, int] = {}
        for task in plan.tasks:
            for r in task.item.roles:
                per_agency[r.agency] = per_agency.get(r.agency, 0) + 1
        lines.append(f"- {len(plan.blocks)} agency blocks, {len(plan.tasks)} tasks; lead: {reg.agency_name(plan.lead_agency)}")
        lines.append("- tasks per agency: " + ", ".join(f"{reg.agency_name(a)} {n}" for a, n in sorted(per_agency.items(), key=lambda x: -x[1])))
        earlier = chronological(p for p in plans if p.province == plan.province and p.year_from < plan.year_from)
        if earlier:
            c = compare(earlier[-1], plan, reg)
            lines.append(f"- compared with {earlier[-1].key}: {headline(c.summary, words)}")
        lines.append("")
    if os.environ.get("GITHUB_RUN_ID"):
        lines.append(f"Preview: the `preview-site` artifact of [this run]({run}).")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.authoring.pr_summary")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--base", default="origin/main")
    ap.add_argument("--content", default="content")
    args = ap.parse_args(argv)
    content = Path(args.content)
    files = [Path(f) for f in args.files] or changed_plan_files(args.base, content)
    try:
        print(summary(files, content))
    except Exception as exc:  # a summary must never fail the job with a traceback
        print(f"plansite: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
