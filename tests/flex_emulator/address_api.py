# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Conversations v1 ``/v1/Configuration/Addresses`` operations, on the shared resource routing."""

from urllib.parse import unquote

from .address_resource import LIST_PATH, parse_create_form, parse_update_form, render
from .api import ResourceApi


class AddressConfigurationsApi(ResourceApi):
    """Conversations v1 Address Configurations: list, create, and fetch/update/delete by sid or by address."""

    list_path = LIST_PATH
    list_key = "address_configurations"
    # "The default is 50, and the maximum is 50" (spec). A larger PageSize is a 400 as for flows;
    # whether Twilio refuses or clamps it is not documented (inferred).
    default_page_size = 50
    max_page_size = 50

    def render(self, item, base_url):
        return render(item, base_url)

    def parse_create(self, form):
        return parse_create_form(form)

    def parse_update(self, form):
        return parse_update_form(form)

    def instance_key(self, segment):
        # {Sid} "can be either the sid or the address of the configuration" (spec). Clients percent-encode
        # the address (+15555550100 as %2B15555550100); unquote, not unquote_plus: a literal "+" stays "+".
        return unquote(segment)

    def list_filters(self, query):
        address_type = query.get("Type")
        if address_type is None:
            return {}, lambda item: True
        # The filter is a plain string in the spec; it matches whatever the case, as Type on create does (inferred).
        wanted = address_type.lower()
        return {"Type": address_type}, lambda item: str(item["type"]).lower() == wanted
