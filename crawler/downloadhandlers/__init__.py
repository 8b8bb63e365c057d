"""Scrapy download handlers of policywatch."""
