"""The WSGI app of `policywatch serve`: the web pages, and the built feed files at the root."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from feeds import params
from feeds.pages import POLICY_PREFIX
from policywatch.web import views
from policywatch.web.files import FeedFiles
from policywatch.web.headers import secure
from policywatch.web.http import finish
from policywatch.web.subscribe import search_feed_response
from policywatch.web.templates import render
from storage import Store

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)


class Digits(BaseConverter):
    """A path part of ASCII digits, kept as text: its range is checked by `params.number`,
    so that an id past any integer type is a 400 rather than an error of the database."""

    regex = "[0-9]+"


HTML = "text/html; charset=utf-8"
METHODS = ["GET", "HEAD"]
URLS = Map(
    [
        Rule("/", endpoint="search"),
        Rule(f"/{POLICY_PREFIX}<key>", endpoint="policy"),
        Rule("/document/<digits:document_id>", endpoint="document"),
        Rule("/document/<digits:document_id>/diff", endpoint="diff"),
        Rule("/health", endpoint="health"),
        Rule("/search.<any(atom, rss):fmt>", endpoint="search_feed"),
        Rule("/<path:path>", endpoint="file"),
    ],
    strict_slashes=False,
    converters={"digits": Digits},
)


class WebApp:
    """Read-only pages over `store` and the feed files under `feeds_dir`, each answer with an
    ETag, compressed when the client accepts gzip."""

    def __init__(self, store: Store, feeds_dir: Path, *, stale_after: timedelta) -> None:
        self.store = store
        self.feeds_dir = feeds_dir
        self.files = FeedFiles(feeds_dir)
        self.stale_after = stale_after

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.respond(request)
        except HTTPException as error:
            response = _error_page(request, error)
        except Exception:
            log.exception("%s %s failed", request.method, request.full_path)
            response = _error_page(request, InternalServerError())
        return finish(request, secure(response))(environ, start_response)

    def respond(self, request: Request) -> Response:
        """The answer to `request`; an HTTPException when there is none."""
        if request.method not in METHODS:
            raise MethodNotAllowed(valid_methods=METHODS)
        endpoint, values = URLS.bind_to_environ(request.environ).match()
        if "document_id" in values:
            values["document_id"] = params.number(values["document_id"], "the document id")
        if "key" in values:
            values["key"] = params.text(values["key"], "the policy key")
        root = request.script_root + "/"
        if endpoint == "file":
            found = self.files.answer(request, values["path"])
            if found is None:
                raise NotFound(f"no page or feed file {values['path']!r}")
            return found
        with self.store.session() as session:
            if endpoint == "search_feed":
                return search_feed_response(session, request.args, request.url_root, values["fmt"])
            if endpoint == "policy":
                return redirect(f"{root}document/{views.policy_document(session, values['key'])}")
            return Response(self._page(session, endpoint, request, values, root), content_type=HTML)

    def _page(
        self, session: Session, endpoint: str, request: Request, values: dict[str, Any], root: str
    ) -> str:
        if endpoint == "search":
            return views.search_page(session, request.args, root)
        if endpoint == "document":
            return views.document_page(session, values["document_id"], root)
        if endpoint == "diff":
            return views.diff_page(session, values["document_id"], request.args, root)
        return views.health_page(session, self.stale_after, root)


def _error_page(request: Request, error: HTTPException) -> Response:
    if error.code is None or error.code < 400:
        return error.get_response(request.environ)
    page = render(
        "error.html",
        root=request.script_root + "/",
        code=error.code,
        title=error.name,
        message=error.description,
    )
    response = Response(page, status=error.code, content_type=HTML)
    response.headers.extend(
        (name, value) for name, value in error.get_headers() if name.lower() == "allow"
    )
    return response
