"""The command palette (ctrl+p): every action of the current screen and of the app.

Names read "area: Action" (as Posting's do); each screen lists its own in
``palette_commands()``, so the palette always offers what the keys can do there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from collections.abc import Callable


class WorkbenchCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        found: list[tuple[str, str, Callable[[], Any]]] = []
        for node in (self.screen, self.app):
            commands = getattr(node, "palette_commands", None)
            if commands is not None:
                found.extend(commands())
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
