"""Daily started/completed counts per survey for the response-rate panel (owned by the
distribution work): started(response) when a response is first saved, completed(response)
when it is submitted. Called inside the caller's transaction."""


def started(response):
    pass


def completed(response):
    pass
