"""The datasets' code hash: docstrings, comments and layout do not count, code does."""
from ionlib.analysis.provenance import code_hash, code_only


def test_code_only_ignores_docstrings_and_comments_but_not_code():
    src = '"""doc"""\ndef f(x):\n    """more"""\n    return x + 1\n'
    same = '"""other doc"""\n\ndef f(x):  # a comment\n    return x + 1\n'
    changed = '"""doc"""\ndef f(x):\n    return x + 2\n'
    assert code_only(src) == code_only(same) != code_only(changed)


def test_code_hash_follows_code_paths_and_order(tmp_path):
    (tmp_path / "a.py").write_text('"""A."""\nx = 1\n')
    (tmp_path / "b.py").write_text("y = 2\n")
    h = code_hash(tmp_path, ["a.py", "b.py"])
    assert len(h) == 64 and h == code_hash(tmp_path, ["a.py", "b.py"])
    assert code_hash(tmp_path, ["b.py", "a.py"]) != h           # order is part of the record
    (tmp_path / "a.py").write_text('"""A, reworded."""\nx = 1  # same code\n')
    assert code_hash(tmp_path, ["a.py", "b.py"]) == h
    (tmp_path / "a.py").write_text("x = 3\n")
    assert code_hash(tmp_path, ["a.py", "b.py"]) != h
