"""Skip markers shared by several test modules, each for a tool a Windows developer machine may
lack. dev.py installs the tools on Debian, so there (and in CI) a missing one fails loudly."""

from __future__ import annotations

import shutil
import sys

import pytest

needs_pdftotext = pytest.mark.skipif(sys.platform == "win32" and shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler) not installed on this Windows machine")
