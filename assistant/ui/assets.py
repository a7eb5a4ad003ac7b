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
#
# A file larger than the upload limit: Gradio's client refuses it before sending it, but
# says so in an English toast ("File(s) exceed the maximum allowed size of …", thrown by
# @gradio/client's upload and shown through the component's error event). So the page
# looks first: a capture listener on the document runs before Gradio's own handlers of
# the file input's change and of a drop on the upload area, names each file too large
# and the limit in Chinese (built with textContent: a file name is never markup), and
# lets the other files of the same choice go on (the input's files replaced, a drop
# dispatched again without the large ones). The server's limit stays (launch's
# max_file_size) for any client that does not look.
_JS = """
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

  const LIMIT = __LIMIT__;
  const size = (n) => {
    const mb = n / 1048576;
    return (Number.isInteger(mb) ? String(mb) : mb.toFixed(1)) + ' MB';
  };
  const note = (big, kept) => {
    const host = document.getElementById('govqa-upload-note');
    if (!host) return;
    // a box of its own inside the component: Gradio's nodes are left alone
    let box = host.querySelector(':scope > .govqa-size-note');
    if (!box) {
      box = document.createElement('div');
      box.className = 'govqa-size-note';
      host.append(box);
    }
    box.replaceChildren();
    if (!big.length) return;
    const panel = document.createElement('div');
    panel.className = 'govqa-list error';
    const title = document.createElement('b');
    title.textContent = `以下文件超过单个文件 ${size(LIMIT)} 的上限，未上传` +
      (kept.length ? `（其余 ${kept.length} 个文件照常上传）：` : '：');
    const list = document.createElement('ul');
    big.forEach((file) => {
      const item = document.createElement('li');
      item.textContent = `${file.name}：${size(file.size)}，超过上限 ${size(LIMIT)}`;
      list.append(item);
    });
    panel.append(title, list);
    box.append(panel);
  };
  const split = (files) => {
    const all = Array.from(files || []);
    return [all.filter((f) => f.size > LIMIT), all.filter((f) => f.size <= LIMIT)];
  };
  const only = (files) => {
    const kept = new DataTransfer();
    files.forEach((f) => kept.items.add(f));
    return kept;
  };
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!input.matches || !input.matches('#govqa-upload input[type=file]')) return;
    const [big, kept] = split(input.files);
    note(big, kept);
    if (!big.length) return;
    if (!kept.length) {
      event.stopImmediatePropagation();
      input.value = '';
      return;
    }
    input.files = only(kept).files;  // Gradio's handler, next, reads these
  }, true);
  document.addEventListener('drop', (event) => {
    const area = event.target.closest && event.target.closest('#govqa-upload');
    if (!area || event.govqaChecked || !event.dataTransfer) return;
    const [big, kept] = split(event.dataTransfer.files);
    note(big, kept);
    if (!big.length) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (!kept.length) return;
    const again = new DragEvent('drop', {bubbles: true, cancelable: true,
                                         dataTransfer: only(kept)});
    again.govqaChecked = true;
    event.target.dispatchEvent(again);
  }, true);
}
"""


def page_js(max_file_bytes: int) -> str:
    """The page script, with the upload limit it checks files against."""
    return _JS.replace("__LIMIT__", str(int(max_file_bytes)))
