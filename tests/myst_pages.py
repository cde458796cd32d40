"""Small MyST notebooks written by tests (on the test path via pytest's ``pythonpath``)."""

#: The YAML front matter that makes a Markdown file a MyST notebook (as on every page of book/).
FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def notebook(*cells, title="A test notebook"):
    """A MyST notebook with one code cell per string in ``cells``."""
    body = "\n".join(f"```{{code-cell}} ipython3\n{cell}\n```\n" for cell in cells)
    return FRONT_MATTER + f"\n# {title}\n\n" + body
