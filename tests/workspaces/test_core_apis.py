from html.parser import HTMLParser

import pytest
from django.db import transaction

from workspaces.activity import record
from workspaces.audit import audit
from workspaces.lib.markdown import render_markdown, sanitise_html
from workspaces.models import Activity, AuditEntry
from workspaces.models.audit import AppendOnlyError
from workspaces.registry import Tool, all_tools, register_temporarily


@pytest.mark.django_db(transaction=True)
def test_activity_must_be_recorded_inside_the_change_transaction(workspace):
    with pytest.raises(RuntimeError):
        record(workspace=workspace, actor=None, verb="tests.thing_happened")


def test_activity_rolls_back_with_the_change(workspace):
    with pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            record(workspace=workspace, actor=None, verb="tests.thing_happened", title="x")
            1 / 0  # noqa: B018 (the error that rolls the change back)
    assert not Activity.objects.exists()


def test_audit_log_is_append_only(workspace):
    entry = audit(actor=None, action="workspace.settings_changed", workspace=workspace, target=workspace)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.get().actor_label == "system"


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.found


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(x)">x</p>',
    "<svg><script>alert(1)</script></svg>",
    '<form action="https://evil.example"><input name=x></form>',
    "[x](vbscript:msgbox)",
]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("render", [render_markdown, sanitise_html], ids=["markdown", "html"])
def test_hostile_input_renders_inert(hostile, render):
    for tag, attrs in _elements(render(hostile)):
        assert tag not in {"script", "iframe", "svg", "form", "style", "object", "embed"}
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), value


def test_markdown_renders_the_usual_things():
    html = render_markdown("# Title\n\n**bold** and a https://example.org link\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html


def test_registry_adds_and_removes_a_tool():
    tool = Tool(slug="dummy", app_label="dummy", name="Dummy", description="Only for tests", urls="tests.nowhere")
    with register_temporarily(tool):
        assert tool in all_tools()
    assert tool not in all_tools()
