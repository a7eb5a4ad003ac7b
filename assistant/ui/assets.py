"""The stylesheet, the page script and the theme, passed to `launch()` (Gradio 6 takes
them there, not in `gr.Blocks`). Kept as Python strings so they ship inside the package.

Nothing here loads anything from the network: the theme uses system fonts only (a page
that waits on a web font from a CDN hangs offline).
"""

from __future__ import annotations

import gradio as gr

CJK_FONTS = ("PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
             "WenQuanYi Micro Hei", "ui-sans-serif", "system-ui", "sans-serif")
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Consolas", "monospace")


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="red", secondary_hue="orange", neutral_hue="stone",
                          font=CJK_FONTS, font_mono=MONO_FONTS)


CSS = """
#govqa-intro { margin-bottom: 4px; }
#govqa-chat .govqa-answer.not-found { color: var(--body-text-color-subdued); }
#govqa-chat .govqa-error { color: var(--error-text-color); }
#govqa-chat .govqa-note, .govqa-note { color: var(--body-text-color-subdued); }
sup.cite { color: var(--color-accent); cursor: pointer; font-weight: 600; padding: 0 1px; }
sup.cite:hover { text-decoration: underline; }
.govqa-sources { max-height: 560px; overflow-y: auto; font-size: 14px; }
.govqa-sources.empty, .govqa-briefing.empty { color: var(--body-text-color-subdued);
  padding: 12px; }
.src-head { font-weight: 600; margin-bottom: 6px; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 8px 10px; margin-bottom: 8px; background: var(--background-fill-secondary);
  transition: box-shadow .3s; }
.src-card.focus { box-shadow: 0 0 0 3px var(--color-accent); }
.src-meta .src-n { color: var(--color-accent); font-weight: 700; }
.src-section, .src-file { color: var(--body-text-color-subdued); font-size: 12px; }
.src-para { margin-top: 6px; white-space: pre-wrap; line-height: 1.6; }
/* A highlight sets its own text colour: inheriting the theme's made dark mode's
   near-white text unreadable on the light yellow. */
.src-para mark, .src-quote-apart mark { background: #ffe08a; color: #1f1a10;
  padding: 0 2px; border-radius: 2px; }
.src-para mark.src-cell { background: #f5a524; color: #1f1a10; font-weight: 600;
  outline: 1px solid #b26b00; }
.dark .src-para mark, .dark .src-quote-apart mark { background: #6b5400; color: #fff6d6; }
.dark .src-para mark.src-cell { background: #a86400; color: #ffffff; outline-color: #ffd08a; }
.govqa-list.error { color: var(--error-text-color); }
.govqa-list.warning { border-left: 4px solid var(--error-border-color, #e5484d);
  padding-left: 8px; }
.govqa-list ul { margin: 4px 0 0 18px; }
.govqa-answer-panel .answer-text { font-size: 16px; line-height: 1.7; }
.brief-item { border-left: 4px solid var(--color-accent); padding: 6px 10px;
  margin-bottom: 10px; background: var(--background-fill-secondary); }
.brief-text { white-space: pre-wrap; margin: 4px 0; }
.brief-sources { color: var(--body-text-color-subdued); font-size: 12px; }
"""

# A click on a [n] marker in the chat: the click also selects the message (the server
# then shows that answer's sources), and this script scrolls to and outlines source n
# once the panel of that answer is on the page.
JS = """
() => {
  let pending = null;
  const focusSource = () => {
    if (!pending) return;
    const card = document.getElementById(`src-${pending.turn}-${pending.n}`);
    if (!card) return;
    pending = null;
    document.querySelectorAll('.src-card.focus').forEach((c) => c.classList.remove('focus'));
    card.classList.add('focus');
    card.scrollIntoView({block: 'nearest'});
  };
  document.addEventListener('click', (event) => {
    const cite = event.target.closest && event.target.closest('#govqa-chat sup.cite');
    if (!cite) return;
    const bots = Array.from(document.querySelectorAll('#govqa-chat [data-testid="bot"]'));
    const turn = bots.indexOf(cite.closest('[data-testid="bot"]'));
    const n = (cite.textContent.match(/\\d+/) || [])[0];
    if (turn < 0 || !n) return;
    pending = {turn, n};
    focusSource();
  }, true);
  new MutationObserver(focusSource).observe(document.body, {childList: true, subtree: true});
}
"""
