"""lib.reversing: the addresses a list builds from one reverse() are reverse()'s own."""

from django.urls import reverse

from workspaces.lib.reversing import url_maker


def test_url_maker_gives_what_reverse_gives():
    page = url_maker("wikis:page", ["slug"], workspace="flag-ship")
    assert page(slug="minutes-2") == reverse("wikis:page", kwargs={"workspace": "flag-ship", "slug": "minutes-2"})
    review = url_maker("documents:review", ["pk", "review_id"], workspace="w")
    expected = reverse("documents:review", kwargs={"workspace": "w", "pk": 3, "review_id": 44})
    assert review(pk=3, review_id=44) == expected


def test_a_fixed_value_holding_a_mark_falls_back_to_reverse():
    page = url_maker("wikis:page", ["slug"], workspace="x-908070605040")
    assert page(slug="a") == reverse("wikis:page", kwargs={"workspace": "x-908070605040", "slug": "a"})


def test_row_url_reverses_once_for_every_included_row(monkeypatch):
    """{% row_url %} in a partial {% include %}d per row: the maker outlives each row's layer."""
    from django.template import Context, Engine

    from workspaces.lib import reversing

    made = []
    real = reversing.url_maker
    monkeypatch.setattr(reversing, "url_maker", lambda *args, **kwargs: made.append(args) or real(*args, **kwargs))
    templates = {
        "row.html": '{% load engage %}<a href="{% row_url "wikis:page" slug=slug %}"></a>',
        "list.html": '{% for slug in slugs %}{% include "row.html" %}{% endfor %}',
    }
    engine = Engine(libraries={"engage": "workspaces.templatetags.engage"},
                    loaders=[("django.template.loaders.locmem.Loader", templates)])
    workspace = type("W", (), {"slug": "flagship"})()
    html = engine.get_template("list.html").render(Context({"slugs": ["a", "b", "c"], "workspace": workspace}))
    assert html.count('href="/w/flagship/wikis/') == 3
    assert html == "".join(f'<a href="{reverse("wikis:page", kwargs={"workspace": "flagship", "slug": s})}"></a>'
                           for s in "abc")
    assert len(made) == 1
