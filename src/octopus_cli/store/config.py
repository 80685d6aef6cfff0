"""User settings (`octopus config`) and the choice of display zones.

The config file is TOML in the platform's config directory (or `$OCTOPUS_HOME`). It is
never rewritten when it cannot be read: a broken file is reported, not replaced."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.errors import ConfigError, ZoneError
from ..core.i18n import LANGUAGES, _
from ..core.timezones import ResolvedZone, resolve_zone
from .fileio import NotRegularError, TooLargeError, megabytes, read_limited, write_atomic

APP_NAME = "octopus"
# Each setting, and what it means (translated when shown, hence a function).
SETTINGS: dict[str, Callable[[], str]] = {
    "tz": lambda: _("default display time zone (an IANA name, e.g. Asia/Manila)"),
    "lang": lambda: _("language octopus speaks: en, fr or es"),
}
MAX_CONFIG_BYTES = 1024 * 1024  # a settings file holds a line or two


class HomeError(ConfigError):
    """No directory to keep octopus's files in: every command that reads them stops (exit 2)."""


def home_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps its files: $OCTOPUS_HOME, else the platform's config directory."""
    if environ.get("OCTOPUS_HOME"):
        value = environ["OCTOPUS_HOME"]
        try:
            return Path(value).expanduser()
        except RuntimeError:  # '~someone' for a user the system does not know
            raise HomeError(
                _("OCTOPUS_HOME: cannot find the home directory in '{value}'").format(value=value),
                _(
                    "Give OCTOPUS_HOME the path of a directory (a '~user' there must be a user "
                    "of this system)."
                ),
            ) from None
    if sys.platform == "win32":
        base = environ.get("APPDATA") or str(_user_home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Application Support" / APP_NAME
    return Path(environ.get("XDG_CONFIG_HOME") or _user_home() / ".config") / APP_NAME


def _user_home() -> Path:
    """The user's home directory; HomeError when the system cannot say (HOME unset, and a
    user id without an entry in the password database, as in some containers)."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        raise HomeError(
            _(
                "cannot find your home directory: HOME is not set and this user id has no "
                "home in the system's user database"
            ),
            _(
                "Set HOME, or OCTOPUS_HOME to the directory octopus should keep its settings, "
                "agenda and cache in."
            ),
        ) from None


def data_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps user data (the agenda): $OCTOPUS_HOME, else the platform's data
    directory ($XDG_DATA_HOME/octopus, ~/.local/share/octopus on Linux)."""
    if environ.get("OCTOPUS_HOME") or sys.platform in ("win32", "darwin"):
        return home_dir(environ)
    return Path(environ.get("XDG_DATA_HOME") or _user_home() / ".local" / "share") / APP_NAME


def cache_dir(environ: Mapping[str, str]) -> Path:
    """Where octopus keeps what it can rebuild (validated programmes): $OCTOPUS_HOME/cache,
    else the platform's cache directory (~/.cache/octopus on Linux)."""
    if environ.get("OCTOPUS_HOME"):
        return home_dir(environ) / "cache"
    if sys.platform == "win32":
        base = environ.get("LOCALAPPDATA") or str(_user_home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "cache"
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Caches" / APP_NAME
    return Path(environ.get("XDG_CACHE_HOME") or _user_home() / ".cache") / APP_NAME


def config_path(environ: Mapping[str, str]) -> Path:
    return home_dir(environ) / "config.toml"


def read_config(path: Path) -> dict[str, str]:
    """The settings in the file ({} when there is none); ConfigError when it is unusable."""
    fix = _("Fix or remove {path}; octopus never overwrites a file it cannot read.").format(
        path=path
    )
    try:
        data = read_limited(path, MAX_CONFIG_BYTES, regular_only=True)
    except FileNotFoundError:
        return {}
    except NotRegularError:
        problem = _(
            "cannot read the config file {path}: not a regular file (a FIFO, a device or a socket)"
        )
        raise ConfigError(problem.format(path=path), fix) from None
    except TooLargeError:
        problem = _("cannot read the config file {path}: too large (over {size})")
        raise ConfigError(
            problem.format(path=path, size=megabytes(MAX_CONFIG_BYTES)), fix
        ) from None
    except OSError as error:
        problem = _("cannot read the config file {path}: {reason}")
        raise ConfigError(problem.format(path=path, reason=error.strerror), fix) from None
    import tomllib  # here: most runs have no config file, and the import costs 2 ms

    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problem = _("the config file {path} is not UTF-8 text")
        raise ConfigError(problem.format(path=path), fix) from None
    except tomllib.TOMLDecodeError as error:
        problem = _("the config file {path} is not valid TOML: {error}")
        raise ConfigError(problem.format(path=path, error=error), fix) from None
    except (RecursionError, ValueError):  # absurd nesting, a number of thousands of digits
        problem = _("the config file {path} is not a settings file")
        raise ConfigError(problem.format(path=path), fix) from None
    settings: dict[str, str] = {}
    for key, value in document.items():
        if key not in SETTINGS:
            raise ConfigError(
                _("the config file {path} has an unknown setting '{key}'").format(
                    path=path, key=key
                ),
                _known_settings() + " " + fix,
            )
        if not isinstance(value, str):
            problem = _("the config file {path}: '{key}' must be a string")
            raise ConfigError(problem.format(path=path, key=key), fix)
        settings[key] = value
    return settings


def _known_settings() -> str:
    return _("Known settings: {settings}.").format(settings=", ".join(SETTINGS))


def _unknown_setting(key: str) -> ConfigError:
    return ConfigError(_("unknown setting '{key}'").format(key=key), _known_settings())


def configured_language(environ: Mapping[str, str]) -> str | None:
    """The `lang` setting ('en', 'fr' or 'es'), read at start-up to choose the language:
    None when it is not set or not one of those, and when the config file cannot be read
    (never an error here: the command that reads the settings reports a broken file). Most
    files hold no `lang`, and are then not parsed at all."""
    try:
        data = read_limited(config_path(environ), MAX_CONFIG_BYTES, regular_only=True)
        if b"lang" not in data:
            return None
        import tomllib

        value = tomllib.loads(data.decode("utf-8-sig")).get("lang")
    except Exception:  # no file, an unreadable one, no home directory: no setting
        return None
    if not isinstance(value, str):
        return None
    language = value.strip().casefold()
    return language if language in LANGUAGES else None


def write_config(path: Path, settings: Mapping[str, str]) -> None:
    # JSON string syntax is valid TOML basic-string syntax for these values.
    lines = [f"{key} = {json.dumps(value)}\n" for key, value in sorted(settings.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "".join(lines).encode("utf-8"))


def set_setting(path: Path, key: str, value: str) -> str:
    """Store one setting (validated); returns the value as stored."""
    if key not in SETTINGS:
        raise _unknown_setting(key)
    settings = read_config(path)  # refuses to continue over a broken file
    stored = value
    if key == "tz":
        stored = resolve_zone(value).name
    elif key == "lang":
        stored = value.strip().casefold()
        if stored not in LANGUAGES:
            raise ConfigError(
                _("unknown language '{value}'").format(value=value),
                _("Choose one of: {choices}.").format(choices=", ".join(LANGUAGES)),
            )
    settings[key] = stored
    write_config(path, settings)
    return stored


def unset_setting(path: Path, key: str) -> bool:
    if key not in SETTINGS:
        raise _unknown_setting(key)
    settings = read_config(path)
    if key not in settings:
        return False
    del settings[key]
    write_config(path, settings)
    return True


@dataclass(frozen=True)
class ZoneChoice:
    """The zones a command shows (the primary first), and notes on how they were chosen."""

    zones: list[ZoneInfo]  # display zones, the primary first
    notes: list[str]  # what the user should know about how names were read


def choose_zones(
    cli_values: Sequence[str], environ: Mapping[str, str], conference_zone: ZoneInfo
) -> ZoneChoice:
    """Display zones, by precedence: --tz, OCTOPUS_TZ, the config file, the conference zone."""
    resolved: list[ResolvedZone] = []
    if cli_values:
        resolved = [resolve_zone(value) for value in cli_values]
    elif environ.get("OCTOPUS_TZ"):
        where = _("OCTOPUS_TZ: {message}")
        resolved = [
            _resolve_from(environ["OCTOPUS_TZ"], lambda message: where.format(message=message))
        ]
    else:
        path = config_path(environ)
        configured = read_config(path).get("tz")
        if configured:
            where = _("the config file {path} (tz): {message}")
            resolved = [
                _resolve_from(configured, lambda message: where.format(path=path, message=message))
            ]
    zones: list[ZoneInfo] = []
    for item in resolved:
        if item.zone not in zones:
            zones.append(item.zone)
    return ZoneChoice(zones or [conference_zone], [r.note for r in resolved if r.note])


def _resolve_from(value: str, where: Callable[[str], str]) -> ResolvedZone:
    """The zone `value` names; an error says where the name came from (`where`)."""
    try:
        return resolve_zone(value)
    except ZoneError as error:
        raise ZoneError(where(error.message), error.hint) from None
