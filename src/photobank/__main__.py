"""``python -m photobank`` is the ``photobank`` command."""

from photobank.cli import main

main()
