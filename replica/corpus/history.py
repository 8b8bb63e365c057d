"""The timeline every site's documents follow: day 0, then what each later day adds and revises."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, Protocol, TypeVar

from replica.corpus.model import ADDED, RESTORED, WITHDRAWN, Change

DAY_ZERO = date(2026, 2, 2)
LAST_DAY = 3
OPENING = time(9, 0)


class Filed(Protocol):
    @property
    def path(self) -> str: ...


class Dated(Protocol):
    @property
    def id(self) -> int | str: ...
    @property
    def column(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def published(self) -> datetime: ...
    @property
    def modified(self) -> datetime: ...
    @property
    def attachments(self) -> Sequence[Any]: ...


class Revising(Protocol):
    @property
    def doc_id(self) -> int | str: ...
    @property
    def kind(self) -> str: ...


D = TypeVar("D", bound=Dated)
R = TypeVar("R", bound=Revising)


def day_moment(day: int) -> datetime:
    """When the documents of a timeline day appear: 09:00 on that calendar day."""
    return datetime.combine(DAY_ZERO + timedelta(days=day), OPENING)


def newest_first(found: Iterable[D]) -> list[D]:
    return sorted(found, key=lambda doc: (doc.published, doc.id), reverse=True)


@dataclass(frozen=True)
class _Day(Generic[D]):
    documents: dict[tuple[str, int | str], D]
    changes: tuple[Change, ...]


class Timeline(Generic[D, R]):
    """Day 0's documents, and what each later day adds and revises; days past the last repeat it.

    A document is one page of one column; a page mirrored in two columns shares its id, and a
    revision of a `kind` (revised, retitled, withdrawn, restored …) changes every page with its
    `doc_id`; `revise` makes the new version at a moment.
    """

    def __init__(
        self,
        base: Iterable[D],
        additions: Mapping[int, Iterable[D]],
        revisions: Mapping[int, Iterable[R]],
        revise: Callable[[D, datetime, R], D],
    ) -> None:
        current = {(doc.column, doc.id): doc for doc in base}
        withdrawn: dict[tuple[str, int | str], D] = {}
        days = [_Day(dict(current), ())]
        for day in range(1, LAST_DAY + 1):
            moment = day_moment(day)
            made: list[Change] = []
            for doc in additions.get(day, ()):
                current[(doc.column, doc.id)] = doc
                made.append(Change(ADDED, doc.column, doc.id, doc.published))
            for revision in revisions.get(day, ()):
                pool = withdrawn if revision.kind == RESTORED else current
                for key in [key for key in pool if key[1] == revision.doc_id]:
                    if revision.kind == WITHDRAWN:
                        withdrawn[key] = current.pop(key)
                    elif revision.kind == RESTORED:
                        current[key] = replace(withdrawn.pop(key), modified=moment)
                    else:
                        current[key] = revise(current[key], moment, revision)
                    made.append(Change(revision.kind, key[0], revision.doc_id, moment))
            days.append(_Day(dict(current), tuple(made)))
        self._days = tuple(days)

    def documents(self, column: str, day: int) -> list[D]:
        """The documents listed in `column` on `day`, newest first."""
        return newest_first(doc for doc in self.current(day) if doc.column == column)

    def document(self, column: str, doc_id: int | str, day: int) -> D | None:
        """The version of a document `column` shows on `day`, or None."""
        return self._day(day).documents.get((column, doc_id))

    def current(self, day: int) -> list[D]:
        """Every document on `day`, in no particular order."""
        return list(self._day(day).documents.values())

    def at_path(self, path: str, day: int) -> D | None:
        return next((d for d in self._day(day).documents.values() if d.path == path), None)

    def attachment(self, path: str, day: int) -> tuple[D, Any] | None:
        for doc in self._day(day).documents.values():
            for attachment in doc.attachments:
                if attachment.path == path:
                    return doc, attachment
        return None

    def changes(self, day: int) -> tuple[Change, ...]:
        """What `day` added and revised compared with the day before."""
        return self._day(day).changes if day <= LAST_DAY else ()

    def column_modified(self, column: str, day: int) -> datetime:
        """The last moment anything in `column` was published or changed, up to `day`."""
        moments = [doc.published for doc in self.documents(column, day)]
        for past in self._days[1 : min(day, LAST_DAY) + 1]:
            moments += [change.at for change in past.changes if change.column == column]
        return max(moments)

    def _day(self, day: int) -> _Day[D]:
        if day < 0:
            raise ValueError(f"timeline days start at 0, got {day}")
        return self._days[min(day, LAST_DAY)]
