"""The steps of the test command, as one table.

A step is a name, a scope (once per ansible-core version of the matrix, or
once in the tools environment) and a function that returns an Outcome. Adding
a check means writing one function and adding one Step to STEPS.
"""

from __future__ import annotations

import glob
import json
import os
import pathlib
import re
import tarfile
import tempfile
import typing as t
from dataclasses import dataclass

from devtools import counts
from devtools.emulator import Emulator, EmulatorError
from devtools.processes import CommandResult, run_streamed
from devtools.project import requirement_files, tool_env
from devtools.venvs import Venv, VenvSpec

if t.TYPE_CHECKING:
    from devtools.runner import Run


@dataclass(frozen=True)
class CoreVersion:
    """One ansible-core version of the matrix and the Pythons it may run with, preferred first."""

    version: str
    pythons: tuple[str, ...]
    # Pinned from this ansible-core's ansible-test: the pip it bootstraps into the venvs it makes (get_pip_<version>.py), and
    # the coverage version it requires for --coverage (its requirements/ansible-test.txt).
    bootstrap_pip: str
    coverage: str

    def venv_spec(self, source: str) -> VenvSpec:
        major, minor = self.version.split(".")
        return VenvSpec(
            name=f"core-{self.version}",
            python_versions=self.pythons,
            requirement_files=requirement_files(source, "ansible-test.txt"),
            packages=(f"ansible-core>={self.version},<{major}.{int(minor) + 1}", f"coverage=={self.coverage}"),
        )


CORE_VERSIONS = {
    core.version: core
    for core in (
        CoreVersion("2.18", ("3.11", "3.12", "3.13"), bootstrap_pip="24.2", coverage="7.6.1"),
        CoreVersion("2.19", ("3.11", "3.12", "3.13"), bootstrap_pip="24.2", coverage="7.6.1"),
        CoreVersion("2.20", ("3.12", "3.13"), bootstrap_pip="25.2", coverage="7.10.7"),
        CoreVersion("2.21", ("3.13", "3.12"), bootstrap_pip="25.2", coverage="7.10.7"),
    )
}
DEFAULT_MATRIX = ("2.18", "2.19", "2.21")


@dataclass
class Outcome:
    """How a step went: `count` is how many tests (or checked items) ran, as the tool reported."""

    ok: bool
    count: int | None = None
    counted: str = ""  # what a "test" is, when it is not obvious
    note: str = ""


def step_label(step: Step, core: CoreVersion | None) -> str:
    """A step's name in the console and the summary: "units [2.21]", or "ruff"."""
    return f"{step.name} [{core.version}]" if core else step.name


@dataclass
class StepContext:
    """Everything a step function may use."""

    run: Run
    step: Step
    core: CoreVersion | None
    venv: Venv
    collection_dir: str
    log: t.TextIO
    cpu_seconds: float = 0.0  # of the step's commands so far (the emulator's own time is not counted)

    @property
    def label(self) -> str:
        return step_label(self.step, self.core)

    @property
    def output_dir(self) -> str:
        """ansible-test's tests/output of the step's collection copy."""
        return os.path.join(self.collection_dir, "tests", "output")

    @property
    def collections_root(self) -> str:
        """The folder that holds ansible_collections/, for ANSIBLE_COLLECTIONS_PATH."""
        return os.path.dirname(os.path.dirname(os.path.dirname(self.collection_dir)))

    def work_dir(self, name: str) -> str:
        path = os.path.join(os.path.dirname(self.collections_root), name)
        os.makedirs(path, exist_ok=True)
        return path

    def env(self, with_all_pythons: bool = False, **extra: str) -> dict[str, str]:
        return dict(tool_env(self.venv, self.run.base_env, with_all_pythons=with_all_pythons), **extra)

    def sh(self, command: t.Sequence[str], *, cwd: str | None = None, env: dict[str, str] | None = None, echo: bool = True) -> CommandResult:
        result = run_streamed(
            command,
            cwd=cwd or self.collection_dir,
            env=env if env is not None else self.env(),
            log=self.log,
            prefix=f"{self.label} | ",
            echo=echo,
            timeout=self.run.step_timeout,
        )
        self.cpu_seconds += result.cpu_seconds
        return result

    def say(self, message: str) -> None:
        self.log.write(message + "\n")
        print(f"{self.label} | {message}", flush=True)


