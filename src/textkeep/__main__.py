"""``python -m textkeep``: the same commands as the ``textkeep`` console script."""

from __future__ import annotations

from textkeep.cli import main

if __name__ == "__main__":
    main(prog_name="textkeep")
