# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every resource the emulator serves, in the order seeds, resets and the admin endpoints list them. Adding a resource
is a collection.CollectionResource subclass (its description and its own rules) and a line here."""

from .address_resource import ADDRESS_CONFIGURATIONS
from .resource import FLEX_FLOWS
from .taskrouter_resource import TASKROUTER_RESOURCES

RESOURCES = (FLEX_FLOWS, ADDRESS_CONFIGURATIONS) + TASKROUTER_RESOURCES
