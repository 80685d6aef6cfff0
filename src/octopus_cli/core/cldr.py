"""Weekday and month names from CLDR (via Babel), written by
`python -m octopus_cli.cli.generate`: octopus does not import Babel at run time.
Do not edit."""

WEEKDAYS = {
    'fr': ('lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'),
    'es': ('lun', 'mar', 'mié', 'jue', 'vie', 'sáb', 'dom'),
}
MONTHS = {
    'fr': ('janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'),
    'es': ('ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'),
}
WEEKDAY_WORDS = {
    'fr': (('lundi', 'lun'), ('mardi', 'mar'), ('mercredi', 'mer'), ('jeudi', 'jeu'), ('vendredi', 'ven'), ('samedi', 'sam'), ('dimanche', 'dim')),
    'es': (('lunes', 'lun'), ('martes', 'mar'), ('miércoles', 'mié'), ('jueves', 'jue'), ('viernes', 'vie'), ('sábado', 'sáb'), ('domingo', 'dom')),
}
