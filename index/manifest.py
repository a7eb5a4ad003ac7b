"""The user's word on what a report is: corrections of office / year / level / region.

Some reports never name their office in the text (a page that keeps the name only in its
address), some name the wrong year. The user corrects them with `index FILE --office NAME
--year YYYY`, or for a folder with a manifest CSV:

    file,office,year,level,region
    reports/033_bengbu_zhen_2016.txt,蚌埠市某镇（名称未载）,2016,乡镇街道,安徽省/蚌埠市

`file` is relative to the manifest's folder, or a bare file name (then it matches a file
of that name wherever it is). `office` and `year` may be left empty (not corrected);
`level` and `region` are optional columns; a region is a chain written with `/` or `>`.

What the pipeline does with a correction (index/pipeline.py): it replaces what was read
before figures are extracted, so answers, filters and figures all see the corrected
office and year; it is stored with the report and applied again whenever the file is
re-indexed, also by a plain `index` without flags: a correction is the user's word and
only a new correction changes it (field by field: a new --year keeps an earlier --office).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import AssistantError
from core.models import Correction, Office
from core.office_names import office_kind, office_level

COLUMNS = ("file", "office", "year", "level", "region")
_REGION_SEPARATORS = re.compile(r"\s*[/>＞／]\s*")


def parse_year(text: str | int | None, where: str = "") -> int | None:
    """A four-digit year, None for empty; anything else is the user's mistake."""
    if text is None or str(text).strip() == "":
        return None
    value = str(text).strip().removesuffix("年")
    if not re.fullmatch(r"(?:19|20)\d{2}", value):
        raise AssistantError(f"{where}年份应为四位数字（如 2019），而不是 {text!r}")
    return int(value)


def parse_region(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in _REGION_SEPARATORS.split((text or "").strip()) if part)


def correction_of(office: str | None = None, year: str | int | None = None,
                  level: str | None = None, region: str | None = None,
                  where: str = "") -> Correction | None:
    """A correction from the user's words, None when every field is empty."""
    correction = Correction(office=(office or "").strip(), year=parse_year(year, where),
                            level=(level or "").strip(), region=parse_region(region))
    return correction if correction.fields else None


@dataclass(frozen=True)
class Manifest:
    path: Path
    by_path: dict[Path, Correction]  # rows naming a path (resolved)
    by_name: dict[str, Correction]  # rows naming a bare file name

    def get(self, file: Path) -> Correction | None:
        found = self.by_path.get(Path(file).resolve())
        return found if found is not None else self.by_name.get(Path(file).name)

    def unmatched(self, files: Sequence[Path]) -> list[str]:
        """Rows that name none of `files`: most likely a typo in the manifest."""
        resolved = {Path(f).resolve() for f in files}
        names = {Path(f).name for f in files}
        return ([str(p) for p in self.by_path if p not in resolved]
                + [n for n in self.by_name if n not in names])


def read_manifest(path: Path) -> Manifest:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"无法读取清单 {path}：{exc}") from exc
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "file" not in rows[0]:
        raise AssistantError(f"清单 {path} 需要表头行：{','.join(COLUMNS)}")
    folder = Path(path).resolve().parent
    by_path: dict[Path, Correction] = {}
    by_name: dict[str, Correction] = {}
    for number, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        correction = correction_of(row.get("office"), row.get("year"), row.get("level"),
                                   row.get("region"), where=f"{path}:{number}: ")
        if correction is None:
            continue
        if "/" in name or "\\" in name:
            by_path[(folder / name).resolve()] = correction
        else:
            by_name[name] = correction
    return Manifest(Path(path), by_path, by_name)


def apply_correction(office: Office, year: int | None,
                     correction: Correction | None) -> tuple[Office, int | None]:
    """The office and year with the corrected fields replaced. A corrected name is taken
    whole (also as the short name: the user wrote what the office is called); kind and
    level follow the new name unless the level itself is corrected."""
    if correction is None:
        return office, year
    if correction.office and correction.office != office.name:
        office = replace(office, name=correction.office, short=correction.office)
    if correction.region:
        office = replace(office, region=correction.region)
    if correction.office or correction.region:
        kind = office_kind(office.name, bool(office.region))
        office = replace(office, kind=kind, level=office_level(kind, office.region))
    if correction.level:
        office = replace(office, level=correction.level)
    return office, correction.year or year
