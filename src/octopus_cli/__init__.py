"""octopus: the Octopus Conference 2021 programme on the command line."""

__version__ = "0.1.0"
