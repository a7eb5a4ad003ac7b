"""The optional LLM, tested with small chat models that implement LangChain's chat-model
interface (BaseChatModel): one faithful, one that invents a number, one that cites the
wrong source. Their answers go through the same checks as the deterministic ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.chain import build_parts, stream_answer
from core.errors import PromptError
from assistant.answering.llm import REJECTED_NOTE, load_prompt, make_chat_model
from core.models import Answer
from core.settings import Settings
from tests.qa_helpers import bundled_index


def _draft_of(prompt: str) -> str:
    return prompt.split("参考答案", 1)[1].split("：", 1)[1].strip()


class ScriptedChat(BaseChatModel):
    """Writes its answer from the prompt it is given, by one fixed habit."""

    habit: str  # faithful / invents / wrong_source / no_citation / must_not_be_called
    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "scripted-test-chat"

    def _reply(self, messages: list[BaseMessage]) -> str:
        self.calls += 1
        prompt = str(messages[-1].content)
        draft = _draft_of(prompt)
        if self.habit == "faithful":
            return "根据报告原文，" + draft
        if self.habit == "invents":  # every stated count one higher than the report's
            return re.sub(r"(\d+)(条|件|起|个)", lambda m: f"{int(m.group(1)) + 1}{m.group(2)}", draft)
        if self.habit == "wrong_source":  # the markers of the sources swapped
            return re.sub(r"\[(\d+)\]", lambda m: "[2]" if m.group(1) == "1" else "[1]", draft)
        if self.habit == "no_citation":
            return re.sub(r"\[\d+\]", "", draft)
        raise AssertionError("the LLM must not be called for this answer")

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        text = self._reply(messages)
        for start in range(0, len(text), 7):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text[start:start + 7]))


@pytest.fixture(scope="module")
def index(tmp_path_factory, embedder):
    return bundled_index(tmp_path_factory, embedder)


def parts_with(index, habit: str):
    settings, store = index
    return build_parts(settings, store, chat_model=ScriptedChat(habit=habit))


TWO_SOURCES = "银州区的行政诉讼案件有多少件，胜诉几件？"


@pytest.mark.slow
def test_a_faithful_answer_is_kept(index):
    parts = parts_with(index, "faithful")
    answer = parts.chain.invoke(TWO_SOURCES)
    assert answer.text.startswith("根据报告原文")
    assert not any(REJECTED_NOTE in n for n in answer.notes)
    assert [c.n for c in answer.citations] == [1, 2]
    assert {f.value for f in answer.figures} == {10, 7}


@pytest.mark.slow
@pytest.mark.parametrize("habit", ["invents", "wrong_source", "no_citation"])
def test_an_unfaithful_answer_is_replaced_by_the_deterministic_one(index, habit):
    deterministic = build_parts(*index).chain.invoke(TWO_SOURCES)
    answer = parts_with(index, habit).chain.invoke(TWO_SOURCES)
    assert answer.text == deterministic.text
    assert answer.citations == deterministic.citations
    assert any(REJECTED_NOTE in n for n in answer.notes)


@pytest.mark.slow
def test_a_wrong_source_without_numbers_is_rejected_too(index):
    parts = parts_with(index, "wrong_source")
    answer = parts.chain.invoke("北沟街道的信息公开工作存在哪些问题？")
    # A single-source passage answer: its marker swapped to a source that does not exist.
    assert any(REJECTED_NOTE in n for n in answer.notes)


@pytest.mark.slow
def test_not_found_is_never_handed_to_the_llm(index):
    parts = parts_with(index, "must_not_be_called")
    answer = parts.chain.invoke("北沟街道2017年的财政预算是多少？")
    assert answer.status == "not_found" and parts.chat_model.calls == 0


@pytest.mark.slow
def test_streaming_yields_pieces_then_the_checked_answer(index):
    pieces = list(stream_answer(parts_with(index, "faithful"), TWO_SOURCES))
    texts, final = pieces[:-1], pieces[-1]
    assert len(texts) > 1 and all(isinstance(p, str) for p in texts)
    assert isinstance(final, Answer) and "".join(texts).strip() == final.text
    rejected = list(stream_answer(parts_with(index, "invents"), TWO_SOURCES))
    assert isinstance(rejected[-1], Answer)
    assert any(REJECTED_NOTE in n for n in rejected[-1].notes)
    assert rejected[-1].text != "".join(rejected[:-1])


@pytest.mark.slow
def test_without_an_llm_streaming_gives_the_answer_once(index):
    pieces = list(stream_answer(build_parts(*index), TWO_SOURCES))
    assert len(pieces) == 2 and pieces[0] == pieces[1].text


def test_prompts_are_files_with_every_variable_filled(tmp_path):
    settings = Settings(_env_file=None)
    text = load_prompt(settings.prompts_dir, "answer_user", question="问", sources="[1] 原文",
                       figures="（无）", draft="答[1]")
    assert "问" in text and "{" not in text
    (tmp_path / "p.md").write_text("问题：{question}\n资料：{sources}", encoding="utf-8")
    with pytest.raises(PromptError, match="sources"):
        load_prompt(tmp_path, "p", question="问")
    with pytest.raises(PromptError, match="draft"):
        load_prompt(tmp_path, "p", question="问", sources="s", draft="d")
    with pytest.raises(PromptError):
        load_prompt(tmp_path, "missing")


def test_chat_model_from_settings():
    assert make_chat_model(Settings(_env_file=None)) is None
    model = make_chat_model(Settings(_env_file=None, llm_base_url="http://127.0.0.1:9/v1",
                                     llm_model="qwen2.5-7b-instruct", llm_api_key="k"))
    assert isinstance(model, BaseChatModel)
    assert model.model_name == "qwen2.5-7b-instruct"
    assert str(model.openai_api_base).startswith("http://127.0.0.1:9")


def test_a_claim_pinned_on_a_source_that_does_not_say_it_is_rejected():
    from core.errors import AnswerRejected
    from assistant.answering.llm import accept
    from core.models import Citation

    def cite(n: int, quote: str) -> Citation:
        return Citation(n, "r.txt", "某街道", 2017, "", f"p{n}", quote, quote)

    draft = Answer("q", "answered", "草稿[1][2]",
                   citations=(cite(1, "建立了信息发布保密审查机制和程序"),
                              cite(2, "通过社区宣传橱窗、楼门小黑板、电子显示屏公开")))
    assert accept(draft, "街道建立了保密审查机制[1]。社区用楼门小黑板公开[2]。").text
    with pytest.raises(AnswerRejected, match="shares no words"):
        accept(draft, "街道建立了保密审查机制[2]。")
