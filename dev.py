#!/usr/bin/env python3.11
"""Set up ``.venv`` when needed, then run the demo, the test suite or any sitrep command.

    python3.11 dev.py demo      # ingest examples/ into ./sitrep.db and list the events
    python3.11 dev.py test      # ruff, mypy and the whole pytest suite
    python3.11 dev.py sitrep …  # any sitrep command inside the environment

Only the standard library is used here, so this works on a machine that has nothing but Python.
The environment is (re)installed when ``pyproject.toml`` or ``constraints.txt`` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".sitrep-install"
INPUTS = ("pyproject.toml", "constraints.txt")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create ``.venv`` and install sitrep with its pinned dependencies, unless already done."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"sitrep needs Python 3.11; this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted and (BIN / "sitrep").exists():
        return
    if not (BIN / "python").exists():
        print("creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing sitrep and its pinned dependencies into .venv …", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run(*command: str) -> int:
    """Run a command from the environment's bin directory, in the repository root."""
    executable = BIN / command[0]
    return subprocess.run([str(executable), *command[1:]], cwd=ROOT).returncode


def demo() -> int:
    """The main job: ingest the sample reports into ./sitrep.db and list what was stored."""
    code = run("sitrep", "ingest", "examples/")
    if code not in (0, 1):
        return code
    return run("sitrep", "events") or code


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> None:
    """Under CI=true, install Debian's Chromium for the browser tests if it is missing.

    The browser tests never skip in CI, so a machine without Chromium must get it here (as root,
    with apt-get); elsewhere they skip with a reason and nothing is installed behind your back.
    """
    if os.environ.get("CI") != "true" or CHROMIUM.exists():
        return
    print("CI=true and no /usr/bin/chromium: installing Debian's chromium …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        try:
            subprocess.run(step, check=True, env=env, stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"cannot install Chromium for the browser tests ({' '.join(step)}: {exc}); "
                "install Debian's chromium package (as root) and run again"
            )


def test(extra: list[str]) -> int:
    """Lint, type-check, then the whole suite (pytest's summary line comes last)."""
    ensure_chromium()
    for step in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
        code = run(*step)
        if code:
            return code
    return run("python", "-m", "pytest", *extra)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "sitrep", "setup"}:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment()
    if argv[0] == "demo":
        return demo()
    if argv[0] == "test":
        return test(argv[1:])
    if argv[0] == "sitrep":
        return run("sitrep", *argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
