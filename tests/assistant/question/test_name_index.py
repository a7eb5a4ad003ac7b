"""NameIndex (assistant/question/name_index.py) gives what a scan of every name gives."""

import random

from assistant.question.name_index import NameIndex

NAMES = ["北沟街道", "北沟", "铁西区", "铁西", "四平市", "西柳镇", "海城", "秦都区", "秦都",
         "溧阳市人民政府办公室", "溧阳", "商务局", "泰安市商务局", "渭南", "城中区", "西宁"]
QUESTIONS = ["四平市铁西区北沟街道2019年主动公开了多少条？", "比较秦都区和城中区的依申请",
             "溧阳市府办2025年", "泰安商务局和渭南商务局", "", "没有任何名称的问题",
             "西柳镇西柳镇重复两次"]


def test_names_occurring_are_those_a_scan_finds():
    index = NameIndex(NAMES)
    rng = random.Random(3)
    texts = QUESTIONS + ["".join(rng.choice("北沟铁西区市秦都城中溧阳镇柳的和") for _ in range(30))
                         for _ in range(200)]
    for text in texts:
        assert set(index.occurring_in(text)) == {n for n in NAMES if n in text}
        assert index.prefixes_of(text) == sorted((n for n in NAMES if text.startswith(n)),
                                                 key=len, reverse=True)


def test_in_order_of_first_occurrence():
    assert NameIndex(NAMES).occurring_in("秦都区和铁西")[:3] == ["秦都区", "秦都", "铁西"]


def test_any_containing_is_a_scan_of_every_name():
    index = NameIndex(NAMES)
    for part in ["沟街", "商务", "人民政府办", "区商", "", "西宁市", "渭南"]:
        assert index.any_containing(part) == (bool(part) and any(part in n for n in NAMES))
    assert not index.any_containing("北沟街道\n铁西区")  # never across two names
