"""Where the tests' data lives in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
DEMO_BLOG = ROOT / "src" / "tistory_migrate" / "demo" / "seodaemun"
HANBIT_BLOG = FIXTURES / "blogs" / "hanbit-custom"
