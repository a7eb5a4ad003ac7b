"""A benchmark corpus generated from the five bundled reports, with its ground truth.

    python benchmarks/generate_corpus.py OUT_DIR --n 500 --seed 1 [--offices N]

writes N report files (UTF-8 .txt) and `truth.jsonl` (one line per file: the office,
its short name and region chain, the year, and every figure the generator wrote).

Many offices (街道 / 镇 / 区 / 县 under several cities) each get a few years between
2013 and 2023; each office keeps one template (its bundled report) across its years,
with every year in the text shifted, its names replaced and the stated figures varied
consistently (a five-year cumulative count is the sum of the office's annual counts;
categories add up to the total; percentages are computed from the counts). The same
seed always gives the same corpus, byte for byte.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from opencc import OpenCC

from benchmarks.corpus_templates import Template, fill, load_templates, shift_years
from benchmarks.corpus_truth import (GeneratedReport, ReportTruth, TruthFigure, read_truth,
                                     write_corpus)

__all__ = ["GeneratedReport", "ReportTruth", "TruthFigure", "generate", "read_truth",
           "write_corpus"]

FIRST_YEAR, LAST_YEAR = 2013, 2023
# Real cities and their districts and counties, so that the region chains a reader (or
# the metadata extractor) builds from the text are those of real places.
CITY_DISTRICTS: dict[str, tuple[str, ...]] = {
    "四平市": ("铁东区", "梨树县"),
    "铁岭市": ("清河区", "铁岭县", "西丰县", "昌图县"),
    "宁波市": ("海曙区", "江北区", "镇海区", "鄞州区", "奉化区", "象山县", "宁海县"),
    "岳阳市": ("云溪区", "君山区", "岳阳县", "华容县", "湘阴县", "平江县"),
    "沈阳市": ("和平区", "沈河区", "大东区", "皇姑区", "浑南区", "于洪区", "康平县", "法库县"),
    "长春市": ("南关区", "宽城区", "朝阳区", "二道区", "绿园区", "双阳区", "农安县"),
    "杭州市": ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "桐庐县", "淳安县"),
    "长沙市": ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县"),
    "大连市": ("中山区", "西岗区", "金州区", "长海县"),
    "吉林市": ("昌邑区", "龙潭区", "船营区", "丰满区", "永吉县"),
    "温州市": ("鹿城区", "龙湾区", "瓯海区", "永嘉县", "平阳县", "苍南县"),
    "株洲市": ("荷塘区", "芦淞区", "石峰区", "天元区", "茶陵县"),
}
STEM_FIRST = "东西南北新兴长永和安福青金白石红柳桃松枫云龙凤清平泰"
STEM_SECOND = "风华隆利旗明泰民河山塔桥岭林园树江湖城阳门台源沟泉"
STEM_THIRD = "湾堡屯店集坊"
# How often each template is chosen for an office (the district template also gives the
# 区/县 offices; the cumulative-only one is rarer, as in real corpora).
TEMPLATE_WEIGHTS = {"street_pre2017": 3, "street_2013": 3, "street_trad": 2,
                    "district": 2, "street_cumulative": 1}
MORE_THAN_STEPS = (1000, 1500, 2000, 2500, 3000, 4000, 5000)
# The bundled reports' own place names are never reused, so a generated report can
# always be told apart from its template.
TEMPLATE_NAMES = ("北沟", "铁西", "新碶", "北仑", "长安", "临湘", "银州", "果园", "密云")


@dataclass(frozen=True)
class _Office:
    template: Template
    level: str  # 街道 / 镇 / 区 / 县
    city: str
    district: str  # "" for the district-level offices
    stem: str
    series: dict[int, int]  # the annual 主动公开 count of every year 2009-2023

    @property
    def short(self) -> str:
        return self.stem + self.level

    @property
    def region(self) -> tuple[str, ...]:
        if self.template.key in ("district", "street_trad"):
            return (self.city, self.short)
        return (self.city, self.district, self.short)


def _stems(rng: random.Random, count: int, s2t: OpenCC, t2s: OpenCC) -> list[str]:
    """Distinct two-character place names that survive Simplified→Traditional→back."""
    pool = [a + b for a in STEM_FIRST for b in STEM_SECOND
            if a != b and a + b not in TEMPLATE_NAMES]
    if count > len(pool):
        # Larger corpora (10,000 reports) use three-character names only, so no name
        # is a prefix of another; smaller ones keep the two-character corpus they had.
        pool = [a + b + c for a in STEM_FIRST for b in STEM_SECOND for c in STEM_THIRD
                if a != b and a + b not in TEMPLATE_NAMES]
    pool = [s for s in pool if t2s.convert(s2t.convert(s)) == s]
    if count > len(pool):
        raise ValueError(f"at most {len(pool)} distinct names; asked for {count}")
    return rng.sample(pool, count)


def _offices(rng: random.Random, count: int, s2t: OpenCC, t2s: OpenCC) -> list[_Office]:
    templates = {t.key: t for t in load_templates()}
    keys = sorted(TEMPLATE_WEIGHTS)
    cities = sorted(CITY_DISTRICTS)
    # district-level offices are real districts, each used once; streets and towns get
    # invented names and lie in any district of their city (several may share one)
    free = [(c, d) for c in cities for d in CITY_DISTRICTS[c]]
    rng.shuffle(free)
    stems = iter(_stems(rng, count, s2t, t2s))
    offices = []
    for _ in range(count):
        key = rng.choices(keys, [TEMPLATE_WEIGHTS[k] for k in keys])[0]
        if key == "district" and not free:
            key = "street_pre2017"
        template = templates[key]
        if key == "district":
            city, name = free.pop()
            stem, level, district = name[:-1], name[-1], ""
        else:
            city = rng.choice(cities)
            stem, level = next(stems), rng.choice(template.levels)
            district = rng.choice(CITY_DISTRICTS[city])
        base = {"district": rng.randint(800, 6000), "street_2013": rng.randint(150, 900),
                "street_trad": rng.randint(20, 120)}.get(key, rng.randint(5, 60))
        floor = 13 if key == "street_trad" else 1  # 長安's 13 categories need 1 each
        series = {y: max(floor, round(base * rng.uniform(0.6, 1.4)))
                  for y in range(FIRST_YEAR - 4, LAST_YEAR + 1)}
        offices.append(_Office(template, level, city, district, stem, series))
    return offices


def _split(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """`total` split into `parts` random counts, each at least `minimum`."""
    cuts = sorted(rng.sample(range(1, total - parts * (minimum - 1)), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total - parts * (minimum - 1)])]
    return [s + minimum - 1 for s in sizes]


def _pct(count: int, total: int) -> float:
    return round(100 * count / total, 1)


def _pct_text(value: float, spaced: bool) -> str:
    text = str(int(value)) if value == int(value) else f"{value:.1f}"
    return text.replace(".", ". ") if spaced else text


def _report(office: _Office, year: int, rng: random.Random, s2t: OpenCC,
            t2s: OpenCC) -> tuple[str, ReportTruth]:
    t = office.template
    town = office.level == "镇"
    annual = office.series[year]
    values: dict[str, str] = {
        "SHORT": office.short, "CITY": office.city, "CITY_ABBR": office.city[0],
        "DISTRICT": office.district, "STEM": office.stem, "LV": office.level,
        "SELF": "镇" if town else "街道", "SELF_SHORT": "镇" if town else "街",
        "OFFICE_KIND": "镇人民政府" if town else "街道办事处",
        "FULL_SIGNATURE": office.short + ("人民政府" if town else "办事处"),
    }
    figures: dict[str, TruthFigure] = {}
    y = str(year)

    def put(key: str, value: float, qualifier: str = "exact", scope: str = "annual",
            period: str = y) -> None:
        figures[key] = TruthFigure(float(value), qualifier, scope, period)

    def zeros(*metrics: str) -> None:
        for metric in metrics:
            put(metric, 0, "zero_in_words")

    if t.key == "street_pre2017":
        full = office.city + office.district + values["FULL_SIGNATURE"]
        cumulative = sum(office.series[y0] for y0 in range(year - 4, year + 1))
        values.update(FULL=full, ACTIVE=str(annual), CUMULATIVE=str(cumulative))
        put("active.total", annual)
        put("active.total@cumulative", cumulative, scope="cumulative",
            period=f"{year - 4}-{year}")
        zeros("fee.amount", "review.total", "litigation.total", "appeal.total",
              "complaint.total")
    elif t.key == "street_2013":
        full = office.short
        policy = rng.randint(max(1, annual // 10), max(2, annual // 3))
        values.update(ACTIVE=str(annual), POLICY=str(policy), BUSINESS=str(annual - policy))
        put("active.total", annual)
        put("active.category[政策法规类信息]", policy)
        put("active.category[业务类信息]", annual - policy)
        received = rng.choice((0, 0, rng.randint(1, 30)))
        me = "我" + values["SELF"]
        values["APPLICATION_SENTENCE"] = (
            f"截至目前，{me}未收到政府信息公开的申请。" if received == 0
            else f"截至目前，{me}收到政府信息公开的申请{received}件。")
        put("application.received", received, "zero_in_words" if received == 0 else "exact")
        zeros("fee.amount", "review.total", "litigation.total", "appeal.total")
    elif t.key == "street_trad":
        full = office.city + "人民政府" + office.short + "办事处"
        counts = _split(rng, annual, len(t.categories))
        values.update(ACTIVE=str(annual))
        put("active.total", annual)
        for i, (label, count) in enumerate(zip(t.categories, counts)):
            pct = _pct(count, annual)
            values[f"CAT{i}"] = str(count)
            values[f"PCT{i}"] = _pct_text(pct, False)
            values[f"PCT{i}_SPACED"] = _pct_text(pct, True)
            put(f"active.category[{t2s.convert(label)}]", count)
            put(f"active.category_share[{t2s.convert(label)}]", pct)
        # names go in Traditional, as the rest of this report is written
        for key in ("SHORT", "CITY"):
            values[key] = s2t.convert(values[key])
        values["FULL"] = s2t.convert(full)
    elif t.key == "district":
        full = office.short
        if rng.random() < 0.5:
            floor = rng.choice(MORE_THAN_STEPS)
            values["ACTIVE_PHRASE"] = f"超{floor}条(因动态管理不能明确具体条数)"
            put("active.total", floor, "more_than")
        else:
            values["ACTIVE_PHRASE"] = f"{annual}条"
            put("active.total", annual)
        upheld, withdrawn = rng.randint(1, 8), rng.randint(1, 4)
        won, pending = rng.randint(1, 10), rng.randint(1, 5)
        values.update(REVIEW=str(upheld + withdrawn), UPHELD=str(upheld),
                      WITHDRAWN=str(withdrawn), LITIGATION=str(won + pending), WON=str(won),
                      PENDING=str(pending))
        put("review.total", upheld + withdrawn)
        put("review.upheld", upheld)
        put("review.withdrawn", withdrawn)
        put("litigation.total", won + pending)
        put("litigation.won", won)
        put("litigation.pending", pending)
        zeros("application.received")
    else:  # street_cumulative
        full = office.short
        month = rng.randint(10, 12)
        finance = rng.randint(5, 40)
        business = rng.randint(40, 200)
        values.update(MONTH=str(month), CUMULATIVE=str(finance + business),
                      FINANCE=str(finance), BUSINESS=str(business))
        period = f"..{year}-{month:02d}"
        put("active.total@cumulative", finance + business, scope="cumulative", period=period)
        put("active.category@cumulative[财务公开]", finance, scope="cumulative", period=period)
        put("active.category@cumulative[业务动态]", business, scope="cumulative", period=period)

    text = fill(shift_years(t.text, year - t.year), values)
    truth = ReportTruth(office=full, short=office.short, region=office.region, year=year,
                        template=t.key, figures=figures)
    return text, truth


def generate(n_reports: int, seed: int, offices: int | None = None) -> list[GeneratedReport]:
    """`n_reports` reports from about n/4 offices (or `offices`), 1-11 years each."""
    if n_reports < 1:
        raise ValueError("n_reports must be at least 1")
    rng = random.Random(seed)
    s2t, t2s = OpenCC("s2t"), OpenCC("t2s")
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    count = offices or max(1, -(-n_reports // 4))
    if count > n_reports or n_reports > count * len(years):
        raise ValueError(f"cannot spread {n_reports} reports over {count} offices")
    office_list = _offices(rng, count, s2t, t2s)
    per_office = [1] * count
    while sum(per_office) < n_reports:
        i = rng.randrange(count)
        if per_office[i] < len(years):
            per_office[i] += 1
    reports = []
    for office, n in zip(office_list, per_office):
        for year in sorted(rng.sample(years, n)):
            text, truth = _report(office, year, rng, s2t, t2s)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            reports.append(GeneratedReport(f"g{len(reports):04d}_{digest}.txt", text, truth))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the reports into")
    parser.add_argument("--n", type=int, default=500, help="number of reports (500)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--offices", type=int, default=None,
                        help="number of offices (default: about n/4)")
    args = parser.parse_args(argv)
    reports = generate(args.n, args.seed, args.offices)
    write_corpus(reports, args.out_dir)
    offices = len({r.truth.office for r in reports})
    print(f"wrote {len(reports)} reports of {offices} offices to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
