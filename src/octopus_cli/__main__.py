"""`python -m octopus_cli`."""

from .cli import main

main()
