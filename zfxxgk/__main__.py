"""``python -m zfxxgk`` = the ``zfxxgk`` command."""

import sys

from .cli import main

sys.exit(main())
