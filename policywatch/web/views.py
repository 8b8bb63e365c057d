"""The web view's pages, read from the database: search, a document, a diff, source health."""

from __future__ import annotations

from datetime import timedelta

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from feeds import params
from feeds.diff.compare import CONTEXT, render_diff
from feeds.diff.page import version_text, versions_to_compare
from feeds.entries import primary_document
from feeds.lineage import attachment_facts, lineage
from feeds.queries import sources
from feeds.search_form import PAGE_SIZE, SearchForm
from policywatch.web.templates import render
from policywatch.web.trends import search_trends
from storage.archive import dossier
from storage.health import source_health
from storage.incidents import open_incidents
from storage.models import Change, Document, Policy, Source
from storage.regions import region_label
from storage.relevance import relevant_topics
from storage.search import SORTS, search


def search_page(session: Session, args: MultiDict[str, str], root: str) -> str:
    """The search form and one page of the documents found, newest (or most relevant) first."""
    form = SearchForm.read(args)
    hits = search(
        session,
        form.values["q"],
        form.filters,
        sort=form.sort,
        limit=PAGE_SIZE + 1,
        offset=form.offset,
    )
    return render(
        "search.html",
        root=root,
        form=form,
        hits=hits[:PAGE_SIZE],
        more=len(hits) > PAGE_SIZE,
        choices=_choices(session),
        trends=search_trends(session, form.values["q"], form.filters),
    )


def _choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """The options of each drop-down of the search form, as (value, label)."""
    sites = session.scalars(select(Source.site).distinct().order_by(Source.site))
    regions = session.scalars(select(Source.region).distinct().order_by(Source.region))
    return {
        "source": [(source.id, f"{source.name} ({source.id})") for source in sources(session)],
        "site": [(site, site) for site in sites],
        "region": [(region, region_label(region)) for region in regions],
        "kind": [(kind, kind) for kind in Change.KINDS],
        "sort": [(sort, sort) for sort in SORTS],
    }


def document_page(session: Session, document_id: int, root: str) -> str:
    """A document: metadata, body, versions, changes, reposts, attachments, the policy's links
    to other policies (a repeal of it at the top), the original."""
    found = dossier(session, str(document_id))
    if found is None:
        raise NotFound(f"no document {document_id}")
    topics = sorted(relevant_topics(found.current.topics))
    return render(
        "document.html",
        root=root,
        dossier=found,
        topics=topics,
        lineage=lineage(session, found.document.policy_id),
        attachments=attachment_facts(found.document, found.current),
    )


def policy_document(session: Session, key: str) -> int:
    """The id of the document shown for policy `key`: its primary one, else its first."""
    policy = session.scalar(select(Policy).where(Policy.key == key))
    document = primary_document(policy) if policy else None
    if document is None:
        raise NotFound(f"no policy {key!r}")
    return document.id


def diff_page(session: Session, document_id: int, args: MultiDict[str, str], root: str) -> str:
    """The changes between two versions of a document (by default the latest and the one
    before it), sentence by sentence with the changed words marked."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    try:
        old, new = versions_to_compare(
            document, params.optional_number(args, "from"), params.optional_number(args, "to")
        )
    except LookupError as error:
        raise NotFound(str(error)) from error
    diff = render_diff(version_text(old), version_text(new), context=CONTEXT, max_paragraphs=None)
    return render("diff.html", root=root, document=document, old=old, new=new, diff=Markup(diff))


def health_page(session: Session, stale_after: timedelta, root: str) -> str:
    """Every source's status, why it is not healthy, its open incident, and when it last ran,
    succeeded and found something new."""
    rows = source_health(session, stale_after=stale_after)
    return render("health.html", root=root, rows=rows, incidents=open_incidents(session))
