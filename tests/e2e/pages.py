"""How the e2e tests drive the app's page: small helpers over Playwright, keyed on the
elem_ids of assistant/ui/layout.py."""

from __future__ import annotations

import socket
from pathlib import Path

# Debian's chromium (apt-get install chromium chromium-driver), never a downloaded one,
# with everything that would reach the network at start-up switched off.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

BOTS = "#govqa-chat [data-testid='bot']"
DONE = ".govqa-answer:not(.pending), .govqa-error"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def ask(page, question: str, timeout: float = 120_000):
    """Ask in the chat tab; returns the locator of the finished answer message."""
    before = page.locator(BOTS).count()
    page.fill("#govqa-question textarea", question)
    page.click("#govqa-ask")
    page.wait_for_function(
        """([selector, done, before]) => {
            const bots = document.querySelectorAll(selector);
            return bots.length > before && bots[bots.length - 1].querySelector(done) !== null;
        }""", arg=[BOTS, DONE, before], timeout=timeout)
    return page.locator(BOTS).last


def choose(page, elem_id: str, option: str) -> None:
    """Pick an option of a Gradio dropdown by its visible label."""
    page.click(f"#{elem_id} input")
    page.get_by_role("option", name=option, exact=False).first.click()


def upload(page, files: list[Path], timeout: float = 300_000) -> str:
    """Upload files in the library tab, index them, return the result panel's text."""
    open_tab(page, "报告库")
    page.set_input_files("#govqa-upload input[type=file]", [str(f) for f in files])
    # the upload to the server finishes (each file listed) before indexing may start;
    # the list shows a name's stem and suffix apart
    page.wait_for_function(
        """(stems) => { const text = document.querySelector('#govqa-upload').innerText;
                       return stems.every((stem) => text.includes(stem)); }""",
        arg=[f.stem for f in files])
    page.click("#govqa-index")
    page.wait_for_selector("#govqa-upload-result .govqa-list", timeout=timeout)
    return page.inner_text("#govqa-upload-result")


def table_rows(page, elem_id: str) -> list[str]:
    """The body rows of a gr.Dataframe (a virtual table: rows are role=row elements,
    the header is row 1), each as its cells' text joined by tabs."""
    return page.evaluate(
        """(id) => Array.from(document.querySelectorAll(`#${id} [role=row]`))
            .filter((row) => Number(row.getAttribute('aria-rowindex')) > 1)
            .map((row) => Array.from(row.querySelectorAll('[role=gridcell], td'))
                .map((cell) => cell.innerText.trim()).join('\t'))""", elem_id)


def download(page, selector: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(target)
    return target
