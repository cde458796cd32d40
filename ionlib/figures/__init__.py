"""What exists only to draw the book: the shared style, plot helpers, schematics and the Explore
panels. The numbers the pages show come from :mod:`ionlib.analysis` and the physics packages."""
