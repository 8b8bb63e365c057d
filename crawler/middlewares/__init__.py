"""Scrapy middlewares of policywatch."""
