"""``python -m perftarget.cli``: the same as the ``perftarget`` command."""

import sys

from perftarget.cli._main import main

sys.exit(main())
