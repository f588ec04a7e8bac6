"""docs/keys.md is generated from the spec and must be current."""

from pathlib import Path

from zfxxgk import reference
from zfxxgk.spec import SPEC_2019, SPEC_2021

KEYS_MD = Path(__file__).resolve().parent.parent / "docs" / "keys.md"


def test_keys_md_is_current():
    assert KEYS_MD.read_text(encoding="utf-8") == reference.markdown(), \
        "docs/keys.md is stale: run `python -m zfxxgk.reference > docs/keys.md`"


def test_every_key_and_label_is_listed():
    text = reference.markdown()
    for spec in (SPEC_2019, SPEC_2021):
        for table in (*spec.active_disclosure, spec.applications):
            for row in table.rows:
                assert row.label in text
                if row.key:
                    assert f"`{row.key}`" in text
            for col in table.columns:
                assert f"`{col.key}` | {col.label}" in text
        for group in spec.review_litigation.groups:
            assert f"`{group.key}` | {group.label}" in text
    assert "`denied.state_secret` | 1.属于国家秘密" in text
    assert "`other_handling.fee_unpaid`" in text
