"""Detect the encoding of a Chinese text file: UTF-8 (with or without BOM), UTF-16 with
a BOM, GB18030/GBK/GB2312, or Big5.

Detectors confuse GBK and Big5 on short texts (their byte ranges overlap, and most
Big5 byte pairs are valid GBK), so every legacy decoding that succeeds strictly is
scored by how much of it is *common* Chinese: a Han character among the 3,755 of
GB2312 level 1 or the 5,401 of Big5's frequent set, or CJK punctuation. The right
decoding of real text scores near 1; a wrong one fills with rare characters, kana,
box-drawing signs or private-use code points. Ties (a few characters long) go to the
mainland encodings first. charset-normalizer is not trusted with ties: on the bundled
reports cut to 2-8 characters it picks Big5 for 46 of 731 GBK fragments, where the
score alone gets all but 6 (one- or two-character ones) right. It is asked for a name
when nothing decodes, to say what the file seems to be.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from charset_normalizer import from_bytes

from core.errors import LoadError

# Legacy encodings tried, in order of preference when scores tie. gb18030 is a superset
# of GBK and GB2312; cp950 and big5hkscs extend Big5 with characters real files use.
LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "big5-hkscs": "big5hkscs", "x-x-big5": "big5",
    "utf8": "utf-8", "unicode": "utf-8",
}
# Below this share of common characters a decoding is taken for garbage.
MIN_COMMON_SHARE = 0.6
# A declared charset is kept unless detection finds a decoding this much better.
DECLARED_MARGIN = 0.2
# Scores are computed on this many leading characters: plenty to tell encodings apart.
SAMPLE_CHARS = 200_000


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec name that decoded it: utf-8, utf-8-sig, gb18030, big5, ...


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> Decoded:
    """Decode a text file's bytes, or raise LoadError if no supported encoding gives
    plausible text. `declared` is a charset the file names itself (an HTML meta tag)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(name), name, source)
            except UnicodeDecodeError as exc:
                raise LoadError(source, f"文件以 {name} 标记开头，但内容无法按该编码解码（{exc.reason}）") from exc
    if b"\x00" in data:
        raise LoadError(source, "文件含有二进制内容（NUL 字节），不是文本文件")
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass

    scored = _score({name: _strict(data, name) for name in LEGACY})
    declared_name = _codec_name(declared)
    # Only a declaration within the supported family is honoured: pages that claim
    # iso-8859-1 or windows-1252 but hold Chinese exist, and those codecs decode anything.
    if declared_name in scored:
        share = scored[declared_name][0]
        if share >= MIN_COMMON_SHARE and share + DECLARED_MARGIN >= max(s for s, _ in scored.values()):
            return _checked(scored[declared_name][1], declared_name, source)
    if not scored or max(s for s, _ in scored.values()) < MIN_COMMON_SHARE:
        # A file damaged in a few places (cut mid-character, a stray byte) is still
        # read, with U+FFFD where bytes were undecodable; noise has far more of those.
        scored = _score({name: _lenient(data, name) for name in ("utf-8", *LEGACY)})
    best = max((s for s, _ in scored.values()), default=0.0)
    if best < MIN_COMMON_SHARE:
        raise LoadError(source, "无法识别文件编码：不是 UTF-8、GB18030/GBK 或 Big5 的中文文本"
                                f"{_guess(data)}，可能是二进制文件")
    name = next(name for name, (s, _) in scored.items() if s == best)  # LEGACY order on ties
    return _checked(scored[name][1], name, source)


def _score(texts: dict[str, str | None]) -> dict[str, tuple[float, str]]:
    return {name: (common_share(text[:SAMPLE_CHARS]), text)
            for name, text in texts.items() if text is not None}


def _lenient(data: bytes, name: str) -> str | None:
    """The decoding with U+FFFD for undecodable bytes, if they are at most 1 in 500."""
    text = data.decode(name, errors="replace")
    damaged = text.count("\ufffd")
    return text if damaged <= 1 + len(text) // 500 else None


def common_share(text: str) -> float:
    """Share of common Chinese characters among the characters that tell encodings
    apart (ASCII, digits, whitespace and Latin letters such as pinyin are neutral)."""
    common = uncommon = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        verdict = _classify(ch)
        if verdict > 0:
            common += 1
        elif verdict < 0:
            uncommon += 1
    counted = common + uncommon
    return 1.0 if counted == 0 else common / counted


@lru_cache(maxsize=65536)
def _classify(ch: str) -> int:
    """+1 common Chinese, 0 neutral, -1 anything a wrong decoding tends to produce."""
    code = ord(ch)
    if code == 0xFFFD:
        return -1  # a replacement character: bytes this decoding could not read
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or 0x2010 <= code <= 0x2027:
        return 1  # CJK and full-width punctuation, dashes, quotes, ellipsis
    if ch.isspace() or 0x00A0 <= code <= 0x024F or code in (0x00B7, 0x2030):
        return 0  # no-break space, Latin letters with accents (pinyin), middle dot
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return 1  # GB2312 level 1: the 3,755 most used simplified characters
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        if len(b5) == 2 and 0xA440 <= (b5[0] << 8 | b5[1]) <= 0xC67E:
            return 1  # Big5 frequent characters
    except UnicodeEncodeError:
        pass
    if unicodedata.category(ch) == "Nd":
        return 0
    return -1


def _guess(data: bytes) -> str:
    """What charset-normalizer takes an unsupported file for, as a clause of the message."""
    match = from_bytes(data[:100_000]).best()
    return f"（看起来像 {match.encoding} 编码，不受支持）" if match else ""


def _checked(text: str, encoding: str, source: str) -> Decoded:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 200):
        raise LoadError(source, "文件含有大量控制字符，像是二进制文件而不是文本")
    return Decoded(text.lstrip("\ufeff") if encoding == "utf-16" else text, encoding)


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _codec_name(label: str | None) -> str | None:
    """A charset label as found in a file or returned by a detector, as a codec name."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower().replace("_", "-")
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name.replace("_", "-")
    except LookupError:
        return None
    return _ALIASES.get(name, name)  # Python names gb2312 and gbk codecs of their own
