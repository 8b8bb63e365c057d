"""Scrapy spider middlewares of policywatch."""
