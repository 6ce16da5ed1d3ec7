"""A JSON file a simulated back office serves from, read again only when it changes
(the demo rewrites it while the back office runs)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass


@dataclass
class WatchedFile:
    path: str
    stamp: tuple[float, int] | None = None
    problem: str = ""

    def changed_document(self, key: str) -> list | None:
        """The file's ``key`` list (or the whole file, when it is a list) when it changed
        since last read; None when it did not. A missing or unreadable file gives [] and
        says why in ``problem``."""
        try:
            stat = os.stat(self.path)
        except OSError:
            self.stamp, self.problem = None, f"no file at {self.path}"
            return []
        stamp = (stat.st_mtime, stat.st_size)
        if stamp == self.stamp:
            return None
        self.stamp = stamp
        try:
            with open(self.path, encoding="utf-8") as handle:
                document = json.load(handle)
            items = document.get(key, []) if isinstance(document, dict) else document
            self.problem = ""
            return [item for item in items if isinstance(item, dict)]
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            self.problem = f"could not read {self.path}: {exc}"
            return []
