"""Imports every `cmd_*.py` module beside this file; each adds its commands to `cli`.

Adding a command group is adding one `cmd_<name>.py` module.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

_PACKAGE = __name__.rsplit(".", 1)[0]

for _info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
    if _info.name.startswith("cmd_"):
        importlib.import_module(f"{_PACKAGE}.{_info.name}")
