"""Two people moving pages at the same moment, each page under the other (or under one of the
other's subpages): the moves are serialised by the kit's tree lock (every row a move touches,
locked in id order), so neither waits for the other forever (a deadlock, which PostgreSQL ends
by failing one of them), and the tree never gets a loop. Real concurrent connections, so
PostgreSQL only."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wikis import services
from wikis.models import Page

from .builders import make_page

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_deadlock_to_retry(caplog):
    """The moves are serialised by their locks: the kit never has to run one again."""
    caplog.set_level("INFO", logger="workspaces.kit.services")
    yield
    assert "lost a race" not in caplog.text


def _at_once(monkeypatch, *moves):
    """Run the moves in threads, each pausing (up to a moment) after it has locked what it
    locks, so that both hold their locks before either writes; their outcomes, in order."""
    barrier = threading.Barrier(len(moves))
    check = services._check_parent

    def meet_then_check(*args, **kwargs):
        try:
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:  # the other is waiting for our lock: as it should
            pass
        return check(*args, **kwargs)

    monkeypatch.setattr(services, "_check_parent", meet_then_check)
    results = [None] * len(moves)

    def run(index, move):
        try:
            results[index] = move()
        except Exception as exc:  # the outcome under test, reported to the main thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _has_no_loop(workspace):
    pages = {p.pk: p for p in Page.objects.filter(workspace=workspace)}
    for page in pages.values():
        seen, node = set(), page
        while node.parent_id is not None:
            assert node.pk not in seen, f"the tree has a loop through {node.title}"
            seen.add(node.pk)
            node = pages[node.parent_id]
        assert page.path == "/" + "".join(f"{pk}/" for pk in _ancestry(pages, page)), page
    return True


def _ancestry(pages, page):
    chain, node = [], page
    while node is not None:
        chain.append(node.pk)
        node = pages.get(node.parent_id)
    return list(reversed(chain))


def _move(page, parent, actor):
    return lambda: services.page_move(actor=actor, page=page, title=page.title, parent=parent)


def test_two_pages_moved_under_each_other_at_once_one_move_wins(monkeypatch, workspace, manager, contributor):
    first = make_page(workspace, manager, title="First")
    second = make_page(workspace, manager, title="Second")

    outcomes = _at_once(monkeypatch, _move(first, second, manager), _move(second, first, contributor))

    moved = [o for o in outcomes if isinstance(o, tuple)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(moved) == 1 and len(refused) == 1, outcomes
    assert "cannot go under itself or one of its own subpages" in refused[0].messages[0]
    assert _has_no_loop(workspace)


def test_moves_into_each_others_subtrees_at_once_leave_no_loop(monkeypatch, workspace, manager, contributor):
    first = make_page(workspace, manager, title="First")
    under_first = make_page(workspace, manager, title="Under first", parent=first)
    second = make_page(workspace, manager, title="Second")
    under_second = make_page(workspace, manager, title="Under second", parent=second)

    outcomes = _at_once(monkeypatch, _move(first, under_second, manager), _move(second, under_first, contributor))

    assert [type(o) for o in outcomes].count(tuple) == 1, outcomes
    assert all(isinstance(o, (tuple, ValidationError)) for o in outcomes), outcomes
    assert _has_no_loop(workspace)
