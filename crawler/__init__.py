"""Scrapy plumbing of policywatch: settings, item contract, middlewares, pipelines and CLI."""
