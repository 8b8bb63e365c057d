"""The project's settings without the URL guard middleware: what the resolver holds alone."""

from crawler.settings import *  # noqa: F403
from crawler.settings import DOWNLOADER_MIDDLEWARES

DOWNLOADER_MIDDLEWARES = {
    **DOWNLOADER_MIDDLEWARES,
    "crawler.downloadermiddlewares.urlguard.UrlGuardMiddleware": None,
}
