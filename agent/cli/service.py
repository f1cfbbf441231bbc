"""``onward service install`` and ``onward service status``: Onward as a systemd user service.

* The unit (``config/onward.service``) runs this Python with ``--config PATH`` whenever the config was
  not found at the default path (``--config`` or ``ONWARD_CONFIG``: the service sees neither). Every
  word of its ``ExecStart`` is escaped for systemd: ``%`` is a specifier (``%h`` the home directory)
  and ``$`` a variable, so a path holding them is written ``%%`` / ``$$``.
* The unit reads ``~/.config/onward/onward.env`` for the ``password_env`` variables (and Google's
  ``client_secret_env``): without them every start would end with exit 2, which the unit does not
  restart. ``install`` says exactly which variables the file needs and whether it has them (mode
  0600), or writes it from this shell's environment (``--write-env``).
* ``status`` says whether the unit is installed (and current), enabled, running, and the last error
  in the journal; where ``systemctl`` or ``journalctl`` is missing, or there is no user session bus,
  it says so and reports what it can.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import platformdirs

from agent import shipped
from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, emit_json, settings_for
from agent.config import APP_NAME, Settings
from agent.privatefile import write_private

UNIT_NAME = "onward.service"
SYSTEMCTL_SECONDS = 10.0
UNSAFE_IN_ENV = ("\n", "\r", "\0")


def unit_path() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "systemd" / "user" / UNIT_NAME


def env_file_path() -> Path:
    """The unit's ``EnvironmentFile=-%h/.config/onward/onward.env`` (``%h``: the home directory)."""
    return Path.home() / ".config" / APP_NAME / "onward.env"


def systemd_word(arg: str) -> str:
    """One word of an ``ExecStart`` line: specifiers (``%``) and variables (``$``) doubled, backslashes and
    quotes escaped, double-quoted when it holds anything but plain characters."""
    text = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    plain = text and text == arg and not any(c.isspace() or c in "'\";" for c in arg)
    return text if plain else f'"{text}"'


def config_for_unit(given: str | None) -> Path | None:
    """The config the unit must name: the one in use, unless it is where ``onward`` looks by default."""
    chosen = given or os.environ.get("ONWARD_CONFIG")
    if not chosen:
        return None
    path = Path(chosen).expanduser().resolve()
    default = (Path(platformdirs.user_config_dir(APP_NAME)) / "onward.toml").resolve()
    return None if path == default else path


def unit_text(config: Path | None) -> str:
    """The shipped unit (config/onward.service), its ExecStart pointing at this Python and config."""
    command = [sys.executable, "-m", "agent.cli"] + (["--config", str(config)] if config else [])
    return shipped.service_unit_text().replace("@EXEC@", " ".join(systemd_word(w) for w in command))


def needed_variables(settings: Settings) -> dict[str, str]:
    """Variable -> what it holds, for every account whose secret comes from the environment."""
    out: dict[str, str] = {}
    for acct in settings.accounts:
        imap = acct.imap
        if imap.auth == "password":
            if imap.password_env:
                out.setdefault(imap.password_env, f"the password of account {acct.name}")
            elif not imap.password_command and not imap.keyring:
                out.setdefault("ONWARD_PASSWORD", f"the password of account {acct.name}")
        if imap.oauth is not None and imap.oauth.client_secret_env:
            out.setdefault(imap.oauth.client_secret_env, f"the OAuth client secret of account {acct.name}")
    return out


def env_file_names(path: Path) -> set[str] | None:
    """The variables ``path`` sets (None when there is no such file)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    names = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")) and "=" in line:
            names.add(line.split("=", 1)[0].strip().removeprefix("export ").strip())
    return names


def env_line(name: str, value: str) -> str:
    """``NAME='value'`` as systemd's EnvironmentFile reads it (single quotes: nothing expanded)."""
    if "'" not in value:
        return f"{name}='{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return f'{name}="{escaped}"'


# -- install --------------------------------------------------------------------------------------------


def cmd_service(args: argparse.Namespace) -> int:
    if args.action == "status":
        return cmd_status(args)
    settings = settings_for(args, required=False)
    path = unit_path()
    text = unit_text(config_for_unit(args.config))
    if path.exists():
        old = path.read_text(encoding="utf-8", errors="replace")
        if old == text:
            print(f"{path} is up to date")
        elif not args.force and "@EXEC@" not in old and "Onward" not in old:
            raise CliError(f"{path} exists and is not Onward's: move it away or pass --force", EXIT_CONFIG)
    if not path.exists() or path.read_text(encoding="utf-8", errors="replace") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o644)
        print(f"wrote {path}")
    needed = needed_variables(settings)
    if args.write_env:
        write_env_file(needed)
    print_env_advice(needed)
    print("start it now and at every login with:\n"
          "  systemctl --user daemon-reload\n"
          "  systemctl --user enable --now onward.service\n"
          "check it with: onward service status  ·  logs: journalctl --user -u onward -f  ·  "
          "keep it running while logged out: loginctl enable-linger")
    return EXIT_OK


