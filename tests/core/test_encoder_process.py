"""The indexer's encoder process (core/encoders/process.py, core/encoders/worker.py):
the same vectors as the embedder in process, errors that keep their meaning, and a
process that dies or is not needed handled without hanging. Real model, real process."""

from __future__ import annotations

import os
import signal
from dataclasses import replace

import numpy as np
import pytest

from assistant.cli import main
from core.embedding import DEFAULT_CACHE_DIR
from core.encoders.process import EncoderProcess
from core.errors import EncoderProcessError, ModelNotFoundError
from core.settings import Settings
from core.store import Store
from tests.conftest import CORPUS

TEXTS = ["政府信息公开工作年度报告", "全年主动公开政府信息1234条，其中规范性文件12件。",
         "本年度共收到政府信息公开申请56件，均已按时答复。" * 8, "主动公开"]


def test_its_vectors_are_the_embedders(embedder):
    expected = np.asarray(embedder(TEXTS))
    with EncoderProcess(embedder.spec).start() as encoder:
        got = encoder(TEXTS)
        again = encoder(TEXTS[:1])
        assert encoder.running == "onnx" and encoder.dimension == expected.shape[1]
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.abs(got - expected).max() < 1e-6
    assert np.abs(again[0] - expected[0]).max() < 1e-6


def test_a_model_it_cannot_load_is_reported_as_such(embedder):
    # int8 never falls back to torch: a model that is not there is an error to the user.
    spec = replace(embedder.spec, model="/no/such/model", encoder="onnx-int8")
    with EncoderProcess(spec).start() as encoder:
        with pytest.raises(ModelNotFoundError, match="GOVQA_ENCODER"):
            encoder.load()
    assert encoder.exit_code is not None


def test_a_process_that_dies_is_an_error_not_a_hang(embedder):
    with EncoderProcess(embedder.spec) as encoder:
        encoder.load()
        os.kill(encoder.pid, signal.SIGKILL)
        with pytest.raises(EncoderProcessError, match="ended unexpectedly"):
            encoder(TEXTS)


def test_one_never_asked_to_encode_is_killed_not_waited_for(embedder):
    encoder = EncoderProcess(embedder.spec).start()
    encoder.close()  # a run that skipped every file
    assert encoder.exit_code == -signal.SIGKILL


def test_the_cli_index_stores_the_embedders_vectors(tmp_path, monkeypatch, embedder):
    monkeypatch.setenv("GOVQA_ENCODER_CACHE_DIR", str(DEFAULT_CACHE_DIR))  # no new export
    report = sorted(CORPUS.glob("*.txt"))[0]
    assert main(["index", str(report), "--index-dir", str(tmp_path / "idx")]) == 0
    store = Store.open(Settings(index_dir=tmp_path / "idx", _env_file=None), embedder)
    stored = list(store.chunks_of([r.id for r in store.reports()], vectors=True))
    assert stored
    expected = np.asarray(embedder([c.text for c in stored]))
    assert np.abs(np.asarray([c.vector for c in stored]) - expected).max() < 1e-5


def test_the_cli_says_in_words_when_the_encoder_process_fails(tmp_path, monkeypatch,
                                                              capsys):
    monkeypatch.setenv("GOVQA_ENCODER_CACHE_DIR", str(DEFAULT_CACHE_DIR))

    def dies(self, texts):
        raise EncoderProcessError("the encoder process ended unexpectedly (exit code -9)")

    monkeypatch.setattr(EncoderProcess, "__call__", dies)
    report = sorted(CORPUS.glob("*.txt"))[0]
    assert main(["index", str(report), "--index-dir", str(tmp_path / "idx")]) == 2
    err = capsys.readouterr().err
    assert "编码进程出错" in err and "Traceback" not in err
    # nothing half-written is visible
    store = Store.open(Settings(index_dir=tmp_path / "idx", _env_file=None))
    assert store.reports() == []
