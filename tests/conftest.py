"""
pytest configuration for the perftarget tests.
"""

from hypothesis import settings

# tests/typing/ is checked by mypy --strict, not executed.
collect_ignore = ["typing"]

settings.register_profile("ci", deadline=None)
settings.load_profile("ci")
