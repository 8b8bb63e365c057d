"""Scrapy downloader middlewares of policywatch."""
