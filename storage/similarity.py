"""Near-duplicate texts: shingles of the bare body, MinHash LSH bands, and the confirming checks."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from storage.boilerplate import strip_boilerplate
from storage.titles import compatible_titles

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_SIZE = 4
# 25 bands of 5 rows put the LSH S-curve's midpoint near J = 0.5: a pair is a candidate with
# probability 0.72 at J = 0.55, 0.95 at 0.65, 0.99 at 0.7 and 0.9999 at 0.8, so the index loses
# almost nothing the confirmation below accepts; unrelated policy texts (J about 0.05) meet with
# probability 8e-6, under one false candidate per lookup at 100,000 documents.
BANDS = 25
ROWS = 5
NUM_PERM = BANDS * ROWS
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
MIN_SHINGLES = 50
MIN_JACCARD = 0.7
MIN_CONTAINMENT = 0.9

_SPACE = re.compile(r"\s+")

Band = tuple[int, int]


@dataclass(frozen=True)
class Profile:
    """A document as the detector sees it: title, normalized 文号 and body shingles."""

    title: str
    wenhao_key: str | None
    shingles: frozenset[str]

    @property
    def indexable(self) -> bool:
        """Long enough for its text to say anything: a bare "见附件" page is not."""
        return len(self.shingles) >= MIN_SHINGLES


def profile(title: str, text: str, wenhao_key: str | None) -> Profile:
    return Profile(title=title, wenhao_key=wenhao_key, shingles=shingles(text))


def shingles(text: str) -> frozenset[str]:
    """Character 4-grams of the text without boilerplate, NFKC-normalized, casefolded, unspaced."""
    bare = _SPACE.sub("", unicodedata.normalize("NFKC", strip_boilerplate(text))).casefold()
    return frozenset([bare[i : i + SHINGLE_SIZE] for i in range(len(bare) - SHINGLE_SIZE + 1)])


def bands(document: Profile) -> list[Band]:
    """The (band, bucket) pairs of the document's MinHash, none when it is too short to compare.

    Two documents share a pair with probability 1 - (1 - J^ROWS)^BANDS for shingle Jaccard J.
    """
    if not document.indexable:
        return []
    minhash = _minhash()
    minhash.update_batch([shingle.encode() for shingle in document.shingles])
    values = minhash.hashvalues
    return [
        (band, _bucket(values[band * ROWS : (band + 1) * ROWS].tobytes())) for band in range(BANDS)
    ]


def load_minhash() -> None:
    """Import datasketch (and SciPy with it) now rather than at the first document's bands."""
    _permutations()


def _minhash() -> MinHash:
    """An empty MinHash; datasketch (and SciPy with it) is imported on first use only."""
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_permutations(), scheme=MINHASH_SCHEME
    )


@cache
def _permutations() -> object:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def _bucket(band_values: bytes) -> int:
    digest = hashlib.blake2b(band_values, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def same_policy(a: Profile, b: Profile) -> bool:
    """Confirm a candidate pair: no 文号 or title conflict, and exact shingle overlap high enough
    (Jaccard, or containment for a cut excerpt of the other)."""
    if not (a.indexable and b.indexable):
        return False
    if a.wenhao_key and b.wenhao_key and a.wenhao_key != b.wenhao_key:
        return False
    if not compatible_titles(a.title, b.title):
        return False
    shared = len(a.shingles & b.shingles)
    jaccard = shared / (len(a.shingles) + len(b.shingles) - shared)
    containment = shared / min(len(a.shingles), len(b.shingles))
    return jaccard >= MIN_JACCARD or containment >= MIN_CONTAINMENT
