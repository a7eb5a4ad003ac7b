"""What every event handler of the web app needs, built once by `build_ui`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.runnables import Runnable

from assistant.chain import ChainParts
from core.settings import Settings
from core.store import Store


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    store: Store
    # The chain's parts (assistant.chain.build_parts): with an LLM configured,
    # stream_answer streams its tokens; a plain runnable is answered whole.
    chain: ChainParts | Runnable
    export_dir: Path  # briefings and CSV downloads are written below it, one folder each

    def snapshot(self) -> Any:
        """The corpus snapshot the answers read (the store's reports for a plain runnable)."""
        if isinstance(self.chain, ChainParts):
            return self.chain.snapshot()
        return _Reports(tuple(self.store.reports()))

    def invoke(self, question: Any) -> Any:
        runnable = self.chain.chain if isinstance(self.chain, ChainParts) else self.chain
        return runnable.invoke(question)


@dataclass(frozen=True)
class _Reports:
    reports: tuple
