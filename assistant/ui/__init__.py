"""The Gradio web app. `assistant.ui.server` builds and serves it; the other modules are
its layout, its event wiring, one module per tab, and the HTML rendering."""
