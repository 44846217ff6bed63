"""Feed secrets kept out of logs. A private feed's address carries its secret
(workspaces.kit.feeds): /w/<ws>/feeds/<secret>/atom/, /w/<ws>/activity/feed/<secret>/,
/w/<ws>/blogs/feeds/<secret>/blog/news/rss/. Django's request and server records (a 404's
"Not Found: <path>", runserver's request lines) and gunicorn's access log show "[feed token]"
in its place.

    settings.LOGGING: "filters": {"feed_tokens": {"()": "engage.log_redaction.FeedTokenFilter"}}
    gunicorn: --logger-class=engage.log_redaction.GunicornLogger
"""

import logging
import re

FEED_SECRET = re.compile(r"(/feeds?/)[A-Za-z0-9_-]{20,100}(?=/|$|\s|\?|\"|')")
MARK = "[feed token]"


def redact(text):
    return FEED_SECRET.sub(lambda match: match.group(1) + MARK, text) if isinstance(text, str) else text


class FeedTokenFilter(logging.Filter):
    """Rewrites the record's message with feed secrets replaced (never drops a record)."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is left to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        request = getattr(record, "request", None)
        if request is not None and FEED_SECRET.search(getattr(request, "path", "") or ""):
            record.request = None  # a handler that prints the request (AdminEmailHandler) would show it
        return True


try:  # gunicorn is there in production, not necessarily where tests run
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger with feed secrets replaced in the access log's request line, path,
        query and referrer atoms (and in its error log's messages)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("r", "U", "f", "q"):
                if key in atoms:
                    atoms[key] = redact(atoms[key])
            return atoms
