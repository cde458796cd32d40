"""Sphinx extension: drop duplicate inline ``<script>`` blocks from rendered pages.

sphinx-thebe (loaded by Jupyter Book 1) registers its configuration script once per read phase;
on some rebuilds it lands twice in a page, and the second ``const THEBE_JS_URL`` declaration is a
JavaScript error in the reader's browser. Keeping the first copy of every identical script fixes it.
"""


def _dedupe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # inline scripts are registered once with filename None and once with "": same script
        key = (getattr(script, "filename", str(script)) or "",
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept  # in place: later handlers (e.g. MathJax) still append to this list


def setup(app):
    app.connect("html-page-context", _dedupe, priority=100)  # before handlers that return a template
    return {"parallel_read_safe": True, "parallel_write_safe": True}
