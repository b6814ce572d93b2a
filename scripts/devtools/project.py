"""What the test command, the demo and the benchmark share: the checkout, a clean environment and the venvs they use."""

from __future__ import annotations

import os

from devtools.venvs import VenvSpec

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR_REQUIREMENTS = os.path.join("tests", "flex_emulator", "requirements.txt")
REQUIREMENTS_DIR = os.path.join("scripts", "requirements")
# Variables from a developer's shell that would change what the tools do.
DROPPED_ENV_PREFIXES = ("ANSIBLE_",)
DROPPED_ENV_NAMES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


def clean_env() -> dict[str, str]:
    """The caller's environment without what would make runs differ between machines."""
    return {name: value for name, value in os.environ.items() if name not in DROPPED_ENV_NAMES and not name.startswith(DROPPED_ENV_PREFIXES)}


def requirement_files(source: str, own_file: str) -> tuple[str, ...]:
    """One of our requirement files, plus the emulator's once it exists."""
    files = [os.path.join(source, REQUIREMENTS_DIR, own_file)]
    emulator_requirements = os.path.join(source, EMULATOR_REQUIREMENTS)
    if os.path.isfile(emulator_requirements):
        files.append(emulator_requirements)
    return tuple(files)


def tools_venv_spec(source: str) -> VenvSpec:
    return VenvSpec(name="tools", python_versions=("3.11", "3.12", "3.13"), requirement_files=requirement_files(source, "tools.txt"))


def demo_venv_spec(source: str) -> VenvSpec:
    return VenvSpec(name="demo", python_versions=("3.11", "3.12", "3.13"), requirement_files=requirement_files(source, "demo.txt"))


def oai_spec_path(source: str, env: dict[str, str]) -> str | None:
    """The official Flex OpenAPI document for the contract tests: $TWILIO_OAI_SPEC, else ../shared next to the clone."""
    configured = env.get("TWILIO_OAI_SPEC")
    if configured:
        return configured
    default = os.path.normpath(os.path.join(source, "..", "shared", "twilio-oai", "twilio_flex_v1.yaml"))
    return default if os.path.isfile(default) else None
