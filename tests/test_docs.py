"""Documentation that cannot drift: every command has help with an example and is in the README."""

from __future__ import annotations

import pytest
from conftest import REPO, Run

COMMANDS = [
    ["list"],
    ["today"],
    ["grid"],
    ["now"],
    ["next"],
    ["show"],
    ["info"],
    ["export"],
    ["clashes"],
    ["diff"],
    ["changes"],
    ["agenda", "add"],
    ["agenda", "remove"],
    ["agenda", "show"],
    ["agenda", "clear"],
    ["validate"],
    ["schema"],
    ["import"],
    ["config", "show"],
    ["config", "set"],
    ["config", "unset"],
]


def _registered_commands() -> set[str]:
    import typer.main

    from octopus_cli.cli.app import app

    group = typer.main.get_command(app)
    names = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.update(f"{name} {s}" for s in sub) if sub else names.add(name)
    return names


def test_the_list_here_covers_every_command() -> None:
    assert {" ".join(c) for c in COMMANDS} == _registered_commands()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(run: Run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"octopus {' '.join(command)}" in result.stdout


def _example_argvs() -> list[list[str]]:
    """The octopus command lines of the README's and the pages' console examples, global
    options (`--programme FILE`, `--no-color`) left out, each from `octopus` on."""
    import shlex

    from test_readme_examples import EXAMPLES

    argvs = []
    for example in EXAMPLES:
        words = shlex.split(example.command.replace("|", " | "))
        for start, word in enumerate(words):
            if word != "octopus":
                continue
            rest = words[start + 1 :]
            while rest and rest[0] in ("--programme", "--no-color"):
                rest = rest[2:] if rest[0] == "--programme" else rest[1:]
            argvs.append(rest)
    return argvs


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_an_example_a_user_reads(command: list[str]) -> None:
    """In README.md or a page of docs/ (docs/cli.md aside: it is generated), run as a test."""
    assert any(argv[: len(command)] == command for argv in _example_argvs()), (
        f"no console example runs `octopus {' '.join(command)}` in README.md or docs/"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_named_in_the_readme(command: list[str]) -> None:
    """The README names every command (`agenda` and `config` as groups)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`{command[0]}`" in readme or f"octopus {' '.join(command)}" in readme


@pytest.mark.parametrize(
    "command", [[], ["config"], ["agenda"]], ids=["octopus", "octopus config", "octopus agenda"]
)
def test_a_bare_command_shows_its_help_and_succeeds(run: Run, command: list[str]) -> None:
    result = run(*command)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert result.stderr == ""


REGENERATE = "uv run typer octopus_cli.cli.app utils docs --name octopus --output docs/cli.md"


def test_the_cli_reference_is_generated_from_the_app() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("OCTOPUS_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "octopus_cli.cli.app",
            "utils",
            "docs",
            "--name",
            "octopus",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert result.stdout.strip() == written.strip(), f"docs/cli.md is out of date: {REGENERATE}"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_cli_reference(command: list[str]) -> None:
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"# `octopus {' '.join(command)}`" in reference


def test_the_readme_pictures_are_made_from_the_real_commands() -> None:
    """docs/make_pictures.py reruns the commands; the SVGs in the repository must match."""
    import subprocess
    import sys

    script = REPO / "docs" / "make_pictures.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for picture in ("docs/grid-tokyo.svg", "docs/today-bogota.svg"):
        assert f"]({picture})" in readme
    guides = REPO / "docs" / "guides"
    for page, picture in (
        ("today-now-next.md", "now-manila.svg"),
        ("agenda-clashes.md", "clashes-nairobi.svg"),
    ):
        assert f"](../{picture})" in (guides / page).read_text(encoding="utf-8")
