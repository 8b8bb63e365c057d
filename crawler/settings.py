"""Scrapy settings for policywatch; tuning comes from POLICYWATCH_* environment variables."""

from __future__ import annotations

import os


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


BOT_NAME = "policywatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
SPIDER_LOADER_CLASS = "crawler.spider_loader.CatalogueSpiderLoader"

USER_AGENT = os.environ.get(
    "POLICYWATCH_USER_AGENT",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 policywatch/0.1 (+https://github.com/policywatch/policywatch)",
)
ROBOTSTXT_OBEY = True
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.6",
}

CONCURRENT_REQUESTS = _env_int("POLICYWATCH_CONCURRENT_REQUESTS", 8)
CONCURRENT_REQUESTS_PER_DOMAIN = _env_int("POLICYWATCH_CONCURRENT_PER_HOST", 2)
# Outputs of one response in the pipelines at once: a detail page yields one item and a list
# page one page of requests, while Scrapy's default of 100 starts 100 tasks for every response.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = _env_float("POLICYWATCH_DOWNLOAD_DELAY", 1.0)
AUTOTHROTTLE_ENABLED = os.environ.get("POLICYWATCH_AUTOTHROTTLE", "1") == "1"
AUTOTHROTTLE_START_DELAY = _env_float("POLICYWATCH_AUTOTHROTTLE_START_DELAY", 2.0)
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = _env_int("POLICYWATCH_DOWNLOAD_TIMEOUT", 30)
DOWNLOAD_MAXSIZE = _env_int("POLICYWATCH_DOWNLOAD_MAXSIZE", 32 * 1024 * 1024)
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
POLICYWATCH_ATTACHMENT_MAXSIZE = _env_int("POLICYWATCH_ATTACHMENT_MAXSIZE", 20 * 1024 * 1024)
POLICYWATCH_BODY_MAXCHARS = _env_int("POLICYWATCH_BODY_MAXCHARS", 1_000_000)
RETRY_TIMES = _env_int("POLICYWATCH_RETRY_TIMES", 2)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 412]
RETRY_BACKOFF_BASE = _env_float("POLICYWATCH_RETRY_BACKOFF", 5.0)
RETRY_BACKOFF_MAX = 120.0
REDIRECT_MAX_TIMES = 5

COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("POLICYWATCH_LOG_LEVEL", "INFO")

POLICYWATCH_DB_URL = os.environ.get("POLICYWATCH_DB_URL")
POLICYWATCH_REPLICA = os.environ.get("POLICYWATCH_REPLICA")
POLICYWATCH_BACKFILL = os.environ.get("POLICYWATCH_BACKFILL", "0") == "1"
POLICYWATCH_BROWSER_VISITS = _env_int("POLICYWATCH_BROWSER_VISITS", 3)
POLICYWATCH_BROWSER_TIMEOUT = _env_float("POLICYWATCH_BROWSER_TIMEOUT", 60.0)
POLICYWATCH_CHROMIUM = os.environ.get("POLICYWATCH_CHROMIUM")
POLICYWATCH_CHROMEDRIVER = os.environ.get("POLICYWATCH_CHROMEDRIVER")

DNS_RESOLVER = "crawler.resolver.GuardedResolver"
DOWNLOAD_HANDLERS: dict[str, str | None] = {"file": None, "data": None, "ftp": None, "s3": None}
if POLICYWATCH_REPLICA:
    DOWNLOAD_HANDLERS |= {
        "http": "crawler.downloadhandlers.replica.ReplicaDownloadHandler",
        "https": "crawler.downloadhandlers.replica.ReplicaDownloadHandler",
    }
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.downloadermiddlewares.urlguard.UrlGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.downloadermiddlewares.giveups.CountedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.downloadermiddlewares.giveups.CountedHttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.downloadermiddlewares.giveups.CountedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    "crawler.downloadermiddlewares.browser.BrowserChallengeMiddleware": 600,
    "crawler.downloadermiddlewares.waf.WafMiddleware": 540,
    "crawler.downloadermiddlewares.charset.CharsetMiddleware": 530,
    "crawler.downloadermiddlewares.conditional.ConditionalListMiddleware": 520,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robots.CachedRobotsTxtMiddleware": 560,
}
SPIDER_MIDDLEWARES = {
    "crawler.spidermiddlewares.incremental.IncrementalMiddleware": 900,
    "crawler.spidermiddlewares.recheck.RecheckMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.quality.QualityPipeline": 600,
    "crawler.pipelines.attachments.AttachmentPipeline": 650,
    "crawler.pipelines.topics.TopicPipeline": 700,
    "crawler.pipelines.storage.StoragePipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.crawl_run.CrawlRunRecorder": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
