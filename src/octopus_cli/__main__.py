"""`python -m octopus_cli`."""

try:
    from .cli.entry import main
except KeyboardInterrupt:  # Ctrl-C in the first milliseconds: still no traceback
    raise SystemExit(130) from None

main()
