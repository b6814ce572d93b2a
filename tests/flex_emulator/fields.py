# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Form parameters shared by every resource: one table row per parameter, the conversions from
form text, and the checks of out-of-band (seed, admin) data.

A decoded form maps a parameter name to its text, or to a list of texts when the key was
repeated (``AutoCreation.WebhookFilters=a&AutoCreation.WebhookFilters=b``).
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import invalid_parameter, missing_parameter

ACCOUNT_SID_PATTERN = re.compile(r"^AC[0-9a-fA-F]{32}$")
_DECIMAL_INTEGER = re.compile(r"^[+-]?[0-9]+$")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class FormField:  # pylint: disable=too-many-instance-attributes
    """One form parameter of create/update and where it lands in the API shape."""

    name: str  # Twilio's form name, e.g. "Integration.FlowSid"
    key: str  # snake_case key, top level or inside the resource's nested object
    kind: str  # string, sid, enum, boolean, loose_boolean, integer, url, list
    nested: bool = False  # inside the nested object (a flow's ``integration``, an address's ``auto_creation``)
    pattern: str = ""  # sid, string: the regular expression the text must match
    choices: tuple = ()  # enum (lowercase, as the spec lists them); list: the allowed items
    minimum: int = None  # integer bounds
    maximum: int = None
    max_length: int = None  # string: at most this many characters
    # enum: "" = matched exactly; "lower"/"upper" = matched in any case, stored in lower/upper case.
    fold: str = ""


def sid_field(name, key, prefix, nested=False):
    return FormField(name, key, "sid", nested, pattern=rf"^{prefix}[0-9a-fA-F]{{32}}$")


def form_from_pairs(pairs):
    """A decoded form from (name, text) pairs: a repeated name gives a list of its texts, in order;
    a name given once stays a plain string (so resources without list parameters see what they always did)."""
    form = {}
    for name, text in pairs:
        if name not in form:
            form[name] = text
        elif isinstance(form[name], list):
            form[name].append(text)
        else:
            form[name] = [form[name], text]
    return form


def single_text(value):
    """The text of a one-value parameter; when a client repeats it, the last value counts
    (what the emulator did before it kept repeated keys)."""
    return value[-1] if isinstance(value, list) else value


def timestamp(moment=None):
    """ISO 8601 in UTC with second precision, as Twilio writes dates: 2016-08-01T22:10:40Z."""
    moment = moment or datetime.datetime.now(datetime.timezone.utc)
    return moment.strftime(TIMESTAMP_FORMAT)


def parse_boolean(name, text):
    # Twilio's servers are understood to compare lowercased text (inferred): "True" and "TRUE" work.
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise invalid_parameter(name, "must be true or false")


def parse_loose_boolean(text):
    """A boolean as TaskRouter's Available takes it: "true", "1" or "yes" (any case) is true, anything else false."""
    return text.strip().lower() in ("true", "1", "yes")


def parse_integer(field, text):
    if not _DECIMAL_INTEGER.match(text.strip()):
        raise invalid_parameter(field.name, "must be an integer" + _bounds_text(field))
    value = int(text)
    if (field.minimum is not None and value < field.minimum) or (field.maximum is not None and value > field.maximum):
        raise invalid_parameter(field.name, "must be an integer" + _bounds_text(field))
    return value


def _bounds_text(field):
    if field.minimum is not None and field.maximum is not None:
        return f" between {field.minimum} and {field.maximum}"
    if field.minimum is not None:
        return f" greater than or equal to {field.minimum}"
    return ""


def is_absolute_http_url(text):
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _parse_enum(field, text):
    if field.fold:
        # Accepted in any case and stored folded, as the resource's own spec examples show for it.
        lowered = text.lower()
        if lowered in field.choices:
            return lowered.upper() if field.fold == "upper" else lowered
    elif text in field.choices:
        # Matched exactly (lowercase), as the spec lists them.
        return text
    raise invalid_parameter(field.name, "must be one of " + ", ".join(field.choices))


def parse_value(field, text):
    """Convert one form value, or raise a 400 naming the parameter."""
    if field.kind == "boolean":
        return parse_boolean(field.name, text)
    if field.kind == "loose_boolean":
        return parse_loose_boolean(text)
    if field.kind == "integer":
        return parse_integer(field, text)
    if field.kind == "enum":
        return _parse_enum(field, text)
    if field.kind == "sid":
        if not re.match(field.pattern, text):
            raise invalid_parameter(field.name, f"must match {field.pattern}")
        return text
    if field.kind == "url":
        if not is_absolute_http_url(text):
            raise invalid_parameter(field.name, "must be an absolute http or https URL")
        return text
    if field.max_length is not None and len(text) > field.max_length:
        raise invalid_parameter(field.name, f"must be at most {field.max_length} characters")
    if field.pattern and not re.match(field.pattern, text):
        raise invalid_parameter(field.name, f"must match {field.pattern}")
    return text


def parse_list(field, value):
    """A repeated parameter as a list in the order given; one empty value clears it (None)."""
    texts = value if isinstance(value, list) else [value]
    if texts == [""]:
        return None
    for text in texts:
        if field.choices and text not in field.choices:
            raise invalid_parameter(field.name, "items must be among " + ", ".join(field.choices))
    return list(texts)


def parse_fields(form, fields, required=()):
    """(top-level changes, nested-object changes) from a decoded form; unknown names are ignored as Twilio does.

    An empty value clears an optional string, SID, URL or list (stored as null), following the
    community provider that sends "" to clear (inferred); the ``required`` ones cannot be emptied.
    """
    top, nested = {}, {}
    for field in fields:
        if field.name not in form:
            continue
        target = nested if field.nested else top
        if field.kind == "list":
            target[field.key] = parse_list(field, form[field.name])
            continue
        text = single_text(form[field.name])
        if text == "" and field.name in required:
            raise invalid_parameter(field.name, "must not be empty")
        if text == "" and field.kind in ("string", "sid", "url"):
            target[field.key] = None
            continue
        target[field.key] = parse_value(field, text)
    return top, nested


def require_fields(fields, required, top):
    """Raise Twilio's missing-parameter 400 for the first required top-level field not set."""
    for field in fields:
        if field.name in required and top.get(field.key) is None:
            raise missing_parameter(field.name)


def check_timestamps(item, keys=("date_created", "date_updated")):
    """ValueError unless every date looks like Twilio's 2016-08-01T22:10:40Z."""
    for key in keys:
        try:
            datetime.datetime.strptime(str(item[key]), TIMESTAMP_FORMAT)
        except ValueError as error:
            raise ValueError(f"{key} must look like 2016-08-01T22:10:40Z") from error
