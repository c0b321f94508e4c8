"""Renderers for the terminal: Rich tables and text charts of a step, its views, reports,
checks and the list of examples."""
