"""The effectful steps of `scrape` (see docs/design.md)."""
