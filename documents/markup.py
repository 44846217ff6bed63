"""The library's Markdown: the platform's (workspaces.lib.markdown), with headings one level
down, since a document's title is its page's only <h1>. Rendered once, on save."""

from workspaces.lib.markdown import headings_down_one, render_markdown

PLUGINS = (headings_down_one,)


def render(text):
    return render_markdown(text, plugins=PLUGINS)
