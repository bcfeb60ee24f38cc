"""The network seam and its stand-ins (see docs/design.md)."""
