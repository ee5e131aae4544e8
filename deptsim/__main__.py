import sys

from deptsim.cli import main

sys.exit(main())
