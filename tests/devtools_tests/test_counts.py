# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The test command's counts come from the tools' result files."""

import json
from pathlib import Path

from devtools import counts, steps

REPO_ROOT = Path(__file__).resolve().parents[2]

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
  <testcase classname="tests.unit.plugins.modules.test_flex_flow.TestCreate" name="test_a"/>
  <testcase classname="tests.unit.plugins.modules.test_flex_flow.TestCreate" name="test_b"><failure message="boom"/></testcase>
  <testcase classname="tests.unit.plugins.modules.test_flex_flow" name="test_c"><error message="setup"/></testcase>
  <testcase classname="tests.unit.test_sanity_ignores" name="test_d"><skipped message="no"/></testcase>
</testsuite></testsuites>
"""


def test_junit_tally_counts_passed_failed_errors_and_skipped_cases(tmp_path):
    (tmp_path / "python3.11-units.xml").write_text(JUNIT, encoding="utf-8")
    (tmp_path / "other.xml").write_text(JUNIT, encoding="utf-8")

    tally = counts.junit_tally(str(tmp_path / "*units.xml"))

    assert (tally.ran, tally.failed, tally.skipped) == (3, 2, 1)
    assert tally.describe() == "2 failed, 1 skipped"


def test_junit_cases_per_suite_groups_test_classes_by_module(tmp_path):
    (tmp_path / "units.xml").write_text(JUNIT, encoding="utf-8")

    assert counts.junit_cases_per_suite(str(tmp_path / "units.xml")) == [("tests.unit.plugins.modules.test_flex_flow", 3)]


def test_integration_seconds_reads_every_passed_target(tmp_path):
    (tmp_path / "data").mkdir()
    data = {"targets": {"flex_flow": {"run_time_seconds": 70}, "drift_audit": {"run_time_seconds": 37}}}
    (tmp_path / "data" / "integration-2026-12-02-18-00-00.json").write_text(json.dumps(data), encoding="utf-8")

    assert counts.integration_seconds(str(tmp_path)) == {"flex_flow": 70, "drift_audit": 37}
    assert counts.integration_seconds(str(tmp_path / "missing")) == {}


def test_coverage_percent_covers_plugins_only(tmp_path):
    report = tmp_path / "coverage.xml"
    report.write_text(
        '<coverage line-rate="0.5"><packages><package><classes>'
        '<class filename="plugins/modules/flex_flow.py"><lines><line number="1" hits="1"/><line number="2" hits="1"/>'
        '<line number="3" hits="1"/><line number="4" hits="0"/></lines></class>'
        '<class filename="tests/unit/test_x.py"><lines><line number="1" hits="0"/></lines></class>'
        "</classes></package></packages></coverage>",
        encoding="utf-8",
    )

    assert counts.coverage_percent(str(report)) == "75.0%"
    assert counts.coverage_percent(str(tmp_path / "none.xml")) is None
    assert counts.coverage_missing(str(report)) == ["plugins/modules/flex_flow.py  75.0%  missing 4"]
    assert counts.coverage_missing(str(tmp_path / "none.xml")) == []


def test_coverage_missing_gives_runs_of_lines_per_file(tmp_path):
    report = tmp_path / "coverage.xml"
    hits = {1: 0, 2: 0, 3: 0, 4: 1, 5: 0, 7: 0, 8: 1}
    lines = "".join('<line number="%d" hits="%d"/>' % item for item in hits.items())
    report.write_text(
        '<coverage><packages><package><classes><class filename="plugins/module_utils/_b.py"><lines>%s</lines></class>'
        '<class filename="plugins/module_utils/_a.py"><lines><line number="1" hits="1"/></lines></class>'
        "</classes></package></packages></coverage>" % lines,
        encoding="utf-8",
    )
    assert counts.coverage_missing(str(report)) == ["plugins/module_utils/_b.py  28.6%  missing 1-3, 5, 7"]


def test_target_names_leave_ansible_test_warnings_out():
    listing = 'WARNING: Using locale "C.UTF-8" instead of "en_US.UTF-8".\nawx_credential\nflex_flow\nWARNING: Reviewing previous 1 warning(s):\n'

    assert steps._target_names(listing) == ["awx_credential", "flex_flow"]  # pylint: disable=protected-access


def test_aliases_come_from_each_targets_aliases_file_without_comments(tmp_path):
    targets = tmp_path / "tests" / "integration" / "targets"
    for name, aliases in {
        "flex_flow": "context/controller\n",
        "flex_flow_secrets": "# runs once\ncore_version_independent  # here\n",
        "no_aliases": None,
    }.items():
        (targets / name).mkdir(parents=True)
        if aliases is not None:
            (targets / name / "aliases").write_text(aliases, encoding="utf-8")

    found = steps._aliases(str(tmp_path), ["flex_flow", "flex_flow_secrets", "no_aliases"])  # pylint: disable=protected-access

    assert found == {"flex_flow": {"context/controller"}, "flex_flow_secrets": {"core_version_independent"}, "no_aliases": set()}


ALIASES = {
    "awx_credential": {"context/controller"},
    "flex_flow": {"context/controller", "replayed_by/flex_flow_secrets"},
    "flex_flow_concurrency": {"core_version_independent"},
    "flex_flow_secrets": {"core_version_independent", "needs/target/flex_flow"},
}


def test_where_the_core_independent_targets_run_the_targets_they_replay_do_not_run_again():
    assert steps.targets_to_run(ALIASES, with_core_independent=True) == (
        ["awx_credential", "flex_flow_concurrency", "flex_flow_secrets"],
        {"flex_flow": "run inside flex_flow_secrets"},
    )


def test_elsewhere_the_core_independent_targets_are_left_out_and_the_replayed_ones_run_on_their_own():
    assert steps.targets_to_run(ALIASES, with_core_independent=False) == (
        ["awx_credential", "flex_flow"],
        {"flex_flow_concurrency": "not run here", "flex_flow_secrets": "not run here"},
    )


def test_a_target_that_is_itself_replayed_replays_nothing_whatever_the_listing_order():
    chain = {"x": {"replayed_by/y"}, "y": {"replayed_by/z"}, "z": set()}

    for listing in (["x", "y", "z"], ["z", "y", "x"]):
        assert steps.targets_to_run({name: chain[name] for name in listing}, with_core_independent=True) == (
            [name for name in listing if name != "y"],
            {"y": "run inside z"},
        )


def test_every_replayed_target_is_copied_for_the_target_that_replays_it():
    # ansible-test copies only the targets named by needs/target/: a replayed target missing there would run nowhere.
    targets = REPO_ROOT / "tests" / "integration" / "targets"
    aliases = steps._aliases(str(REPO_ROOT), sorted(path.name for path in targets.iterdir() if path.is_dir()))  # pylint: disable=protected-access
    replayed = [
        (name, alias[len(steps.REPLAYED_BY_PREFIX) :]) for name, found in aliases.items() for alias in found if alias.startswith(steps.REPLAYED_BY_PREFIX)
    ]

    # The role targets the secrets scan replays, at the least; more may join them.
    assert set(name for name, _replayer in replayed) >= {
        "flex_flow",
        "flex_flow_info",
        "flex_flows",
        "conversations_address",
        "conversations_addresses",
        "taskrouter",
    }
    assert [(name, replayer) for name, replayer in replayed if f"needs/target/{name}" not in aliases.get(replayer, ())] == []
