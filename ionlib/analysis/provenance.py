"""Provenance of the committed datasets (Figs A6, A7): a hash of the *code* their physics sources
contain, so that a page can say whether its precomputed data still match the library.

Only code counts: comments, docstrings and layout are stripped (the module's syntax tree without
docstrings is hashed), so a documentation fix does not invalidate hours of precomputation, while
any change to code does.
"""
from __future__ import annotations

import ast
import hashlib
from pathlib import Path

__all__ = ["code_only", "code_hash"]


def code_only(source):
    """The syntax tree of Python ``source`` without docstrings, as text: edits to comments,
    docstrings or layout do not change it; any change to code does."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False, include_attributes=False)


def code_hash(root, relative_paths):
    """SHA-256 (hex) of the code (:func:`code_only`) of the files ``relative_paths`` (POSIX paths
    relative to the folder ``root``, hashed in the order given, each with its path)."""
    root = Path(root)
    h = hashlib.sha256()
    for rel in relative_paths:
        text = (root / rel).read_text(encoding="utf-8")
        h.update(rel.encode() + b"\0" + code_only(text).encode() + b"\0")
    return h.hexdigest()
