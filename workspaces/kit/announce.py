"""Emailing members about an item through the notifications app's announcement path (the
"Email members about this" of an item's menu), for a tool that announces as part of a change
(a blog post's publishing). The app is horizontal: tools reach it through these two calls.

    reach(workspace, teams=(), about=post)       # how many it would email: show it before sending
    announce(actor=..., workspace=..., subject=..., message=..., url=post.get_absolute_url(),
             teams=(), about=post)               # queue it (after commit); only whoever may see `about`

Both count and send only members who may see `about` now (and members of `teams`, when given),
who have not turned announcements off."""

from .. import registry


def reach(workspace, teams=(), about=None):
    return registry.service("notifications.reach")(workspace=workspace, teams=teams, about=about)


def announce(*, actor, workspace, subject, message, url="", teams=(), about=None):
    return registry.service("notifications.announce")(actor=actor, workspace=workspace, subject=subject,
                                                      message=message, url=url, teams=teams, about=about)
