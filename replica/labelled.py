"""The replica's documents as a labelled set: relevant to medical equipment or not.

Generated documents carry their topic; the seed texts (real reposted news) are all relevant.
Reposts (same title and text on several sources) count once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

LAST_DAY = 3
CORPORA = {
    "replica.corpus": ("most_gfxwj", "most_tztg"),
    "replica.sites._miit_corpus": ("miit_tz", "miit_zcjd", "miit_zbys", "miit_search"),
    "replica.sites._nmpa_corpus": ("nmpa_ylqxggtg", "nmpa_ylqxfgwj"),
    "replica.sites._hubei_corpus": ("hubei_ezf", "hubei_ezbf"),
    "replica.sites._gd_corpus": ("gd_qbwj", "gd_gkmlpt", "gdmpa_gzwj", "gdmpa_ylqx"),
}


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
            for doc in corpus.documents(source, day):
                text = "\n".join(doc.paragraphs)
                relevant = bool(doc.medical or doc.seed)
                found.setdefault((doc.title, text), Labelled(source, doc.title, text, relevant))
    return list(found.values())
