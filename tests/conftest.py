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