def write_env_file(needed: dict[str, str]) -> None:
    """``--write-env``: the file gets each needed variable from this shell (other lines are kept), mode 0600."""
    if not needed:
        print("no environment file needed: no account takes its secret from an environment variable")
        return
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        raise CliError(f"--write-env: {', '.join(missing)} is not set in this shell (set it first, e.g. "
                       f"read -rs {missing[0]} && export {missing[0]}); nothing written", EXIT_CONFIG)
    bad = [name for name in needed if any(c in os.environ[name] for c in UNSAFE_IN_ENV)]
    if bad:
        raise CliError(f"--write-env: {bad[0]} holds a line break, which an environment file cannot keep",
                       EXIT_CONFIG)
    path = env_file_path()
    try:
        kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                if line.split("=", 1)[0].strip().removeprefix("export ").strip() not in needed]
    except FileNotFoundError:
        kept = ["# Secrets for the onward systemd user service (read by EnvironmentFile=; keep it mode 0600)"]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, "\n".join(kept + [env_line(n, os.environ[n]) for n in needed]) + "\n")
    print(f"wrote {path} (mode 0600): {', '.join(needed)}")


def print_env_advice(needed: dict[str, str]) -> None:
    """What the service's environment file must hold, and whether it does."""
    if not needed:
        return
    path = env_file_path()
    names = env_file_names(path)
    missing = [n for n in needed if names is None or n not in names]
    if names is not None and not missing:
        mode = stat.S_IMODE(path.stat().st_mode)
        print(f"{path} sets {', '.join(needed)}"
              + ("" if mode & 0o077 == 0 else f"; but others can read it (mode {mode:o}): run chmod 600 {path}"))
        return
    print(f"the service reads {', '.join(needed)} from {path}, which "
          + ("does not exist yet" if names is None else f"does not set {', '.join(missing)}") + ". Create it:")
    print(f"  install -d -m 700 {path.parent} && install -m 600 /dev/null {path}" if names is None else
          f"  chmod 600 {path}")
    print("  and put in it, one per line:")
    for name in missing:
        print(f"    {name}=...   ({needed[name]})")
    print("or let Onward write it from this shell's environment: onward service install --write-env")


# -- status ---------------------------------------------------------------------------------------------


def _systemctl(*args: str) -> tuple[str | None, str | None]:
    """(the answer, None), or (None, why there is none)."""
    return _run("systemctl", "--user", *args)


def _run(tool: str, *args: str) -> tuple[str | None, str | None]:
    exe = shutil.which(tool)
    if exe is None:
        return None, f"{tool} not found"
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=SYSTEMCTL_SECONDS,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{tool} did not answer ({type(exc).__name__})"
    answer = done.stdout.strip()
    if not answer and done.returncode == 0:  # nothing to say (journalctl -q: no entries)
        return "", None
    if not answer:
        err = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        return None, f"{tool} --user: {err[:200]}"
    return answer, None


def service_status(config: str | None) -> dict[str, Any]:
    path = unit_path()
    installed = path.is_file()
    out: dict[str, Any] = {"unit": str(path), "installed": installed,
                           "up_to_date": (path.read_text(encoding="utf-8", errors="replace")
                                          == unit_text(config_for_unit(config))) if installed else None,
                           "enabled": None, "running": None, "last_error": None, "unknown": {}}
    for key, args in (("enabled", ("is-enabled", UNIT_NAME)), ("running", ("is-active", UNIT_NAME))):
        answer, why = _systemctl(*args)
        if answer is None:
            out["unknown"][key] = why
        else:
            out[key] = answer.splitlines()[0]
    lines, why = _run("journalctl", "--user", "-u", UNIT_NAME, "-p", "err", "-n", "1", "-o", "short-iso",
                      "--no-pager", "-q")
    if lines:
        out["last_error"] = lines.splitlines()[-1][:500]
    elif why:
        out["unknown"]["last_error"] = why
    return out


def cmd_status(args: argparse.Namespace) -> int:
    status = service_status(args.config)
    if args.json:
        emit_json(status)
        return EXIT_OK
    unknown = status["unknown"]

    def said(key: str) -> str:
        return str(status[key]) if status[key] is not None else f"unknown ({unknown.get(key, 'no answer')})"

    print(f"unit:      {status['unit']} "
          + ("(not installed: run onward service install)" if not status["installed"] else
             "(installed)" if status["up_to_date"] else "(installed, but not what install writes now: "
             "run onward service install)"))
    print(f"enabled:   {said('enabled')}")
    print(f"running:   {said('running')}")
    last = status["last_error"] or (f"unknown ({unknown['last_error']})" if "last_error" in unknown else "none")
    print(f"last error in the journal: {last}")
    return EXIT_OK
