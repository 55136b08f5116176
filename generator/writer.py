"""Write: the one owner of the output tree.

Every output path is claimed by what produces it (a view's page or file, the renderer's own files);
a second claim on the same path is an error naming both, so one page never silently overwrites
another. Everything is written into a staging folder beside the output and swapped in whole at
the end: a failed build leaves the previous site as it was. A file whose bytes are the same as in
the previous site is not written again but linked to the old one (same inode, same time stamp):
a rebuild after one edit touches only what changed, and the swap stays one rename.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class DoubleWrite(Exception):
    def __init__(self, path: str, first: str, second: str):
        super().__init__(f"{path} would be written twice: by {first} and by {second}")
        self.path, self.first, self.second = path, first, second


def unsafe_out(out: Path, keep: list[Path]) -> str | None:
    """Why the build must not replace `out`, if it must not: the swap deletes what was there."""
    target = out.resolve()
    for folder in keep:
        if folder.resolve().is_relative_to(target):
            return f"it holds {folder} (the site folder is replaced whole)"
    if target.exists() and not target.is_dir():
        return "it is a file, not a site folder"
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        return "it is a folder with files but no index.html, not a built site; choose an empty or new folder"
    return None


class Writer:
    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        self.claims: dict[str, str] = {}  # site path -> what produces it

    def claim(self, path: str, source: str) -> None:
        """Reserve `path` (relative to the site root) for `source`; refuse a second claim."""
        if path in self.claims:
            raise DoubleWrite(path, self.claims[path], source)
        self.claims[path] = source

    def claim_tree(self, folder: Path, source: str) -> None:
        """Claim every file another program (the renderer) wrote under the staging folder, unclaimed so far."""
        for f in sorted(folder.rglob("*")):
            rel = f.relative_to(self.staging).as_posix()
            if f.is_file() and rel not in self.claims:
                self.claim(rel, source)

    def write(self, path: str, data: bytes, source: str | None = None) -> None:
        """Write a file; with `source`, claim it first (without, it must be claimed already)."""
        if source is not None:
            self.claim(path, source)
        elif path not in self.claims:
            raise KeyError(f"{path} written without a claim")
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self._unchanged(path, data, target):
            target.write_bytes(data)

    def _unchanged(self, path: str, data: bytes, target: Path) -> bool:
        """Link the previous site's file in when it holds these very bytes."""
        old = self.out / path
        try:
            if old.stat().st_size != len(data) or old.read_bytes() != data:
                return False
            os.link(old, target)
        except OSError:  # no previous file, or a file system without hard links: write it
            return False
        return True

    def read(self, path: str) -> bytes:
        return (self.staging / path).read_bytes()

    def commit(self) -> None:
        """Swap the staging folder in for the output folder."""
        old = None
        if self.out.exists():
            old = self.out.with_name(f".{self.out.name}-old-{os.getpid()}")
            self.out.rename(old)
        self.staging.rename(self.out)
        if old:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
