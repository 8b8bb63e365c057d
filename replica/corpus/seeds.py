"""The seed texts (real reposted policy news, kept as they are) and where the replica lists them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files

from replica.corpus.model import MOST_GFXWJ, MOST_TZTG
from replica.words import words

WORDS = words("most")

PARAGRAPH_MIN_CHARS = 200
_LABEL_LINE = re.compile(r"^\S{1,12}[:：]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BREADCRUMB = re.compile(r"^[^|]{1,20}\|\s*")


@dataclass(frozen=True)
class Seed:
    """A seed text: its headline (if it has one) and every non-empty line, boilerplate included."""

    name: str
    title: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Placement:
    """One listing of a seed in a column; a seed placed twice is a repost."""

    seed: str
    column: str
    published: datetime
    agency: str = WORDS.ministry
    wenhao: str | None = None
    title: str | None = None


PLAN_2017 = "科技部办公厅关于印发《“十三五”医疗器械科技创新专项规划》的通知"

PLACEMENTS = (
    Placement(
        "000",
        MOST_GFXWJ,
        datetime(2017, 6, 14, 10, 30),
        WORDS.general_office,
        "国科办社〔2017〕44号",
        PLAN_2017,
    ),
    Placement(
        "000", MOST_TZTG, datetime(2017, 6, 15, 9, 10), WORDS.general_office, title=PLAN_2017
    ),
    Placement("001", MOST_TZTG, datetime(2020, 11, 16, 15, 20)),
    Placement("002", MOST_TZTG, datetime(2021, 12, 28, 11, 0)),
    Placement("002", MOST_GFXWJ, datetime(2021, 12, 29, 16, 45)),
    Placement("003", MOST_GFXWJ, datetime(2022, 1, 4, 9, 30)),
    Placement("004", MOST_TZTG, datetime(2023, 12, 25, 14, 5)),
)


def parse_seed(name: str, text: str) -> Seed:
    """The headline is the first wordy line above the first real paragraph."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    title = None
    for line in lines:
        if len(line) >= PARAGRAPH_MIN_CHARS:
            break
        if _is_headline(line):
            title = _BREADCRUMB.sub("", line)
            break
    return Seed(name=name, title=title, paragraphs=lines)


def _is_headline(line: str) -> bool:
    if line.startswith("•") or _LABEL_LINE.match(line):
        return False
    return len(line.split()) >= 4 or len(_CJK.findall(line)) >= 8


@cache
def load_seeds() -> dict[str, Seed]:
    """Every seed text shipped with the package, by its number (`000`, `001`, …)."""
    folder = files(__package__).joinpath("seeds")
    seeds = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".txt"):
            number = entry.name.split("_", 1)[0]
            seeds[number] = parse_seed(entry.name, entry.read_text(encoding="utf-8"))
    return seeds
