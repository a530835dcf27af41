import sys

from launchwatch.cli import main

sys.exit(main())
