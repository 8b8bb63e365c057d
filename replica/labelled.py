"""The replica's documents as a labelled set: relevant to medical equipment or not.

Generated documents carry their topic; the seed texts (real reposted news) are all relevant.
Reposts (same title and text on several sources) count once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

LAST_DAY = 3
CORPORA: dict[str, tuple[str | None, ...]] = {
    "replica.corpus": ("most_gfxwj", "most_tztg"),
    "replica.sites._miit_corpus": ("miit_tz", "miit_zcjd", "miit_zbys", "miit_search"),
    "replica.sites._nmpa_corpus": ("nmpa_ylqxggtg", "nmpa_ylqxfgwj"),
    "replica.sites._hubei_corpus": ("hubei_ezf", "hubei_ezbf"),
    "replica.sites._gd_corpus": ("gd_qbwj", "gd_gkmlpt", "gdmpa_gzwj", "gdmpa_ylqx"),
    "replica.sites._nhc_corpus": ("nhc_gfxwj", "nhc_zcjd"),
    "replica.sites._govcn_corpus": (None,),
}
SINGLE_SOURCE_NAMES = {"replica.sites._govcn_corpus": "govcn_zcwjk"}


@dataclass(frozen=True)
class Labelled:
    """One document with its label."""

    source: str
    title: str
    text: str
    relevant: bool


def labelled_documents(day: int = LAST_DAY) -> list[Labelled]:
    """Every distinct document any replicated source lists on `day`, labelled."""
    found: dict[tuple[str, str], Labelled] = {}
    for module_name, sources in CORPORA.items():
        corpus = importlib.import_module(module_name)
        for source in sources:
            listed = corpus.documents(day) if source is None else corpus.documents(source, day)
            name = source or SINGLE_SOURCE_NAMES[module_name]
            for doc in listed:
                text = "\n".join(doc.paragraphs)
                relevant = bool(doc.medical or doc.seed)
                found.setdefault((doc.title, text), Labelled(name, doc.title, text, relevant))
    return list(found.values())
