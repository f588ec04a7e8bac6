"""Damaged layouts built from the seeds' own text (issue 9, shapes 1 and 2), so the truth is known.

Shape 1 — **one line**: a crawler stored an element's text, so the whole report is one line, its
parts (paragraphs, headings, table cells) separated by one space (``spaces``) or by nothing
(``glued``).  Cells are the seed's own: a line ``x |`` or ``a | b`` gives its cells, ``|||`` fillers
give none (an element's text has no pipes).

Shape 2 — **crawler metadata block**: ``标题:`` / ``发布时间:`` / ``文号:`` / ``发布机构:`` (blank or not)
/ ``栏目:`` / ``原文链接:`` / ``本地目录:`` lines and a ``===== 正文 =====`` marker before the body; the
body as published (``lines``) or on one line after a breadcrumb (``当前位置：首页>…``, same line).

``python tests/damaged.py`` rewrites the ``oneline_*`` and ``crawler_*`` fixtures in tests/fixtures/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
FIXTURES = HERE / "fixtures"

#: The national seeds and the metadata a crawler would have stored with them (from the seed's text).
SEEDS = {
    "000": {"title": "德兴市新岗山镇2020年度政府信息公开工作年度报告", "published": "2021-01-22 10:31",
            "organ": "德兴市新岗山镇人民政府"},
    "001": {"title": "2023年政府信息公開工作年度報告", "published": "2024-01-19 16:02", "organ": ""},
    "002": {"title": "益阳市资阳区人民政府2020年政府信息公开工作年度报告", "published": "2021-01-29 09:27",
            "organ": ""},
    "003": {"title": "秀山县乌杨街道办事处2020年政府信息公开工作年度报告", "published": "2021-01-14 16:20",
            "organ": "秀山县乌杨街道办事处"},
}
SEPARATORS = {"spaces": " ", "glued": ""}
BREADCRUMB = "当前位置：首页 > 政务公开 > 政府信息公开年报 "

_PIPE = re.compile(r"\s*[|｜]\s*")


def seed_path(seed: str) -> Path:
    return next(EXAMPLES.glob(f"seed_{seed}_*.txt"))


def parts(text: str) -> list[str]:
    """The seed's parts as an element's text would hold them: non-empty lines, each pipe line's cells."""
    out = []
    for line in text.splitlines():
        if "|" in line or "｜" in line:
            out += [c.strip() for c in _PIPE.split(line) if c.strip()]
        elif line.strip():
            out.append(line.strip())
    return out


def one_line(text: str, sep: str) -> str:
    return sep.join(parts(text)) + "\n"


def metadata_block(seed: str) -> str:
    m = SEEDS[seed]
    return "\n".join([
        f"标题: {m['title']}",
        f"发布时间: {m['published']}",
        "文号:",
        f"发布机构: {m['organ']}".rstrip(),
        "栏目: 政府信息公开年报",
        f"原文链接: https://www.example.gov.cn/zwgk/ndbg/{seed}/t2021_80629.html",
        f"本地目录: zwgk/政府信息公开年报/80629_{m['title']}",
        "==================== 正文 ====================",
    ]) + "\n"


def variants(seed: str) -> dict[str, str]:
    """File name → text for every damaged shape of ``seed``."""
    text = seed_path(seed).read_text(encoding="utf-8")
    out = {f"oneline_{seed}_{name}.txt": one_line(text, sep) for name, sep in SEPARATORS.items()}
    out[f"crawler_{seed}_lines.txt"] = metadata_block(seed) + text
    out[f"crawler_{seed}_oneline.txt"] = metadata_block(seed) + BREADCRUMB + one_line(text, " ")
    return out


def write(seeds=tuple(SEEDS)) -> list[Path]:
    written = []
    for seed in seeds:
        for name, text in variants(seed).items():
            path = FIXTURES / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for p in write(tuple(sys.argv[1:]) or tuple(SEEDS)):
        print(p.relative_to(HERE.parent))
