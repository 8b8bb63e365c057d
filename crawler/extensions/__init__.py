"""Scrapy extensions of policywatch."""
