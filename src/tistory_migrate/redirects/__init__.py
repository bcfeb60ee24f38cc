"""The redirect map: old Tistory URLs -> new addresses (see docs/design.md)."""
