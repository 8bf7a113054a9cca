"""Test settings shared by every test module.

On a CI machine (``CI`` set) hypothesis runs derandomized: the same examples on every run, so a
red CI always means a change broke something. Developers' runs stay random and keep finding new
cases; each one found becomes an explicit ``@example`` or a named test case.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
