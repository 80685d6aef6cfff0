"""The Typer app: built from the command table and the option declarations, with the
error handling for what Typer itself refuses. The commands live in `commands/`."""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any, NoReturn

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..core.errors import ExitStatus, OctopusError
from ..core.i18n import _
from . import options, params, runtime
from .commands import COMMANDS, GROUPS, command_function
from .language import VALUED, translate_extras, translate_usage
from .runtime import Invocation, execute, make_settings, report_error, user_error_status


class _Formatter(HelpFormatter):
    """Click's help layout, its words ('Usage:', 'Options') in the active language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, translate_extras(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)

    def write_heading(self, heading: str) -> None:
        # The colon is the language's: French sets it off with a no-break space.
        line = _("{heading}:").format(heading=_(heading))
        self.write(f"{'':>{self.current_indent}}{line}\n")


class _Context(typer.Context):
    formatter_class = _Formatter


class _NamesItsCommand:
    """Click leaves the command off some usage errors (a missing option value): attach it,
    so the hint names the right help (`See 'octopus list --help'`). Its help is written
    in the active language."""

    context_class: type[Context] = _Context

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help:
            option.help = _(option.help)  # 'Show this message and exit.'
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click.exceptions import UsageError

        try:
            result: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as error:
            if error.ctx is None:
                error.ctx, error.cmd = ctx, ctx.command
            raise
        return result


class OctopusCommand(_NamesItsCommand, TyperCommand):
    """A command of the app."""


class OctopusGroup(_NamesItsCommand, TyperGroup):
    """Maps what Typer refuses (bad usage, bad values) to `Error: ...` on stderr, exit 2."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            # The language first: Click acts on an eager --help while it parses, before any
            # callback; `main` chose it already, but the app also runs without `main`.
            import os

            from .language import start_language, translate_tree

            start_language(args, os.environ)
            translate_tree(ctx.command)
        if ctx.parent is None and not ctx.resilient_parsing:  # `--show-completion zsh`
            for action in ("--show-completion", "--install-completion"):
                shell = _named_shell(args, action)
                if shell:
                    _completion(action, shell)
        result: list[str] = super().parse_args(ctx, args)
        return result

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
        from typer.exceptions import Abort

        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except (OctopusError, KeyboardInterrupt) as error:
            sys.exit(user_error_status(error))
        except NoArgsIsHelpError as error:
            # A bare `octopus` (or `octopus config`) asks for help: show it and succeed.
            sys.stdout.write(error.format_message() + "\n")
            sys.exit(ExitStatus.OK)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx else "octopus"
            message = translate_usage(error.format_message())
            option = getattr(error, "option_name", None)
            if option in _GLOBAL_OPTIONS and command != "octopus":  # `octopus today --lang fr`
                words = command.split(" ", 1)[1]
                hint = _(
                    "{option} is octopus's own option: give it before the command, as in "
                    "'octopus {option} ... {command}'."
                ).format(option=option, command=words)
            else:
                hint = _("See '{command} --help'.").format(command=command)
            report_error(message, hint)
            sys.exit(ExitStatus.USAGE)
        except ClickException as error:
            report_error(translate_usage(error.format_message()))
            sys.exit(ExitStatus.USAGE)
        except Abort:
            sys.exit(user_error_status(KeyboardInterrupt()))
        except SystemExit as stop:
            from typer._click.utils import PacifyFlushWrapper

            # Help written into a closed pipe: Typer (or Rich, which printed it) exits 1.
            closed = isinstance(sys.stdout, PacifyFlushWrapper) or runtime.stdout_silenced()
            if stop.code == 1 and closed:
                sys.exit(ExitStatus.OK)
            raise
        sys.exit(result if isinstance(result, int) else ExitStatus.OK)


# Options of `octopus` itself, which come before the command.
_GLOBAL_OPTIONS = ("--lang", "--programme", "--refresh", "--no-color")


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while a shell asks for completions
        sys.stdout.write(f"octopus {__version__}\n")
        raise typer.Exit()


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_OCTOPUS_COMPLETE"  # the variable the completion scripts set


