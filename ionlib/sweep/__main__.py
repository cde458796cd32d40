"""``python -m ionlib.sweep``: see :mod:`ionlib.sweep.cli`."""
import sys

from .cli import main

sys.exit(main())
