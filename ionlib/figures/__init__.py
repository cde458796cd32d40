"""What exists only to draw the book: the shared style, plot helpers, schematics, and the analysis
helpers whose job is to produce the numbers a page shows (built on :mod:`ionlib.filter` and
:mod:`ionlib.knockon`)."""
