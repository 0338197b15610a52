"""
Reading and writing tables: the edge where files become model objects.
"""

from perftarget.io._build import HEADER_ROLES, RawRow, build_project, header_roles

__all__ = ["HEADER_ROLES", "RawRow", "build_project", "header_roles"]
