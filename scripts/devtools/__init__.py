"""Developer tooling for the twilio.flex collection: the test runner and the demo.

Only the standard library is used here: this code runs with whatever python3
a newcomer has, before any virtual environment exists.
"""
