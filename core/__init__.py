"""Rensa's cleaning engine: pure, I/O-free, shared by the CLI, the API and the add-on.

>>> result = clean(Table(header=["E-post"], rows=[[" Anna@Example.SE "]]))
>>> result.rows, result.roles
([['Anna@example.se']], ['email'])
"""

from core.clean import clean
from core.models import CleanConfig, CleanResult, Table

__all__ = ["CleanConfig", "CleanResult", "Table", "clean"]
