# -*- coding: utf-8 -*-
# Copyright (c) twilio.flex contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The drift_report filter: a flex_flows result reshaped and counted, never re-classified."""

from __future__ import annotations

import pytest

from ansible_collections.twilio.flex.plugins.filter.drift_report import FilterModule, drift_report
from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import declaration_problem

SUMMARY = dict(declared=3, live=3, in_sync=1, drifted=1, missing=1, undeclared=1, ignored=0, errors=0, created=1, updated=1, deleted=0)


def item(index, name, status, action="none", error=None, **extra):
    entry = dict(index=index, sid="FO%d" % (index or 9), friendly_name=name, status=status, action=action, changed_fields=[], before={}, after={}, error=error)
    entry.update(extra)
    return entry


RESULT = dict(
    changed=True,
    summary=SUMMARY,
    flows=[
        item(0, "A", "in_sync"),
        item(1, "B", "drifted", "update", before={"enabled": False}, after={"enabled": True}),
        item(2, "C", "missing", "create", after={"enabled": True}),
        item(None, "Stray", "undeclared", before={"channel_type": "sms", "enabled": False}),
    ],
)


def test_the_report_keeps_the_module_statuses_and_counts():
    report = drift_report(RESULT)
    assert report["summary"] == SUMMARY
    assert [(flow["friendly_name"], flow["status"]) for flow in report["flows"]] == [("A", "in_sync"), ("B", "drifted"), ("C", "missing")]
    assert report["flows"][1]["diff"] == {"before": {"enabled": False}, "after": {"enabled": True}}
    assert report["flows"][0]["diff"] == {} and "before" not in report["flows"][0] and "after" not in report["flows"][0]
    assert report["flows"][2]["before"] == {} and report["flows"][2]["after"] == {"enabled": True}
    assert report["undeclared"] == [dict(sid="FO9", friendly_name="Stray", channel_type="sms", enabled=False)]
    assert report["drift_found"] is True and report["audit_error"] is None


@pytest.mark.parametrize(
    "statuses, undeclared, undeclared_is_drift, drift_found",
    [
        (["in_sync"], False, True, False),
        (["in_sync"], True, True, True),
        (["in_sync"], True, False, False),
        (["in_sync", "ignored"], False, True, False),
        (["missing"], False, False, True),
        (["drifted"], False, False, True),
    ],
)
def test_drift_found(statuses, undeclared, undeclared_is_drift, drift_found):
    flows = [item(index, "F%d" % index, status) for index, status in enumerate(statuses)]
    if undeclared:
        flows.append(item(None, "Stray", "undeclared"))
    assert drift_report(dict(flows=flows, summary={}), undeclared_is_drift=undeclared_is_drift)["drift_found"] is drift_found


def test_failed_entries_are_an_audit_error_with_their_details():
    error = dict(message="2 Flex Flows are named 'T'", status=None, code=None, more_info=None)
    api_error = dict(message="POST failed", status=400, code=20001, more_info="https://www.twilio.com/docs/errors/20001")
    result = dict(failed=True, msg="2 of 2 failed", summary={}, flows=[item(0, "T", "error", error=error), item(1, "U", "drifted", error=api_error)])
    report = drift_report(result)
    assert report["audit_error"] == "2 declared flow(s) failed: desired_flows[0] (T): 2 Flex Flows are named 'T'; desired_flows[1] (U): POST failed"
    assert report["flows"][0]["error"] == "2 Flex Flows are named 'T'" and report["flows"][0]["error_details"] is None
    assert report["flows"][1]["error_details"] == dict(status=400, code=20001, more_info="https://www.twilio.com/docs/errors/20001")


def test_a_run_that_failed_as_a_whole_is_an_audit_error():
    report = drift_report(dict(failed=True, msg="GET /v1/FlexFlows failed with HTTP 401", summary=dict(declared=2), flows=[]))
    assert report["audit_error"] == "The audit could not run: GET /v1/FlexFlows failed with HTTP 401"
    assert report["flows"] == [] and report["drift_found"] is False


def test_the_filter_is_registered():
    assert FilterModule().filters() == {"drift_report": drift_report}


def test_a_flow_declared_by_sid_that_no_longer_exists_is_drift_not_an_audit_error():
    not_found = dict(message="Flex Flow FO1 not found: a SID cannot be created again", kind="not_found", status=None, code=None, more_info=None)
    result = dict(
        failed=True,
        msg="1 of 2 Flex Flows failed",
        summary=dict(declared=2, errors=1),
        flows=[item(0, "A", "in_sync"), dict(item(1, None, "missing", error=not_found), sid="FO" + "1" * 32)],
    )
    report = drift_report(result, undeclared_is_drift=False)
    assert [flow["status"] for flow in report["flows"]] == ["in_sync", "missing"]
    assert report["drift_found"] is True and report["audit_error"] is None
    assert report["flows"][1]["error"] == not_found["message"]


