"""Scrapy components of policywatch: settings, the item contract, platforms (one base spider per
CMS family), middlewares, pipelines, extensions and text extraction."""
