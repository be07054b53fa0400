import sys

from hoptheory.cli import main

sys.exit(main())
