"""The texts a ``.qdpx`` names: found in the archive, decoded, extracted; or reported missing.

A source's text is its ``plainTextPath`` file (``internal://`` or, with a
warning, without that prefix), else its ``PlainTextContent``, else the text the
workbench extracts from its ``richTextPath`` file (with a warning that the
selections' offsets are taken to refer to that text); external files
(``relative://``, ``absolute://``) are never read. A file that is not in the
archive is recorded in ``missing`` by source, so that the import can say what a
partial project lacks (the ATLAS.ti reference project ships without its files).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from workbench.core.errors import InputError
from workbench.interop.refi.archive import unsafe_name

if TYPE_CHECKING:
    from workbench.interop.refi.archive import SafeArchive
    from workbench.interop.refi.model import RefiTextSource
    from workbench.interop.refi.problems import Problems


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source's text as the file gives it (before normalising), and where it came from."""

    text: str
    raw: bytes
    member: str
    exact: bool
    """Whether the selections' offsets refer to this very text (not to an extraction)."""


class SourceFiles:
    """Reads the files sources and notes name, reporting each problem once."""

    def __init__(self, archive: SafeArchive | None, problems: Problems) -> None:
        self.archive = archive
        self.p = problems
        self.missing: dict[str, str] = {}
        """Path as written -> the owner (source or note) that names it, for files not there."""
        self.no_prefix: list[str] = []

    def member(
        self, ref: str, *, owner: str, line: int | None, missing_is_error: bool = True
    ) -> tuple[str, bytes] | None:
        """The archive member a source path names, read; ``None`` after reporting why not."""
        text = ref.strip()
        scheme, sep, rest = text.partition("://")
        if sep and scheme.casefold() != "internal":
            self.p.error(
                f"{owner}: {text!r} is an external file ({scheme}://); an import reads only "
                "files inside the .qdpx",
                line=line,
            )
            return None
        name = rest if sep else text
        if not sep:
            self.no_prefix.append(text)
        why = unsafe_name(name) or ("is empty" if not name else None)
        if why is not None:
            self.p.error(f"{owner}: refused source path {text!r}: it {why}", line=line)
            return None
        bare = name[len("sources/") :] if name.casefold().startswith("sources/") else name
        if self.archive is None:
            self.p.error(f"{owner}: {text} cannot be read (no archive)", line=line)
            return None
        found = self.archive.find_any([f"sources/{bare}", name])
        if found is None:
            if text not in self.missing:
                self.missing[text] = owner
                if missing_is_error:
                    self.p.error(f"{owner}: {text} is not in the archive", line=line)
            return None
        try:
            return found, self.archive.read(found)
        except InputError as exc:
            self.p.error(f"{owner}: {exc}", line=line)
            return None

    def decode(self, data: bytes, *, owner: str, line: int | None) -> str | None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        from workbench.ingest.text import decode_bytes

        try:
            text, encoding = decode_bytes(data)
        except InputError as exc:
            self.p.error(f"{owner}: {exc.message}", line=line)
            return None
        self.p.warn(f"{owner}: the text is not UTF-8 as the standard requires; read as {encoding}")
        return text

    def rich_text(self, member: str, data: bytes, *, owner: str, line: int | None) -> str | None:
        from pathlib import Path

        from workbench.ingest.registry import reader_for

        try:
            where = Path(PurePosixPath(member).name)  # for the reader's choice and messages only
            return reader_for(where)(data, where).text
        except InputError as exc:
            self.p.error(f"{owner}: cannot read its text from {member}: {exc.message}", line=line)
            return None

    def source_text(
        self, src: RefiTextSource, owner: str, *, missing_is_error: bool = True
    ) -> SourceText | None:
        """A source's text, or ``None`` (after reporting why, or recording it missing)."""
        if src.plain_path:
            if src.content is not None:
                self.p.warn(f"{owner}: has both plainTextPath and PlainTextContent; read the file")
            got = self.member(
                src.plain_path, owner=owner, line=src.line, missing_is_error=missing_is_error
            )
            if got is None:
                return None
            member, data = got
            text = self.decode(data, owner=owner, line=src.line)
            return SourceText(text, data, member, True) if text is not None else None
        if src.content is not None:
            return SourceText(src.content, src.content.encode("utf-8"), "", True)
        if src.rich_path:
            got = self.member(
                src.rich_path, owner=owner, line=src.line, missing_is_error=missing_is_error
            )
            if got is None:
                return None
            member, data = got
            text = self.rich_text(member, data, owner=owner, line=src.line)
            if text is None:
                return None
            if src.selections:
                self.p.warn(
                    f"{owner}: has no plain text, only {src.rich_path}; its text was extracted "
                    "by the workbench and its selections' offsets are taken to refer to that text"
                )
            return SourceText(text, data, member, False)
        self.p.error(
            f"{owner}: has no text (no plainTextPath, PlainTextContent or richTextPath)",
            line=src.line,
        )
        return None

    def workbench_data(
        self, extension: dict[str, Any] | None
    ) -> tuple[dict[str, Any], dict[str, bytes]]:
        """The extension's workbench-only data, and the ``workbench/`` files it names."""
        ext = extension or {}
        extra = ext.get("workbench")
        if not isinstance(extra, dict):
            return {}, {}
        files: dict[str, bytes] = {}
        names = ext.get("files")
        for name in names if isinstance(names, list) else []:
            if not isinstance(name, str) or self.archive is None:
                continue
            member = self.archive.find(f"workbench/{name}")
            if member is None:
                self.p.warn(f"workbench/{name} is named but not in the archive; left out")
                continue
            try:
                files[name] = self.archive.read(member)
            except InputError as exc:
                self.p.error(str(exc.message), path=exc.path)
        return extra, files

    def finish(self) -> None:
        if self.no_prefix:
            self.p.warn(
                f"{len(self.no_prefix)} source path(s) lack the internal:// prefix the standard "
                f"requires (e.g. {self.no_prefix[0]!r}); read from sources/ anyway"
            )
