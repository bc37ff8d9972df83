"""``python -m iku_helpers`` is the ``iku`` command."""

import sys

from .commands.cli import main

sys.exit(main())
