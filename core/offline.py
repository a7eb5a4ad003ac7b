"""No network at run time: what Hugging Face, Chroma and Gradio are told at the edges."""

from __future__ import annotations

import os


def offline_environment() -> None:
    """Tell Hugging Face libraries never to reach a hub. Called at the edges (CLI, app,
    tests, the encoder process) before a model is loaded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