# --- per ansible-core version -------------------------------------------------------------------


GET_PIP_CACHE_DIR = os.path.expanduser("~/.ansible/test/cache")
# ansible-test runs ~/.ansible/test/cache/get_pip_<version>.py, when it exists, instead of downloading get-pip.py from a
# host that cannot be reached here, with get-pip.py's arguments (pip==24.2 --no-setuptools --no-wheel). This stand-in
# installs the bundled pip, then the one asked for; the marker line lets a later run refresh it and leave a real script alone.
STANDIN_MARKER = "# twilio-flex get-pip stand-in"
GET_PIP_STANDIN = f"""{STANDIN_MARKER}
import subprocess, sys
arguments = [argument for argument in sys.argv[1:] if argument not in ("--no-setuptools", "--no-wheel", "--no-pip")]
subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, "-m", "pip", "install", *arguments], check=True)
if "--no-setuptools" in sys.argv:
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"], check=True, stderr=subprocess.DEVNULL)
"""


def install_get_pip_standin(pip_version: str) -> None:
    """Put the stand-in where ansible-test looks for a cached get-pip script, unless a real one is there."""
    target = os.path.join(GET_PIP_CACHE_DIR, f"get_pip_{pip_version.replace('.', '_')}.py")
    if os.path.exists(target):
        with open(target, encoding="utf-8", errors="replace") as existing:
            if not existing.readline().startswith(STANDIN_MARKER):
                return
    os.makedirs(GET_PIP_CACHE_DIR, exist_ok=True)
    # Written aside and moved in place: two steps may do this at once.
    descriptor, temporary = tempfile.mkstemp(dir=GET_PIP_CACHE_DIR, suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as standin:
        standin.write(GET_PIP_STANDIN)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def run_sanity(ctx: StepContext) -> Outcome:
    install_get_pip_standin(ctx.core.bootstrap_pip)
    # No --python: the compile and import tests then run on every Python
    # version this ansible-core supports that is installed here (found as
    # real interpreters on PATH), the rest on the controller Python.
    result = ctx.sh([ctx.venv.executable("ansible-test"), "sanity", "--local", "--color", "no", "--junit"], env=ctx.env(with_all_pythons=True))
    tally = counts.junit_tally(os.path.join(ctx.output_dir, "junit", "ansible-test-sanity-*.xml"))
    return Outcome(ok=result.returncode == 0, count=tally.ran, note=tally.describe())


def run_units(ctx: StepContext) -> Outcome:
    ansible_test = ctx.venv.executable("ansible-test")
    # Coverage is measured once, on the newest ansible-core of the run: the same tests run everywhere, only slower with it.
    coverage = ctx.run.is_newest_core(ctx.core)
    result = ctx.sh([ansible_test, "units", "--local", "--color", "no", "--python", ctx.venv.python_version, *(["--coverage"] if coverage else [])])
    junit_files = os.path.join(ctx.output_dir, "junit", "*units.xml")
    tally = counts.junit_tally(junit_files)
    if result.returncode != 0:
        return Outcome(ok=False, count=tally.ran, note=tally.describe())
    for suite, suite_count in counts.junit_cases_per_suite(junit_files):
        ctx.say(f"{suite_count:4d} tests in {suite}")
    if not coverage:
        return Outcome(ok=True, count=tally.ran, note=", ".join(filter(None, [tally.describe(), "coverage on the newest ansible-core"])))
    # One combine of the per-test data files (about 14 s for a thousand tests): the XML report, from which the lines that no
    # test ran are listed too, rather than a second combine for `ansible-test coverage report`.
    xml = ctx.sh([ansible_test, "coverage", "xml", "--color", "no"], echo=False)
    cobertura = os.path.join(ctx.output_dir, "reports", "coverage.xml")
    for line in counts.coverage_missing(cobertura):
        ctx.say(line)
    total = counts.coverage_percent(cobertura)
    ctx.say(f"Coverage of plugins/: {total or 'unknown'}")
    return Outcome(
        ok=xml.returncode == 0 and total is not None,
        count=tally.ran,
        note=", ".join(filter(None, [tally.describe(), f"coverage {total}" if total else "no coverage total"])),
    )


def _integration_config(emulator: Emulator) -> str:
    values = {"flex_base_url": emulator.url, "flex_emulator_admin_url": emulator.admin_url}
    values.update({f"flex_{name}": value for name, value in vars(emulator.credentials).items()})
    # JSON strings are valid YAML scalars.
    return "---\n" + "".join(f"{name}: {json.dumps(value)}\n" for name, value in values.items())


# Targets with this alias prove things that do not depend on the ansible-core version: the secrets scan (our no_log options
# and messages, replayed at -vvvv) and the load test (our retries under HTTP 429). They run once per matrix, on its newest
# ansible-core, which keeps the matrix's time down; every other target runs on every version.
CORE_INDEPENDENT_ALIAS = "core_version_independent"
# A target with the alias replayed_by/<other> has every task, asserts included, run by <other> (the secrets scan replays the
# role targets at -vvvv). Where <other> runs, the target is not run a second time on its own: same proof, half the work.
REPLAYED_BY_PREFIX = "replayed_by/"


def _target_names(listing: str) -> list[str]:
    """The targets that ansible-test integration --list-targets printed, one per line (its warnings left out)."""
    return [line for line in listing.splitlines() if re.fullmatch(r"[\w.-]+", line)]


def _aliases(collection_dir: str, targets: list[str]) -> dict[str, set[str]]:
    """The aliases of each integration target, from its aliases file (comments left out)."""
    found = {}
    for name in targets:
        path = pathlib.Path(collection_dir, "tests", "integration", "targets", name, "aliases")
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        found[name] = {line.split("#", 1)[0].strip() for line in lines} - {""}
    return found


def targets_to_run(aliases: dict[str, set[str]], with_core_independent: bool) -> tuple[list[str], dict[str, str]]:
    """The targets an integration step runs, in listing order, and why each of the others does not run on its own. A target
    that is itself replayed by another replays nothing: what runs is then the same whatever the listing order."""
    left_out = {} if with_core_independent else {name: "not run here" for name, found in aliases.items() if CORE_INDEPENDENT_ALIAS in found}
    replayed_by = {name: sorted(alias[len(REPLAYED_BY_PREFIX) :] for alias in found if alias.startswith(REPLAYED_BY_PREFIX)) for name, found in aliases.items()}
    replaying = {name for name in aliases if name not in left_out and not replayed_by[name]}
    for name, others in replayed_by.items():
        running = [other for other in others if other in replaying]
        if running and name not in left_out:
            left_out[name] = f"run inside {running[0]}"
    return [name for name in aliases if name not in left_out], left_out


def run_integration(ctx: StepContext) -> Outcome:
    ansible_test = ctx.venv.executable("ansible-test")
    listed = ctx.sh([ansible_test, "integration", "--list-targets"], echo=False)
    everything = _target_names(listed.output)
    if listed.returncode != 0 or not everything:
        return Outcome(ok=False, note="ansible-test integration --list-targets failed")
    targets, left_out = targets_to_run(_aliases(ctx.collection_dir, everything), ctx.run.runs_core_independent_targets(ctx.core))
    emulator = Emulator(
        python=ctx.venv.python,
        tests_dir=os.path.join(ctx.collection_dir, "tests"),
        env=ctx.env(),
        log_file=os.path.join(ctx.work_dir("emulator"), "emulator.log"),
        console_log=ctx.log,
    )
    try:
        with emulator:
            ctx.say(f"Emulator running at {emulator.url} (log: {emulator.log_file})")
            config = pathlib.Path(ctx.collection_dir, "tests", "integration", "integration_config.yml")
            config.write_text(_integration_config(emulator), encoding="utf-8")
            # --continue-on-error: every target runs, and the step still fails if one did. The targets are named when some are left
            # out, so that what runs is exactly what is counted.
            command = [ansible_test, "integration", "--local", "--color", "no", "--python", ctx.venv.python_version, "--continue-on-error"]
            result = ctx.sh(command + (targets if left_out else []))
    except EmulatorError as error:
        ctx.say(f"Emulator failed to start: {error}")
        return Outcome(ok=False, note="emulator did not start")
    passed = counts.integration_seconds(ctx.output_dir)
    for name, seconds in sorted(passed.items(), key=lambda item: -item[1]):
        ctx.say(f"{seconds:4d} s  {name}")
    failed = [name for name in targets if name not in passed]
    note = f"{len(failed)} failed: {', '.join(failed)}" if failed else ""
    reasons = {reason: [name for name in left_out if left_out[name] == reason] for reason in left_out.values()}
    note = ", ".join(filter(None, [note, *(f"{reason}: {', '.join(names)}" for reason, names in reasons.items())]))
    return Outcome(ok=result.returncode == 0 and not failed, count=len(targets), counted="targets", note=note)


# --- once, in the tools environment -------------------------------------------------------------


def run_pytest(ctx: StepContext) -> Outcome:
    """pytest over the suite the step is named after: tests/emulator_tests, tests/devtools_tests."""
    junit = os.path.join(ctx.work_dir(ctx.step.name), "junit.xml")
    result = ctx.sh([ctx.venv.python, "-m", "pytest", "-p", "no:cacheprovider", "-ra", f"--junitxml={junit}", os.path.join("tests", f"{ctx.step.name}_tests")])
    tally = counts.junit_tally(junit)
    # pytest exits 5 when it collected nothing: a failure here.
    return Outcome(ok=result.returncode == 0, count=tally.ran, note=tally.describe())


def run_emulator_tests(ctx: StepContext) -> Outcome:
    spec = ctx.run.base_env.get("TWILIO_OAI_SPEC")
    ctx.say(f"OpenAPI document for the contract tests: {spec or 'none (those tests skip themselves)'}")
    return run_pytest(ctx)


# The Python code that ruff.toml's formatter and linter cover.
PYTHON_SOURCE_DIRS = ("plugins", "tests", "scripts", "benchmarks")


def run_ruff(ctx: StepContext) -> Outcome:
    ruff = ctx.venv.executable("ruff")
    formatted = ctx.sh([ruff, "format", "--check", "--no-cache", *PYTHON_SOURCE_DIRS])
    linted = ctx.sh([ruff, "check", "--no-cache", "--output-format", "concise", *PYTHON_SOURCE_DIRS])
    files = [path for folder in PYTHON_SOURCE_DIRS for path in glob.glob(os.path.join(ctx.collection_dir, folder, "**", "*.py"), recursive=True)]
    return Outcome(ok=formatted.returncode == 0 and linted.returncode == 0, count=len(files), counted="Python files formatted and linted")


def run_ansible_lint(ctx: StepContext) -> Outcome:
    result = ctx.sh([ctx.venv.executable("ansible-lint")], env=ctx.env(ANSIBLE_COLLECTIONS_PATH=ctx.collections_root, NO_COLOR="1"))
    # ansible-lint writes no result file with what it checked; its closing line says how many files it processed.
    processed = re.search(r"(\d+) files? processed", result.output)
    return Outcome(ok=result.returncode == 0, count=int(processed.group(1)) if processed else None, counted="files linted")


def run_changelog_lint(ctx: StepContext) -> Outcome:
    antsibull_changelog = ctx.venv.executable("antsibull-changelog")
    fragments = [path for path in glob.glob(os.path.join(ctx.collection_dir, "changelogs", "fragments", "*")) if not os.path.basename(path).startswith(".")]
    fragments_result = ctx.sh([antsibull_changelog, "lint", "-v"])
    changelog_result = ctx.sh([antsibull_changelog, "lint-changelog-yaml", "-v", os.path.join("changelogs", "changelog.yaml")])
    problems = [line for line in (fragments_result.output + changelog_result.output).splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    ok = fragments_result.returncode == 0 and changelog_result.returncode == 0 and not problems
    return Outcome(ok=ok, count=len(fragments) + 1, counted="fragments + changelog.yaml")


def run_docs_lint(ctx: StepContext) -> Outcome:
    documented = [name for plugin_type in DOCUMENTED_PLUGIN_TYPES for name in _plugin_names(ctx.collection_dir, plugin_type)]
    result = ctx.sh(
        [ctx.venv.executable("antsibull-docs"), "lint-collection-docs", "--plugin-docs", "--check-extra-docs-refs", "."],
        # antsibull-docs writes its log to ~/antsibull.log: a home folder of its own keeps the user's clean.
        env=ctx.env(ANSIBLE_COLLECTIONS_PATH=ctx.collections_root, HOME=ctx.work_dir("docs-home")),
    )
    problems = [line for line in result.output.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    return Outcome(ok=result.returncode == 0 and not problems, count=len(documented) + 1, counted="plugin docs + docsite config")


# Galaxy's importer, as Galaxy runs it on every upload, except its own ansible-test run: that needs a container, and the
# sanity step runs the same tests on every ansible-core version of the matrix.
GALAXY_IMPORTER_CONFIG = """\
[galaxy-importer]
run_ansible_test = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
check_changelog = True
"""
GALAXY_IMPORTER_PROBLEM = re.compile(r"^(WARNING|ERROR)\b")


def _build_tarball(ctx: StepContext, work_dir: str) -> str | None:
    """ansible-galaxy collection build into `work_dir`: the tarball's path, or None when the build failed."""
    build = ctx.sh([ctx.venv.executable("ansible-galaxy"), "collection", "build", "--force", "--output-path", work_dir])
    tarballs = glob.glob(os.path.join(work_dir, "*.tar.gz"))
    return tarballs[0] if build.returncode == 0 and len(tarballs) == 1 else None


def run_galaxy_importer(ctx: StepContext) -> Outcome:
    work_dir = ctx.work_dir("galaxy-importer")
    tarball = _build_tarball(ctx, work_dir)
    if not tarball:
        return Outcome(ok=False, note="build failed")
    config = os.path.join(work_dir, "galaxy-importer.cfg")
    pathlib.Path(config).write_text(GALAXY_IMPORTER_CONFIG, encoding="utf-8")
    result = ctx.sh(
        [ctx.venv.python, "-m", "galaxy_importer.main", tarball],
        cwd=work_dir,
        env=ctx.env(GALAXY_IMPORTER_CONFIG=config, GALAXY_IMPORTER_TMP_ROOT_DIR=work_dir),
    )
    problems = [line for line in result.output.splitlines() if GALAXY_IMPORTER_PROBLEM.match(line)]
    loaded = [line for line in result.output.splitlines() if line.startswith("Loading ")]
    ok = result.returncode == 0 and "Importer processing completed successfully" in result.output and not problems
    return Outcome(ok=ok, count=len(loaded), counted="contents imported", note=f"{len(problems)} warning(s) or error(s)" if problems else "")


def run_execution_environment(ctx: StepContext) -> Outcome:
    result = ctx.sh([ctx.venv.python, os.path.join("tests", "execution_environment", "check_ee.py")])
    checks = len(re.findall(r"^(?:build context|collection) .*requirements.*: ", result.output, flags=re.MULTILINE))
    return Outcome(ok=result.returncode == 0 and checks == 3, count=checks, counted="requirement checks")


# ansible-doc plugin type -> the directory under plugins/ that holds them; the other plugin folders carry no documentation.
DOCUMENTED_PLUGIN_TYPES = {"module": "modules", "filter": "filter"}


def _plugin_names(collection_dir: str, plugin_type: str = "module") -> list[str]:
    paths = glob.glob(os.path.join(collection_dir, "plugins", DOCUMENTED_PLUGIN_TYPES[plugin_type], "*.py"))
    return sorted(name for name in (os.path.splitext(os.path.basename(path))[0] for path in paths) if name != "__init__")


# Files that build_ignore must keep out of the tarball: the package step plants each one that the tree it builds from does not
# hold already, so every exclusion is really tested.
BUILD_CANARIES = (
    ".ansible/canary",
    ".ci/canary",
    ".git/canary",
    ".gitignore",
    ".ansible-lint",
    ".yamllint",
    ".venv/canary",
    ".pytest_cache/canary",
    "benchmarks/canary",
    "changelogs/.plugin-cache.yaml",
    "changelogs/fragments/canary.yml",
    "demo/canary.yml",
    "plugins/modules/__pycache__/canary.cpython-311.pyc",
    "ruff.toml",
    "scripts/canary.py",
    "tests/output/canary",
    "tests/integration/integration_config.yml",
    "twilio-flex-0.0.1.tar.gz",
)
REQUIRED_IN_TARBALL = ("MANIFEST.json", "FILES.json", "README.md", "COPYING", "meta/runtime.yml", "changelogs/changelog.yaml")


def run_package(ctx: StepContext) -> Outcome:
    for canary in (pathlib.Path(ctx.collection_dir, relative) for relative in BUILD_CANARIES):
        if not canary.exists():
            canary.parent.mkdir(parents=True, exist_ok=True)
            canary.write_text("build_ignore canary\n", encoding="utf-8")
    build_dir = ctx.work_dir("package")
    tarball = _build_tarball(ctx, build_dir)
    if not tarball:
        return Outcome(ok=False, count=0, counted="checks", note="build failed")
    with tarfile.open(tarball) as archive:
        members = [member.name.removeprefix("./") for member in archive.getmembers()]
    problems = [f"must not be in the tarball: {name}" for name in members if name in BUILD_CANARIES or re.search(r"(^|/)__pycache__(/|$)|\.pyc$", name)]
    modules = tuple(f"plugins/modules/{module}.py" for module in _plugin_names(ctx.collection_dir))
    problems += [f"missing from the tarball: {name}" for name in REQUIRED_IN_TARBALL + modules if name not in members]
    ctx.say(f"{os.path.basename(tarball)}: {len(members)} entries, {os.path.getsize(tarball)} bytes")
    install_root = os.path.join(build_dir, "installed")
    installed = ctx.sh([ctx.venv.executable("ansible-galaxy"), "collection", "install", "--offline", "--force", "-p", install_root, tarball])
    if installed.returncode != 0:
        problems.append("ansible-galaxy collection install failed")
    installed_dir = os.path.join(install_root, "ansible_collections", "twilio", "flex")
    for plugin_type in DOCUMENTED_PLUGIN_TYPES:
        expected = [f"twilio.flex.{plugin}" for plugin in _plugin_names(installed_dir, plugin_type)]
        # From the installed tarball: the documentation of every plugin of the type, and the collection's listing of them.
        for arguments in (expected, ["--list", "twilio.flex"]):
            command = [ctx.venv.executable("ansible-doc"), "-t", plugin_type, "--json", *arguments]
            result = ctx.sh(command, env=ctx.env(ANSIBLE_COLLECTIONS_PATH=install_root), echo=False)
            try:
                found = sorted(json.JSONDecoder().raw_decode(result.output, result.output.index("{"))[0])
            except ValueError:
                found = []
            problems += [line.strip() for line in result.output.splitlines() if re.match(r"\s*\[(WARNING|ERROR)\]|^ERROR!", line)]
            if result.returncode != 0 or found != expected or not expected:
                problems.append(f"ansible-doc -t {plugin_type} {' '.join(arguments)}: found {found}, expected {expected}")
    for problem in problems:
        ctx.say(f"    {problem}")
    return Outcome(ok=not problems, count=2 + 2 * len(DOCUMENTED_PLUGIN_TYPES), counted="checks: content, install, ansible-doc and its listing per plugin type")


@dataclass(frozen=True)
class Step:
    """One named check of the test command."""

    name: str
    description: str
    per_core: bool
    action: t.Callable[[StepContext], Outcome]
    # Steps naming the same resource never run at the same time.
    exclusive: str = ""
    # Started before the others: the longest steps, so that a run ends with short ones side by side.
    long_running: bool = False


STEPS = (
    # ansible-test sanity removes and rebuilds the venvs it caches in ~/.ansible/test/venv: one at a time.
    Step(
        "sanity",
        "ansible-test sanity: every test that needs no container; compile and import on every installed Python",
        True,
        run_sanity,
        exclusive="ansible-test sanity venvs",
        long_running=True,
    ),
    Step("units", "ansible-test units with coverage, then the coverage total for plugins/", True, run_units),
    Step("integration", "ansible-test integration against the emulator (random port and credentials)", True, run_integration, long_running=True),
    Step("emulator", "pytest tests/emulator_tests: the emulator's own suite, contract tests included", False, run_emulator_tests),
    Step("devtools", "pytest tests/devtools_tests: the test command's own scheduling and counting", False, run_pytest),
    Step("ruff", "ruff format --check and ruff check (ruff.toml) over plugins/, tests/, scripts/ and benchmarks/", False, run_ruff),
    Step("ansible-lint", "ansible-lint, production profile, offline", False, run_ansible_lint),
    Step("changelog", "antsibull-changelog lint of the fragments and changelog.yaml", False, run_changelog_lint),
    Step("docs", "antsibull-docs lint-collection-docs --plugin-docs", False, run_docs_lint),
    Step("package", "build the tarball, check what it holds, install it, ansible-doc every module", False, run_package),
    Step(
        "galaxy-importer",
        "galaxy-importer on the built tarball, as Galaxy checks an upload (its ansible-test off): no error, no warning",
        False,
        run_galaxy_importer,
    ),
    Step(
        "execution-environment",
        "ansible-builder create on the example execution environment: requests and twilio.flex listed",
        False,
        run_execution_environment,
    ),
)
