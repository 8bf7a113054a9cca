"""Encoding repair (placeholder in branch repair-pinyin; the repair-codecs branch owns this file)."""
