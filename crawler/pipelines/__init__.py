"""Scrapy item pipelines of policywatch: quality, attachments, topics, storage."""
