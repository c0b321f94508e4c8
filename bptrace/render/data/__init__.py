"""Renderers for data: the commands' JSON objects (interface contract §4) and CSV tables."""
