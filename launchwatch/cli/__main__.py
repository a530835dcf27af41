"""`python -m launchwatch.cli`, as `python -m launchwatch` and the `launchwatch` script."""

import sys

from launchwatch.cli import main

sys.exit(main())
