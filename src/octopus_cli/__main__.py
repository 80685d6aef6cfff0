"""`python -m octopus_cli`."""

from .entry import main

main()
