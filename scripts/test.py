"""Run every check of the collection: python3 scripts/test.py --help."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devtools import runner  # noqa: E402  (needs the path above)

if __name__ == "__main__":
    sys.exit(runner.main(sys.argv[1:]))
