"""Run Gluteal Atlas from a source checkout: ``python main.py [command]``."""

import sys

from viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
