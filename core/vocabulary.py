"""The metric vocabulary: every key a Figure may carry (docs/FIGURES.md documents it).

Two families of keys:

- narrative keys (`active.total`, `review.upheld`, ...) for figures stated in running text,
  mostly by reports before 2019;
- table keys for the cells of the official tables 二, 三 and 四 (2019 and 2021 formats):
  `t2.<row>.<column>`, `t3.<row>.<column>`, `t4.<case>.<result>`, ascii keys built from
  the ROW/COLUMN dictionaries below so that a key never depends on how a report spells
  a header.

`phrases` are the Chinese phrases a user question may use for the metric (the question
module matches them); `same_as` names the narrative key a table cell is equivalent to,
so a question about 行政复议 finds the table 四 cell too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # Chinese, as shown to a user
    unit: str  # the default unit; a figure keeps the unit its report wrote (起 / 件)
    phrases: tuple[str, ...]
    same_as: str = ""  # the narrative key a table cell is equivalent to


def _m(key: str, label: str, unit: str, *phrases: str, same_as: str = "") -> Metric:
    return Metric(key, label, unit, tuple(phrases), same_as)


NARRATIVE: tuple[Metric, ...] = (
    _m("active.total", "主动公开政府信息总数", "条",
       "主动公开", "公开了多少条", "公开信息", "公开政府信息", "公开的信息", "公开数量", "公开条目"),
    _m("active.category", "分类主动公开信息数（类别见 label）", "条",
       "类信息", "公开了几条", "信息公开了多少条", "条目", "财务公开", "业务动态"),
    _m("active.category_share", "分类信息占主动公开总量的百分比", "%",
       "占比", "百分比", "比例", "占总体", "占主动公开总量"),
    _m("active.monthly_target", "每月公开信息的目标数", "条",
       "每月公开", "每月至少", "每个月公开"),
    _m("application.received", "收到（办理）政府信息公开申请数", "件",
       "依申请", "收到申请", "申请数量", "政府信息公开申请", "申请公开", "收到几份"),
    _m("application.outcome.disclosed", "申请办理结果：予以公开", "件", "予以公开", "同意公开"),
    _m("application.outcome.partial", "申请办理结果：部分公开", "件", "部分公开"),
    _m("application.outcome.refused", "申请办理结果：不予公开", "件", "不予公开", "不公开"),
    _m("application.outcome.unable", "申请办理结果：无法提供", "件", "无法提供", "信息不存在"),
    _m("application.outcome.not_handled", "申请办理结果：不予处理", "件", "不予处理"),
    _m("application.outcome.other", "申请办理结果：其他处理", "件", "其他处理"),
    _m("application.outcome.pending", "申请尚在办理（结转下年）", "件", "正在办理", "结转"),
    _m("fee.amount", "政府信息公开收费金额", "元",
       "收费", "费用", "收取", "收了多少钱", "减免"),
    _m("review.total", "因政府信息公开申请行政复议数", "件", "行政复议", "复议"),
    _m("review.upheld", "行政复议结果维持数", "件", "复议维持", "维持"),
    _m("review.corrected", "行政复议结果纠正数", "件", "复议纠正", "纠正", "撤销具体行政行为"),
    _m("review.withdrawn", "行政复议申请撤回（撤销申请）数", "件", "撤回复议", "撤销复议申请"),
    _m("review.pending", "行政复议尚未审结数", "件", "复议尚未审结", "复议审理中"),
    _m("litigation.total", "因政府信息公开提起行政诉讼数", "件", "行政诉讼", "诉讼", "起诉"),
    _m("litigation.won", "行政诉讼胜诉数", "件", "胜诉"),
    _m("litigation.lost", "行政诉讼败诉数", "件", "败诉"),
    _m("litigation.pending", "行政诉讼尚在审理数", "件", "审理中", "尚未审结", "正在审理"),
    _m("appeal.total", "因政府信息公开申诉数", "件", "申诉"),
    _m("complaint.total", "因政府信息公开举报、投诉数", "件", "举报", "投诉"),
    _m("consultation.total", "政府信息公开咨询数", "次", "咨询"),
    _m("channel.columns", "网站栏目数（专栏、子栏目、专题栏目；类别见 label）", "个",
       "栏目", "专栏", "子栏目", "专题栏目"),
    _m("channel.coverage", "信息公开平台覆盖率", "%", "覆盖", "覆盖率"),
    _m("channel.reading_points", "政府信息公开查阅点数（所在地见 label）", "个",
       "查阅点", "查阅场所", "便民查阅点"),
    _m("staff.dedicated", "专职工作人员数", "名", "专职工作人员", "专职人员", "工作人员"),
    _m("training.sessions", "信息公开培训次数", "次", "培训", "培训会议", "培训班"),
    _m("training.participants", "信息公开培训人次", "人次", "培训人次", "参训"),
    _m("press.conferences", "新闻发布会场次", "场", "新闻发布会", "发布会"),
    _m("interpretation.count", "政策解读篇数", "篇", "政策解读", "解读"),
)

# --- Table 二 (第二十条第（一）（五）（六）（八）（九）项) -------------------------------
T2_ROWS: dict[str, str] = {
    "rules": "规章",
    "normative": "行政规范性文件",  # 2019 writes 规范性文件
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",  # 2019 only
    "penalty": "行政处罚",
    "enforcement": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",  # 2019 only
}
T2_COLUMNS: dict[str, tuple[str, str]] = {  # key: (label, unit)
    "issued": ("本年制发件数", "件"),  # 2021
    "repealed": ("本年废止件数", "件"),  # 2021
    "in_force": ("现行有效件数", "件"),  # 2021
    "made": ("本年新制作数量", "件"),  # 2019
    "published": ("本年新公开数量", "件"),  # 2019
    "public_total": ("对外公开总数量", "件"),  # 2019
    "prev_items": ("上一年项目数量", "项"),  # 2019
    "change": ("本年增/减", "项"),  # 2019
    "decisions": ("本年处理决定数量", "件"),  # 2019: 处理决定数量
    "amount": ("本年收费金额", "万元"),  # 2021
    "proc_items": ("采购项目数量", "项"),  # 2019
    "proc_amount": ("采购总金额", "万元"),  # 2019
}
# Which columns each row has, in either format.
T2_CELLS: dict[str, tuple[str, ...]] = {
    "rules": ("issued", "repealed", "in_force", "made", "published", "public_total"),
    "normative": ("issued", "repealed", "in_force", "made", "published", "public_total"),
    "licensing": ("prev_items", "change", "decisions"),
    "other_services": ("prev_items", "change", "decisions"),
    "penalty": ("prev_items", "change", "decisions"),
    "enforcement": ("prev_items", "change", "decisions"),
    "fees": ("prev_items", "change", "amount"),
    "procurement": ("proc_items", "proc_amount"),
}

# --- Table 三 (收到和处理政府信息公开申请情况) ----------------------------------------------
T3_ROWS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partial": "（二）部分公开",
    "refused.state_secret": "（三）不予公开 1.属于国家秘密",
    "refused.prohibited": "（三）不予公开 2.其他法律行政法规禁止公开",
    "refused.security": "（三）不予公开 3.危及“三安全一稳定”",
    "refused.third_party": "（三）不予公开 4.保护第三方合法权益",
    "refused.internal": "（三）不予公开 5.属于三类内部事务信息",
    "refused.process": "（三）不予公开 6.属于四类过程性信息",
    "refused.enforcement_file": "（三）不予公开 7.属于行政执法案卷",
    "refused.inquiry": "（三）不予公开 8.属于行政查询事项",
    "unable.not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable.needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unable.unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_handled.petition": "（五）不予处理 1.信访举报投诉类申请",
    "not_handled.duplicate": "（五）不予处理 2.重复申请",
    "not_handled.publication": "（五）不予处理 3.要求提供公开出版物",
    "not_handled.excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_handled.confirm": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",  # 2019: one row; 2021: the three below
    "other.no_correction": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "other.no_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "other.other": "（六）其他处理 3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
T3_COLUMNS: dict[str, str] = {
    "natural": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal": "法律服务机构",
    "other_org": "其他（法人或其他组织）",
    "total": "总计",
}
T3_APPLICANT_COLUMNS = ("natural", "business", "research", "nonprofit", "legal", "other_org")

# --- Table 四 (行政复议、行政诉讼) ---------------------------------------------------------
T4_CASES: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
T4_RESULTS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

# The narrative key a table cell means, for questions asked in everyday words.
_T3_SAME_AS = {
    "new": "application.received", "disclosed": "application.outcome.disclosed",
    "partial": "application.outcome.partial", "carried_out": "application.outcome.pending",
}
# The words running text uses for a 表三 row's quantity (上年结转11件), besides the row's
# own label: what an open figure must say to answer a question asking that row.
_T3_WORDS = {"carried_in": ("上年结转", "上年度结转"), "carried_out": ("结转下年",)}
_T4_SAME_AS = {"upheld": "review.upheld", "corrected": "review.corrected",
               "pending": "review.pending", "total": "review.total"}


def _table_metrics() -> list[Metric]:
    metrics: list[Metric] = []
    for row, cols in T2_CELLS.items():
        for col in cols:
            col_label, unit = T2_COLUMNS[col]
            label = f"{T2_ROWS[row]}：{col_label}"
            metrics.append(_m(f"t2.{row}.{col}", label, unit,
                              f"{T2_ROWS[row]}{col_label}", T2_ROWS[row]))
    for row, row_label in T3_ROWS.items():
        short = row_label.split(" ")[-1].lstrip("一二三四、（）七六五").split(".", 1)[-1]
        for col, col_label in T3_COLUMNS.items():
            phrases = (short, *_T3_WORDS.get(row, ())) if col == "total" \
                else (f"{col_label}{short}",)
            same = _T3_SAME_AS.get(row, "") if col == "total" else ""
            if row.startswith("refused") and col == "total":
                same = "application.outcome.refused"
            metrics.append(_m(f"t3.{row}.{col}", f"{row_label}：{col_label}", "件",
                              *phrases, same_as=same))
    for case, case_label in T4_CASES.items():
        for res, res_label in T4_RESULTS.items():
            if case == "review":
                same = _T4_SAME_AS.get(res, "")
            else:
                same = {"total": "litigation.total", "pending": "litigation.pending"}.get(res, "")
            metrics.append(_m(f"t4.{case}.{res}", f"{case_label}：{res_label}", "件",
                              f"{case_label}{res_label}", same_as=same))
    return metrics


METRICS: dict[str, Metric] = {m.key: m for m in (*NARRATIVE, *_table_metrics())}
