"""What a report is: its title, the office that wrote it (name, kind, level, region
chain), the year reported on, the publication date and the format. Every rule reads the
report's own text (and the gazetteer of divisions); there is no table of known offices.

- title.py: the title block and the office a title names;
- office.py: the office from the body when the title does not name it;
- names.py: what may be an office name (never a sentence fragment, year or page word);
- region.py: the office's region chain, from its name, its body and the gazetteer;
- year.py: the year reported on and the publication date;
- form.py: pre2019 / 2019 trial form / 2021 form.

When nothing in the text names the office, the file name is tried; else the office is
left unknown with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from core.models import LoadedDocument, Office, Paragraph, ReportFormat
from core.normalise import normalise
from core.office_names import office_kind, office_level

from .form import report_format
from .names import clean_office, simplified_name
from .office import find_office
from .region import parents_from_body, parents_from_gazetteer, split_units
from .title import office_in_title, title_block
from .year import published as find_published
from .year import report_year

UNKNOWN_OFFICE_WARNING = "未能从标题、正文或文件名识别发布机关，发布机关记为未知"
# Words that name a government rather than a place: dropped for the short name, at the
# end (…街道办事处) or between units (临湘市人民政府长安街道办事处).
_TRAILING_OFFICE = re.compile(r"(?:办事处|人民政府|政府)$")
_INNER_OFFICE = re.compile(r"(?<=[市区县旗盟州])(?:人民政府|政府)(?=\S)")


@dataclass(frozen=True)
class ReportMeta:
    title: str
    office: Office
    year: int | None
    published: str | None  # ISO: YYYY-MM-DD or YYYY-MM
    format: ReportFormat
    warnings: tuple[str, ...] = ()


def describe(doc: LoadedDocument, paragraphs: Sequence[Paragraph]) -> ReportMeta:
    warnings: list[str] = []
    title_lines, header = title_block(paragraphs)
    title = "".join(p.text.strip() for p in title_lines) or doc.title_hint.strip()
    name, _ = find_office(office_in_title(title), header, paragraphs)
    if not name:
        name = clean_office(PurePath(doc.source).stem)
    if not name:
        warnings.append(UNKNOWN_OFFICE_WARNING)
    body = "\n".join(p.normalised for p in paragraphs if p not in title_lines)
    office = make_office(name, body)
    published = find_published(header, paragraphs)
    year = report_year(normalise(title).text, body, published, warnings)
    return ReportMeta(title=title, office=office, year=year, published=published,
                      format=report_format(year, paragraphs, warnings), warnings=tuple(warnings))


def make_office(name: str, body: str = "") -> Office:
    """An Office from its name as written: the short name, the region chain (the name's
    units, the parents its body names, the gazetteer's), the kind and the level."""
    if not name:
        return Office(name="", short="")
    prefix = simplified_name(name)
    core = _INNER_OFFICE.sub("", _TRAILING_OFFICE.sub("", prefix))
    units = split_units(core)
    rest = core[sum(len(u) for u in units):].strip()
    short = (units[-1] + rest if units else core) or prefix
    region = tuple(units)
    if region:
        region = parents_from_gazetteer(parents_from_body(region, body))
    kind = office_kind(prefix, bool(units))
    return Office(name=name, short=short, region=region, kind=kind,
                  level=office_level(kind, region))
