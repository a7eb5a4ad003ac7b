"""The layout of the web app: components only, no behaviour (events.py wires it).

Every component a test or a stylesheet needs has an `elem_id`; the ids are the contract
with tests/e2e and with assets.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import gradio as gr

from assistant.briefing.export import Briefing
from assistant.ui.chat import ChatSession
from assistant.ui.compare_tab import CHART_MARK, CHART_X, CHART_Y
from assistant.ui.render import sources_panel
from assistant.ui.replacing import ASK, SAME_NAME_CHOICES

BRIEFING_STORAGE_KEY = "govqa-briefing"
CHAT_STORAGE_KEY = "govqa-chat"
INTRO = ("**政府信息公开年报问答助手** —— 回答基于已索引的政府信息公开工作年度报告，"
         "每个数字都注明出处（点击回答中的 [1] 等标记查看原文）。")


@dataclass(frozen=True)
class ChatView:
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask: gr.Button
    office: gr.Dropdown
    year: gr.Dropdown
    sources: gr.HTML
    add_answer: gr.Button
    citation: gr.Dropdown
    add_citation: gr.Button
    status: gr.Markdown
    clear: gr.Button
    mark_useful: gr.Button
    mark_wrong: gr.Button
    feedback: gr.DownloadButton  # every mark so far, as eval-style JSON lines


@dataclass(frozen=True)
class LibraryView:
    reports: gr.Dataframe
    files: gr.File
    upload: gr.Button
    result: gr.HTML
    report: gr.Dropdown
    remove: gr.Button
    confirm_row: gr.Row  # shown by `remove`: deleting a report asks first
    confirm_question: gr.HTML
    removing: gr.State  # the id of the report the question names; confirming deletes it
    confirm_remove: gr.Button
    cancel_remove: gr.Button
    figures: gr.Dataframe
    csv: gr.DownloadButton
    # Correcting office / year: at upload (one file; pre-filled with what was read from
    # it, kept in upload_read) and afterwards, for the chosen report.
    upload_office: gr.Textbox
    upload_year: gr.Textbox
    upload_read: gr.State
    fix_office: gr.Textbox
    fix_year: gr.Textbox
    fix: gr.Button
    # An upload whose file name a stored report has (other content) asks first
    # (replacing.py): 替换, 并存 or 取消; upload_pending holds what the choice indexes.
    same_name: gr.Radio  # hidden: the page always asks; an API caller may say beforehand
    replace_row: gr.Row
    replace_question: gr.HTML
    replace_yes: gr.Button
    replace_beside: gr.Button
    replace_cancel: gr.Button
    upload_pending: gr.State


@dataclass(frozen=True)
class CompareView:
    metric: gr.Dropdown
    offices: gr.Dropdown
    years: gr.Dropdown
    run: gr.Button
    question: gr.Textbox
    ask: gr.Button
    answer: gr.HTML
    table: gr.Dataframe
    chart: gr.BarPlot
    line: gr.LinePlot  # a trend over years
    add: gr.Button
    status: gr.Markdown


@dataclass(frozen=True)
class BriefingView:
    items: gr.HTML
    item: gr.Dropdown
    up: gr.Button
    down: gr.Button
    remove: gr.Button
    markdown: gr.DownloadButton
    docx: gr.DownloadButton


@dataclass(frozen=True)
class Layout:
    demo: gr.Blocks
    chat_state: gr.State
    briefing_state: gr.State
    # The briefing's copy in the browser (localStorage), so a reload or a restart of the
    # app does not lose it; restored into briefing_state when the page loads.
    briefing_saved: gr.BrowserState
    chat_saved: gr.BrowserState  # the chat session's copy, the same way
    compare_state: gr.State
    chat: ChatView
    library: LibraryView
    compare: CompareView
    briefing: BriefingView


def _chat_tab(examples: Sequence[str]) -> ChatView:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                elem_id="govqa-chat", label="问答", height=520, latex_delimiters=[],
                feedback_options=None, buttons=["copy"], sanitize_html=True,
                placeholder="请提问，例如：某街道某年主动公开了多少条政府信息？")
            with gr.Row():
                question = gr.Textbox(elem_id="govqa-question", show_label=False, scale=5,
                                      placeholder="输入问题，回车提问", max_lines=4)
                ask = gr.Button("提问", variant="primary", elem_id="govqa-ask", scale=1)
                clear = gr.Button("清空对话", elem_id="govqa-clear-chat", scale=1)
            with gr.Row():
                office = gr.Dropdown(label="只看此机关", choices=[("全部机关", "")], value="",
                                     elem_id="govqa-filter-office")
                year = gr.Dropdown(label="只看此年度", choices=[("全部年度", 0)], value=0,
                                   elem_id="govqa-filter-year")
            if examples:
                gr.Examples(examples=[[e] for e in examples], inputs=[question],
                            label="示例问题", elem_id="govqa-examples")
        with gr.Column(scale=2):
            sources = gr.HTML(sources_panel(None, 0), elem_id="govqa-sources-panel",
                              js_on_load=None, label="来源")
            add_answer = gr.Button("把选中的回答加入简报", elem_id="govqa-add-answer", size="sm")
            with gr.Row():
                citation = gr.Dropdown(label="引文", choices=[], elem_id="govqa-citation",
                                       scale=3)
                add_citation = gr.Button("把这条引文加入简报", elem_id="govqa-add-citation",
                                         size="sm", scale=2)
            with gr.Row():
                mark_useful = gr.Button("这个回答有用", elem_id="govqa-mark-useful", size="sm")
                mark_wrong = gr.Button("这个回答有误", elem_id="govqa-mark-wrong", size="sm")
                feedback = gr.DownloadButton("导出反馈（评测题 JSONL）", elem_id="govqa-feedback-export",
                                             interactive=False, size="sm")
            status = gr.Markdown(elem_id="govqa-chat-status")
    return ChatView(chatbot, question, ask, office, year, sources, add_answer, citation,
                    add_citation, status, clear, mark_useful, mark_wrong, feedback)


def _library_tab(file_types: Sequence[str]) -> LibraryView:
    reports = gr.Dataframe(label="已索引的报告", interactive=False, wrap=True,
                           elem_id="govqa-reports", max_height=400)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            files = gr.File(label="上传报告（可多选：" + " ".join(file_types) + "）",
                            file_count="multiple", file_types=list(file_types),
                            elem_id="govqa-upload")
            # Files over the size limit, named by the page script (assets.py) before
            # Gradio would send them; the server never writes here.
            gr.HTML("", elem_id="govqa-upload-note", js_on_load=None, padding=False)
        with gr.Column(scale=2):
            with gr.Row():
                upload_office = gr.Textbox("", label="机关（读出的，可更正；仅单个文件）",
                                           elem_id="govqa-upload-office", scale=3)
                upload_year = gr.Textbox("", label="年度", elem_id="govqa-upload-year",
                                         scale=1)
            upload = gr.Button("索引上传的报告", variant="primary", elem_id="govqa-index")
            same_name = gr.Radio(SAME_NAME_CHOICES, value=ASK, label="同名报告",
                                 visible=False, elem_id="govqa-same-name")
            with gr.Row(visible=False, elem_id="govqa-replace-confirm",
                        equal_height=True) as replace_row:
                replace_question = gr.HTML(elem_id="govqa-replace-question", js_on_load=None)
                with gr.Column(scale=0, min_width=160):
                    replace_yes = gr.Button("替换", variant="stop", elem_id="govqa-replace-yes",
                                            size="sm")
                    replace_beside = gr.Button("并存", variant="primary",
                                               elem_id="govqa-replace-beside", size="sm")
                    replace_cancel = gr.Button("取消", elem_id="govqa-replace-no", size="sm")
            result = gr.HTML(elem_id="govqa-upload-result", js_on_load=None, min_height=90)
    with gr.Row():
        report = gr.Dropdown(label="选择报告", choices=[], elem_id="govqa-report", scale=4)
        remove = gr.Button("删除该报告", variant="stop", elem_id="govqa-remove", scale=1)
    with gr.Row(equal_height=True):
        fix_office = gr.Textbox("", label="该报告的机关（可更正）", elem_id="govqa-fix-office",
                                scale=4)
        fix_year = gr.Textbox("", label="年度（可更正）", elem_id="govqa-fix-year", scale=1)
        fix = gr.Button("保存更正并重新索引", elem_id="govqa-fix", scale=1)
    with gr.Row(visible=False, elem_id="govqa-remove-confirm",
                equal_height=True) as confirm_row:
        confirm_question = gr.HTML(elem_id="govqa-remove-question", js_on_load=None)
        with gr.Column(scale=0, min_width=160):
            confirm_remove = gr.Button("确认删除", variant="stop", elem_id="govqa-remove-yes",
                                       size="sm")
            cancel_remove = gr.Button("取消", elem_id="govqa-remove-no", size="sm")
    removing = gr.State(None)
    upload_read = gr.State(None)
    upload_pending = gr.State(None)
    figures = gr.Dataframe(label="该报告的数字", interactive=False, wrap=True,
                           elem_id="govqa-figures", max_height=420)
    csv = gr.DownloadButton("下载 CSV", elem_id="govqa-figures-csv", interactive=False,
                            size="sm")
    return LibraryView(reports, files, upload, result, report, remove, confirm_row,
                       confirm_question, removing,
                       confirm_remove, cancel_remove, figures, csv, upload_office, upload_year,
                       upload_read, fix_office, fix_year, fix, same_name, replace_row,
                       replace_question, replace_yes, replace_beside, replace_cancel,
                       upload_pending)


def _compare_tab() -> CompareView:
    gr.Markdown("选择指标和要比较的机关或年度，或直接输入比较问题"
                "（如“比较甲街道和乙街道主动公开的数量”）。")
    with gr.Row():
        metric = gr.Dropdown(label="指标", choices=[], elem_id="govqa-cmp-metric", scale=2)
        offices = gr.Dropdown(label="机关（可多选，留空为全部）", choices=[], multiselect=True,
                              elem_id="govqa-cmp-offices", scale=3)
        years = gr.Dropdown(label="年度（可多选，留空为全部）", choices=[], multiselect=True,
                            elem_id="govqa-cmp-years", scale=2)
        run = gr.Button("比较", variant="primary", elem_id="govqa-cmp-run", scale=1)
    with gr.Row():
        question = gr.Textbox(show_label=False, placeholder="或输入比较问题",
                              elem_id="govqa-cmp-question", scale=5)
        ask = gr.Button("提问比较", elem_id="govqa-cmp-ask", scale=1)
    answer = gr.HTML(elem_id="govqa-cmp-answer", js_on_load=None)
    with gr.Row(equal_height=False):
        table = gr.Dataframe(label="比较表", interactive=False, wrap=True,
                             elem_id="govqa-cmp-table", scale=3)
        with gr.Column(scale=2):
            # The value axis starts at 0 (a cut axis makes 14 look like a tenth of 16);
            # names slanted so that many offices stay readable; colour says 累计 / 约数.
            chart = gr.BarPlot(x=CHART_X, y=CHART_Y, color=CHART_MARK, label="柱状图",
                               x_title="", y_title=CHART_Y, y_lim=[0, None], x_label_angle=-40,
                               sort="-y", elem_id="govqa-cmp-chart", height=420)
            line = gr.LinePlot(x=CHART_X, y=CHART_Y, color=CHART_MARK, label="历年趋势",
                               x_title="年度", y_title=CHART_Y, y_lim=[0, None], sort="x",
                               elem_id="govqa-cmp-line", height=420, visible=False)
    add = gr.Button("把比较结果加入简报", elem_id="govqa-cmp-add", size="sm")
    status = gr.Markdown(elem_id="govqa-cmp-status")
    return CompareView(metric, offices, years, run, question, ask, answer, table, chart, line,
                       add, status)


def _briefing_tab() -> BriefingView:
    items = gr.HTML(elem_id="govqa-briefing", js_on_load=None)
    with gr.Row():
        item = gr.Dropdown(label="选择一项", choices=[],
                           elem_id="govqa-brief-item", scale=4)
        up = gr.Button("上移", elem_id="govqa-brief-up", scale=1)
        down = gr.Button("下移", elem_id="govqa-brief-down", scale=1)
        remove = gr.Button("删除", variant="stop", elem_id="govqa-brief-remove", scale=1)
    with gr.Row():
        markdown = gr.DownloadButton("导出 Markdown", elem_id="govqa-export-md",
                                     interactive=False)
        docx = gr.DownloadButton("导出 Word (.docx)", elem_id="govqa-export-docx",
                                 interactive=False, variant="primary")
    return BriefingView(items, item, up, down, remove, markdown, docx)


def build_layout(examples: Sequence[str], file_types: Sequence[str],
                 browser_secret: str | None = None) -> Layout:
    with gr.Blocks(title="政府信息公开年报问答助手", analytics_enabled=False) as demo:
        chat_state = gr.State(ChatSession())
        briefing_state = gr.State(Briefing())
        briefing_saved = gr.BrowserState(None, storage_key=BRIEFING_STORAGE_KEY,
                                         secret=browser_secret)
        chat_saved = gr.BrowserState(None, storage_key=CHAT_STORAGE_KEY, secret=browser_secret)
        compare_state = gr.State(None)
        gr.Markdown(INTRO, elem_id="govqa-intro")
        with gr.Tabs(elem_id="govqa-tabs"):
            with gr.Tab("问答", id="chat", elem_id="tab-chat"):
                chat = _chat_tab(examples)
            with gr.Tab("报告库", id="library", elem_id="tab-library"):
                library = _library_tab(file_types)
            with gr.Tab("比较", id="compare", elem_id="tab-compare"):
                compare = _compare_tab()
            with gr.Tab("简报", id="briefing", elem_id="tab-briefing"):
                briefing = _briefing_tab()
    return Layout(demo, chat_state, briefing_state, briefing_saved, chat_saved, compare_state, chat,
                  library, compare, briefing)
