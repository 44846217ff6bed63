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
