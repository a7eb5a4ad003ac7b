"""The exception tree. Library code raises these; only the CLI and the UI turn them into
a user's words."""


class AssistantError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(AssistantError):
    """A setting is missing or contradicts another one."""


class LoadError(AssistantError):
    """A report file cannot be read. Carries the file name and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(AssistantError):
    """The store cannot be opened or written (unreachable server, wrong model, ...)."""


class EmbeddingMismatchError(StoreError):
    """The collection was built with another embedding model than the one configured."""


class ModelNotFoundError(AssistantError):
    """The embedding model cannot be found locally (no download is ever attempted)."""


class PromptError(AssistantError):
    """A prompt template is missing or a variable is left unfilled."""


class AnswerRejected(AssistantError):
    """An LLM answer failed the citation or number check."""


class EncoderProcessError(AssistantError):
    """The indexer's encoder process could not start, failed, or ended while encoding."""
