# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Made-up credentials the emulator accepts by default; they open nothing but the emulator."""

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "emulator-auth-token-not-a-secret"
API_KEY = "SK" + "fedcba9876543210" * 2
API_SECRET = "emulator-api-secret-not-a-secret"
