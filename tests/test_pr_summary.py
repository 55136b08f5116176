"""The pull-request job summary names agencies, counts and the comparison headline."""
from generator.authoring.pr_summary import summary

from conftest import CONTENT, ROOT


def test_summary_of_a_plan_with_an_earlier_plan(tmp_path):
    text = summary([CONTENT / "plans/quang-ngai/2025.yml"], CONTENT)
    assert "13 agency blocks, 33 tasks; lead: Sở Nội vụ" in text  # II.3 (the Committee) is a task
    assert "Sở Nội vụ" in text


def test_summary_reports_errors_with_lines(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    f = content / "plans/cao-bang/2022.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("kind: annual", "kind: yearly", 1), encoding="utf-8")
    text = summary([f], content)
    assert "error: line" in text and "'yearly' is not one of annual, strategy" in text