def test_a_delete_held_back_because_a_sid_is_missing_is_drift_not_an_audit_error():
    # The plan sends no delete while an entry is in error; a flow declared by SID and deleted is such an entry.
    not_found = dict(message="Flex Flow FO1 not found: a SID cannot be created again", kind="not_found", status=None, code=None, more_info=None)
    withheld = dict(message="not sent: no delete is sent while an entry is in error", kind="withheld", status=None, code=None, more_info=None)
    flows = [dict(item(0, None, "missing", error=not_found), sid="FO" + "1" * 32), item(1, "Old", "drifted", "delete", error=withheld)]
    report = drift_report(dict(failed=True, msg="1 of 2 Flex Flows failed", summary=dict(declared=2), flows=flows))
    assert report["audit_error"] is None and report["drift_found"] is True
    ambiguous = dict(message="2 Flex Flows are named 'T'", kind="ambiguous", status=None, code=None, more_info=None)
    report = drift_report(dict(failed=True, msg="x", summary={}, flows=flows + [item(2, "T", "error", error=ambiguous)]))
    assert report["audit_error"] == "1 declared flow(s) failed: desired_flows[2] (T): 2 Flex Flows are named 'T'"


def test_thousands_of_failed_entries_give_a_readable_audit_error():
    ambiguous = dict(message="2 Flex Flows are named 'T'", kind="ambiguous", status=None, code=None, more_info=None)
    flows = [item(index, "T", "error", error=ambiguous) for index in range(10000)]
    audit_error = drift_report(dict(failed=True, msg="x", summary={}, flows=flows))["audit_error"]
    assert audit_error.startswith("10000 declared flow(s) failed: desired_flows[0] (T): 2 Flex Flows are named 'T'; desired_flows[1] (T)")
    assert audit_error.endswith("... and 9980 more") and len(audit_error) < 2000


def test_a_missing_flow_that_cannot_be_created_is_an_audit_error():
    cannot_create = dict(message="creating a Flex Flow needs chat_service_sid, channel_type", kind="invalid", status=None, code=None, more_info=None)
    result = dict(failed=True, msg="1 of 1 Flex Flows failed", summary=dict(declared=1), flows=[dict(item(0, "N", "missing", error=cannot_create), sid=None)])
    assert drift_report(result)["audit_error"] == "1 declared flow(s) failed: desired_flows[0] (N): creating a Flex Flow needs chat_service_sid, channel_type"


def test_an_undefined_declaration_is_an_audit_error_and_an_empty_one_a_warning():
    undefined = dict(failed=True, msg="The task includes an option with an undefined variable", flows=[])
    report = drift_report(undefined, declaration_variable="desired_flows", problem=declaration_problem({}, "desired_flows"))
    assert report["audit_error"].startswith("desired_flows is not defined, so nothing was audited") and report["warnings"] == []
    empty = dict(changed=False, summary=dict(declared=0, live=1, undeclared=1), flows=[item(None, "Stray", "undeclared")])
    report = drift_report(empty, declaration_variable="my_flows")
    assert report["audit_error"] is None and report["drift_found"] is True
    assert report["warnings"] == ["my_flows is empty: no flow is declared, so every flow of the account is undeclared"]
    assert drift_report(RESULT)["warnings"] == []


def test_url_passwords_are_masked_in_the_whole_report():
    url = "https://hooks:s3cret-pw@hooks.example.com/%s"
    flows = [item(0, "Hook %s" % (url % "name"), "drifted", "update", before={"integration": {"url": url % "a"}}, after={"integration": {"url": url % "b"}})]
    report = drift_report(dict(failed=True, msg="x", summary={}, flows=flows + [dict(item(1, "E", "error"), error=dict(message="bad %s" % (url % "c")))]))
    assert "s3cret-pw" not in repr(report)
    assert report["flows"][0]["diff"]["after"]["integration"]["url"] == "https://hooks:********@hooks.example.com/b"


@pytest.mark.parametrize(
    "variables, problem",
    [
        ({"desired_flows": [{"friendly_name": "A"}]}, None),
        ({"desired_flows": []}, None),
        ({"desired_flows": "{{ flows_of_team_a + flows_of_team_b }}"}, None),
        ({"desired_flow": []}, "desired_flows is not defined, so nothing was audited"),
        (
            {"desired_flows": {"A": {"enabled": True}}},
            "desired_flows must be a list of flows, each with the options of twilio.flex.flex_flows, got a dictionary",
        ),
        ({"desired_flows": None}, "desired_flows must be a list of flows, each with the options of twilio.flex.flex_flows, got null"),
    ],
)
def test_declaration_problems(variables, problem):
    found = declaration_problem(variables, "desired_flows")
    assert found == problem if problem is None else found.startswith(problem)


def test_only_a_create_only_difference_of_an_address_is_drift_any_other_error_is_an_audit_error():
    from ansible_collections.twilio.flex.plugins.plugin_utils._drift_report import is_address_audit_error

    def item(kind):
        return dict(status="drifted", error=dict(message="...", kind=kind, status=None, code=None, more_info=None))

    assert is_address_audit_error(item("create_only")) is False
    # A rule the entry breaks on an existing address (such as a webhook type without its URL) leaves the audit incomplete.
    assert is_address_audit_error(item("invalid")) is True
