from pathlib import Path

import pytest

from zfxxgk.testing import report_snapshot as snapshot  # noqa: F401  (our JSON snapshots)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_files() -> list[Path]:
    """Every fixture: the seed reports in examples/ and the variants in tests/fixtures/."""
    return sorted(EXAMPLES.glob("*.txt")) + sorted(p for p in FIXTURES.glob("*") if p.is_file() and p.name != "README.md")


@pytest.fixture(scope="session")
def seeds() -> dict[str, Path]:
    return {p.stem[:8]: p for p in sorted(EXAMPLES.glob("seed_*.txt"))}