def _completion(action: str, given: str) -> None:
    """`--show-completion [SHELL]` or `--install-completion [SHELL]`: for the shell named,
    else the one octopus runs in; an Error for a shell it cannot serve."""
    from typer._completion_shared import _get_shell_name, get_completion_script, install

    shell = given.casefold() or _get_shell_name() or ""
    if shell not in SHELLS:
        if given:
            message = _("cannot set up completion for the shell {shell}").format(shell=repr(given))
        else:
            message = _("cannot set up completion for this shell")
        raise OctopusError(
            message,
            _("Name the shell: {shells} (for example {action} zsh).").format(
                shells=", ".join(SHELLS), action=action
            ),
        )
    if action == "--show-completion":
        script = get_completion_script(prog_name="octopus", complete_var=COMPLETE_VAR, shell=shell)
        sys.stdout.write(script + "\n")
    else:
        shell, path = install(shell, "octopus", COMPLETE_VAR)
        sys.stderr.write(f"Installed {shell} completion in {path}; it works in new shells.\n")
    raise typer.Exit()


def _named_shell(args: list[str], action: str) -> str | None:
    """The shell named after `action` among the global options (None: not asked; '': asked
    without a shell). Click has no options with an optional value, so they are read here."""
    index = 0
    while index < len(args) and args[index].startswith("-"):
        if args[index] == action:
            following = args[index + 1] if index + 1 < len(args) else ""
            return following if following in SHELLS or not following.startswith("-") else ""
        index += 2 if args[index] in VALUED else 1
    return None


def _completion_flag(action: str) -> Any:
    def callback(ctx: typer.Context, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            _completion(action, "")

    return callback


def _root(
    ctx: typer.Context,
    programme: options.ProgrammeOption = None,
    refresh: options.RefreshOption = False,
    lang: options.LangOption = None,
    no_color: options.NoColorOption = False,
    version: typing.Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    install_completion: typing.Annotated[
        bool,
        typer.Option(
            "--install-completion",
            is_eager=True,
            callback=_completion_flag("--install-completion"),
            help="Install completion for the shell you are in, or for the one named after "
            "it: " + ", ".join(SHELLS[:4]) + ".",
        ),
    ] = False,
    show_completion: typing.Annotated[
        bool,
        typer.Option(
            "--show-completion",
            is_eager=True,
            callback=_completion_flag("--show-completion"),
            help="Print the completion script (for the shell named after it, else yours), to "
            "install it yourself.",
        ),
    ] = False,
) -> None:
    """The Octopus Conference 2021 programme (Council of Europe, online, 16-18 November 2021)
    in your terminal and your time zone.

    Examples:

      octopus today --tz Asia/Manila

      octopus list --day 2 --format json

      octopus show ws6
    """
    del lang  # read before parsing, with OCTOPUS_LANG and the rest (`OctopusGroup`)
    ctx.obj = make_settings(programme, no_color, refresh)


def _resolved(annotated: Any) -> dict[str, Any]:
    """The annotations of a command function or group, naming the declarations of
    `options.py` (the command modules import them for type checking only)."""
    namespace = {**vars(options), **vars(runtime), **vars(sys.modules[annotated.__module__])}
    return typing.get_type_hints(annotated, globalns=namespace, include_extras=True)


def typer_command(command: params.Command) -> Any:
    """`command` as Typer sees it: a function of a context and the command-line parameters
    (groups spread into their options), that runs the command under the one error handler."""
    hints = _resolved(command)
    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    for parameter, group in params.command_line_parameters(command):
        annotation = (_resolved(group) if group else hints)[parameter.name]
        parameters.append(parameter.replace(annotation=annotation, kind=parameter.KEYWORD_ONLY))

    def run(ctx: typer.Context, **given: Any) -> None:
        invocation = Invocation(ctx.find_root().obj)
        status = execute(invocation, lambda: params.call(command, invocation, given))
        if status:
            raise typer.Exit(status)

    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    run.__doc__ = command.__doc__
    run.__name__ = command.__name__
    return run


def build_app() -> typer.Typer:
    from typer._completion_classes import completion_init

    completion_init()  # Typer's shell protocols (its own completion options are replaced)
    root = typer.Typer(
        cls=OctopusGroup,
        # Plain help: readable at any width and in any terminal, and it does not load Rich.
        rich_markup_mode=None,
        name="octopus",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        add_completion=False,  # ours below: they honour the shell named
    )
    root.callback()(_root)
    groups = {
        name: typer.Typer(cls=OctopusGroup, help=text, short_help=summary, no_args_is_help=True)
        for name, (text, summary) in GROUPS.items()
    }
    for path, (_module, _function, summary) in COMMANDS.items():
        parent = groups[path[0]] if len(path) > 1 else root
        command = parent.command(path[-1], cls=OctopusCommand, short_help=summary)
        command(typer_command(command_function(path)))
    for name, group in groups.items():
        root.add_typer(group, name=name)
    return root


app = build_app()
