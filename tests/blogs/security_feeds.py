"""The feeds part's rows (see security.py): a blog's, a tag's and an author's feeds, RSS or Atom.
Public ones answer only in a public workspace (404 for everyone elsewhere: a feed reader cannot
sign in) and show what anyone sees; private ones open with the reader's news-feed key
(place.news_feed_secret, tests/security/world.py) for whoever calls them, signed in or not."""

from ..security.outcomes import FEED, PUBLIC

_ALL_404 = {"anonymous": 404, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404, "site_admin": 404}
_ALL_200 = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200}

MATRIX = {
    "blogs:blog_public_feed": {"access": PUBLIC, **_ALL_404},
    "blogs:tag_public_feed": {"access": PUBLIC, **_ALL_404},
    "blogs:author_public_feed": {"access": PUBLIC, **_ALL_404},
    "blogs:blog_feed": {"access": FEED, **_ALL_200},
    "blogs:tag_feed": {"access": FEED, **_ALL_200},
    "blogs:author_feed": {"access": FEED, **_ALL_200},
}
PUBLIC_MATRIX = {
    "blogs:blog_public_feed": dict(_ALL_200),
    "blogs:tag_public_feed": dict(_ALL_200),
    "blogs:author_public_feed": dict(_ALL_200),
    "blogs:blog_feed": dict(_ALL_200),
    "blogs:tag_feed": dict(_ALL_200),
    "blogs:author_feed": dict(_ALL_200),
}


def _token(place):
    return place.news_feed_secret


def _tag(place):
    return "rivers"


def _author(place):
    return place.manager.pk


NAME_KWARGS = {
    "blogs:blog_public_feed": {"format": lambda place: "atom"},
    "blogs:tag_public_feed": {"format": lambda place: "rss", "tag": _tag},
    "blogs:author_public_feed": {"format": lambda place: "atom", "author": _author},
    "blogs:blog_feed": {"format": lambda place: "rss", "token": _token},
    "blogs:tag_feed": {"format": lambda place: "atom", "tag": _tag, "token": _token},
    "blogs:author_feed": {"format": lambda place: "rss", "author": _author, "token": _token},
}
