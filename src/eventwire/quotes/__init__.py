"""Quotes: direct, mixed and indirect quotations with their speakers."""
