"""Maintained result counters (owned by the results work): count_in(response) when a response
is submitted, count_out(response) before a submitted response is changed or removed (then
count_in again), rebuild(survey) to recount from the answers. Called inside the caller's
transaction."""


def count_in(response):
    pass


def count_out(response):
    pass


def rebuild(survey):
    pass
