"""The calendar part's rows (see security.py): month, week and list views, an event's and a
diary's .ics, the page of one's private calendar address, and the personal feed itself
(me:diaries:ical: the token in its URL is the credential, the reader's here)."""

from ..security.outcomes import FEED, LOGIN, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_SEEN = ("diaries:calendar", "diaries:month", "diaries:week", "diaries:list", "diaries:event_ics", "diaries:diary_ics")

MATRIX = {
    **{name: _SEERS for name in _SEEN},
    # Members only (the address is made of their workspaces): a site admin who is not one is refused.
    "diaries:feed": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
                     "manager": 200, "site_admin": 403},
    "me:diaries:ical": {"access": FEED, **_EVERYONE},
}
PUBLIC_MATRIX = {
    **{name: _EVERYONE for name in _SEEN},
    "diaries:feed": {"anonymous": LOGIN, "outsider": 403, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 403},
    "me:diaries:ical": _EVERYONE,
}
# (diaries:feed: 200 for the manager, 403 for a site admin who is no member; its POST is refused
# in an archived workspace: test_tool_contract's archived check.)
ARCHIVED = dict.fromkeys(_SEEN, 200)
POST_DATA = {"diaries:feed": {"label": "Injected"}}
# A new address is shown on the answer to the POST itself (it is never stored to redirect to);
# refused in an archived workspace.
POST_MATRIX = {
    "diaries:feed": {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 403},
}


def _made_one(place):
    from workspaces.models import FeedToken

    return FeedToken.objects.filter(user=place.manager, scope="diaries.mine", label="Injected").exists()


EFFECTS = {"diaries:feed": _made_one}
NAME_KWARGS = {
    "diaries:month": {"year": lambda place: place.event.starts_at.year,
                      "month": lambda place: place.event.starts_at.month},
    "diaries:week": {"year": lambda place: place.event.starts_at.isocalendar()[0],
                     "week": lambda place: place.event.starts_at.isocalendar()[1]},
    "diaries:diary_ics": {"pk": lambda place: place.diary.pk},
    "me:diaries:ical": {"token": lambda place: place.diary_feed_secret},
}
FEED_TOKENS = {"diaries.mine": ("diary_feed_token", "diary_feed_secret")}


def build(place, personas, objects):
    """The reader's private calendar address (a personal token: no workspace)."""
    from diaries.feeds import MINE
    from workspaces.kit.feeds import feed_token_create

    token, secret = feed_token_create(owner=personas["reader"], scope=MINE, label=f"Reader's calendar {place.key}")
    return {"diary_feed_token": token, "diary_feed_secret": secret}
