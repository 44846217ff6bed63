"""The licence pages: who may open them (a role matrix written out by hand), and what they do."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_organisation, make_user
from workspaces.licences.services import organisation_admin_set
from workspaces.models import AuditEntry, Licence, LicencePool, OrganisationMembership

from .conftest import license, make_pool, refresh

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "outsider", "reader", "contributor", "manager", "org_admin", "site_admin"]
ORG_ADMINS = {"anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
              "org_admin": 200, "site_admin": 200}
SITE_ADMINS = {"anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
               "org_admin": 404, "site_admin": 200}
# name -> expected GET outcome per role. Workspace managers are not organisation admins.
MATRIX = {
    "licence_overview": ORG_ADMINS,
    "licence_export": ORG_ADMINS,
    "licence_export_xlsx": ORG_ADMINS,
    "licence_assign": ORG_ADMINS,
    "licence_bulk": ORG_ADMINS,
    "licence_bulk_release": ORG_ADMINS,
    "licence_release": ORG_ADMINS,
    "licence_audit": ORG_ADMINS,
    "licence_pool_create": SITE_ADMINS,
    "licence_pool_edit": SITE_ADMINS,
    "organisation_admins": SITE_ADMINS,
}


@pytest.fixture
def people(personas, org_admin):
    return {**personas, "org_admin": org_admin}


@pytest.fixture
def held(pool, outsider):
    return license(pool, outsider)


def url_for(name, organisation, pool=None, licence=None):
    kwargs = {"organisation": organisation.slug}
    if name == "licence_release":
        kwargs["licence_id"] = licence.pk
    if name == "licence_pool_edit":
        kwargs["pool_id"] = pool.pk
    return reverse(name, kwargs=kwargs)


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def licence_state():
    return (
        list(LicencePool.objects.order_by("pk").values("seats", "seats_used", "valid_until", "label")),
        list(Licence.objects.order_by("pk").values("user", "email", "pool", "released_at")),
        list(OrganisationMembership.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_open_each_licence_page(name, as_user, people, organisation, pool, held):
    url = url_for(name, organisation, pool, held)
    wrong = []
    for role in ROLES:
        got = outcome(as_user(people[role]).get(url))
        if got != MATRIX[name][role]:
            wrong.append(f"{role}: expected {MATRIX[name][role]}, got {got}")
    assert not wrong, f"GET {url}:\n" + "\n".join(wrong)


POSTS = {
    "licence_assign": lambda pool: {"email": "intruder@example.org", "pool": pool.pk},
    "licence_bulk": lambda pool: {"pool": pool.pk, "text": "email\nintruder@example.org"},
    "licence_bulk_release": lambda pool: {"text": "outsider@example.org"},
    "licence_release": lambda pool: {},
    "licence_pool_create": lambda pool: {"label": "Sneaky", "seats": 5, "valid_from": "2026-01-01",
                                         "valid_until": "2030-01-01"},
    "licence_pool_edit": lambda pool: {"label": "Sneaky", "seats": 500, "valid_from": "2020-01-01",
                                       "valid_until": "2040-01-01"},
    "organisation_admins": lambda pool: {"action": "appoint", "email": "reader@example.org"},
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_refused_post_changes_nothing_and_a_permitted_one_takes_effect(name, as_user, people, organisation, pool,
                                                                         held):
    url = url_for(name, organisation, pool, held)
    for role in ROLES:
        if MATRIX[name][role] not in (LOGIN, 404):
            continue
        before = licence_state()
        got = outcome(as_user(people[role]).post(url, POSTS[name](pool)))
        assert got == MATRIX[name][role], f"POST {name} as {role}: {got}"
        assert licence_state() == before, f"POST {name} as {role} changed licences"
    allowed = "site_admin" if MATRIX[name] is SITE_ADMINS else "org_admin"
    before = licence_state()
    response = as_user(people[allowed]).post(url, POSTS[name](pool))
    assert response.status_code in (200, 302)
    assert licence_state() != before, f"POST {name} as {allowed} did nothing"


def test_an_admin_of_another_organisation_sees_nothing_here(as_user, organisation, pool, held):
    elsewhere_admin = make_user("elsewhere-admin@example.org")
    organisation_admin_set(actor=None, organisation=make_organisation("Elsewhere", "elsewhere"),
                           user=elsewhere_admin, is_admin=True)
    client = as_user(elsewhere_admin)
    for name in MATRIX:
        assert client.get(url_for(name, organisation, pool, held)).status_code == 404, name


def test_ids_from_another_organisation_are_not_found(as_user, site_admin, organisation):
    other = make_organisation("Other department", "other")
    foreign_pool = make_pool(other, label="Theirs")
    foreign = license(foreign_pool, "someone@example.org")
    client = as_user(site_admin)
    assert client.get(url_for("licence_release", organisation, licence=foreign)).status_code == 404
    assert client.post(url_for("licence_release", organisation, licence=foreign)).status_code == 404
    assert client.get(url_for("licence_pool_edit", organisation, pool=foreign_pool)).status_code == 404
    assert Licence.objects.get(pk=foreign.pk).released_at is None


def test_an_unknown_organisation_is_not_found(as_user, site_admin):
    assert as_user(site_admin).get("/o/no-such-org/licences/").status_code == 404


# --- the overview ----------------------------------------------------------------------------------


def overview(organisation, **params):
    return reverse("licence_overview", args=[organisation.slug]), params


def test_overview_shows_seats_used_free_and_pools_ending_soon(as_user, org_admin, organisation, pool, outsider):
    soon = make_pool(organisation, label="Ending soon", seats=3,
                     valid_until=timezone.localdate() + timedelta(days=10))
    license(pool, outsider)
    license(soon, "a@example.org")
    license(soon, "b@example.org")
    response = as_user(org_admin).get(reverse("licence_overview", args=[organisation.slug]))
    body = response.content.decode()
    assert response.context["totals"] == {"seats": 13, "used": 3, "free": 10, "expiring": 2, "held": 3}
    assert "Ends within 30 days" in body and "Ending soon" in body and "Stakeholders 2027" in body
    assert "3 licences held." in body


def test_released_seats_are_free_at_once_on_the_overview(as_user, org_admin, organisation, pool, held):
    client = as_user(org_admin)
    client.post(reverse("licence_release", args=[organisation.slug, held.pk]))
    response = client.get(reverse("licence_overview", args=[organisation.slug]))
    assert response.context["totals"]["free"] == 10 and response.context["totals"]["used"] == 0


def test_overview_filters_by_pool_dormancy_and_search(as_user, org_admin, organisation, pool, reader, contributor):
    other = make_pool(organisation, label="Other")
    license(pool, reader)
    license(other, contributor)
    license(pool, "kept@example.org", name="Kim Kept")
    get_user_model().objects.filter(pk=reader.pk).update(last_login=timezone.now())
    get_user_model().objects.filter(pk=contributor.pk).update(last_login=timezone.now() - timedelta(days=100))
    client = as_user(org_admin)
    url = reverse("licence_overview", args=[organisation.slug])

    def emails(**params):
        page = client.get(url, params).context["page_obj"]
        return sorted(lic.email for lic in page.object_list)

    assert emails() == ["contributor@example.org", "kept@example.org", "reader@example.org"]
    assert emails(pool=other.pk) == ["contributor@example.org"]
    assert emails(dormant=90) == ["contributor@example.org", "kept@example.org"]
    assert emails(q="kim") == ["kept@example.org"]
    assert emails(q="rita") == ["reader@example.org"]
    assert emails(state="lapsed") == []
    assert emails(pool="nonsense", dormant="x") == emails()  # bad filters are ignored, never an error


def test_overview_pages_licensees(as_user, org_admin, organisation, settings):
    settings.ENGAGE_PAGE_SIZE = 5
    big = make_pool(organisation, label="Big", seats=50)
    for i in range(12):
        license(big, f"person{i}@example.org")
    client = as_user(org_admin)
    url = reverse("licence_overview", args=[organisation.slug])
    first = client.get(url)
    assert first.context["page_obj"].paginator.num_pages == 3
    assert len(client.get(url, {"page": 3}).context["page_obj"].object_list) == 2
    assert client.get(url, {"page": "999"}).status_code == 200


@pytest.mark.parametrize("size", [10, 40])
def test_overview_query_count_does_not_grow_with_licensees(as_user, org_admin, organisation, size,
                                                           django_assert_max_num_queries):
    big = make_pool(organisation, label="Big", seats=100)
    for i in range(size):
        license(big, make_user(f"l{size}-{i}@example.org"))
    client = as_user(org_admin)
    url = reverse("licence_overview", args=[organisation.slug])
    client.get(url)
    # session, user, organisation + admin role, pools, admins, page of licensees (no COUNT),
    # the workspaces the licences open and the viewer's memberships among them
    with django_assert_max_num_queries(9):  # +1: the notification bell's unread count
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):  # + COUNT of the matches (+1: the notification bell)
        assert client.get(url, {"q": "l1", "dormant": 30}).status_code == 200


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_export_streams_every_licensee_with_the_filters_applied(as_user, org_admin, organisation, pool, reader):
    license(pool, reader)
    license(pool, "=HYPERLINK(1)@example.org", name="=cmd|'/c calc'!A1")
    client = as_user(org_admin)
    url = reverse("licence_export", args=[organisation.slug])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["email", "name", "pool", "valid_until", "assigned_at_utc", "last_sign_in_utc", "has_account"]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["reader@example.org"][1:3] == ["Rita Reader", "Stakeholders 2027"]
    assert by_email["reader@example.org"][3] == pool.valid_until.isoformat()
    assert len(by_email["reader@example.org"][4]) == 19 and by_email["reader@example.org"][6] == "yes"
    assert by_email["'=hyperlink(1)@example.org"][1] == "'=cmd|'/c calc'!A1"  # no formula runs in a spreadsheet
    assert len(read_csv(client.get(url, {"q": "rita"}))) == 2
    assert AuditEntry.objects.filter(action="licence.exported", actor=org_admin).count() == 2


# --- assigning and releasing -----------------------------------------------------------------------------


def test_an_org_admin_assigns_a_licence_and_assigning_again_changes_nothing(as_user, org_admin, organisation,
                                                                              pool, reader):
    client = as_user(org_admin)
    url = reverse("licence_assign", args=[organisation.slug])
    first = client.post(url, {"email": "reader@example.org", "pool": pool.pk}, follow=True)
    assert "reader@example.org now holds a licence from “Stakeholders 2027”." in first.content.decode()
    again = client.post(url, {"email": "reader@example.org", "pool": pool.pk}, follow=True)
    assert "already holds a licence" in again.content.decode()
    assert refresh(pool).seats_used == 1


def test_over_assigning_on_the_page_names_the_pool_and_its_free_seats(as_user, org_admin, organisation):
    full = make_pool(organisation, label="Full pool", seats=1)
    license(full, "first@example.org")
    response = as_user(org_admin).post(reverse("licence_assign", args=[organisation.slug]),
                                       {"email": "second@example.org", "pool": full.pk})
    assert response.status_code == 200
    assert "The pool “Full pool” has no free seat: 1 of 1 are in use, 0 free." in response.content.decode()
    assert refresh(full).seats_used == 1


def test_a_pool_that_has_ended_cannot_be_chosen(as_user, org_admin, organisation):
    ended = make_pool(organisation, label="Old", valid_from=timezone.localdate() - timedelta(days=100),
                      valid_until=timezone.localdate() - timedelta(days=1))
    response = as_user(org_admin).post(reverse("licence_assign", args=[organisation.slug]),
                                       {"email": "x@example.org", "pool": ended.pk})
    assert response.status_code == 200 and "No pool to assign from" in response.content.decode()
    assert not Licence.objects.exists()
    current = make_pool(organisation, label="Current")
    response = as_user(org_admin).post(reverse("licence_assign", args=[organisation.slug]),
                                       {"email": "x@example.org", "pool": ended.pk})
    assert "Choose the pool from the list." in response.content.decode()
    assert refresh(current).seats_used == 0 and not Licence.objects.exists()


@pytest.mark.parametrize("data", [{}, {"email": "not an email", "pool": "1"}, {"email": "a@b.org", "pool": "x" * 30}])
def test_bad_assign_input_is_a_form_error_never_a_500(as_user, org_admin, organisation, pool, data):
    assert as_user(org_admin).post(reverse("licence_assign", args=[organisation.slug]), data).status_code == 200


def test_releasing_asks_first_then_frees_the_seat(as_user, org_admin, organisation, pool, held):
    client = as_user(org_admin)
    url = reverse("licence_release", args=[organisation.slug, held.pk])
    page = client.get(url)
    assert "Release the licence" in page.content.decode() and refresh(pool).seats_used == 1
    assert client.post(url).status_code == 302
    assert refresh(pool).seats_used == 0
    assert "already been released" in client.post(url, follow=True).content.decode()


# --- pools and organisation admins (site admins) ------------------------------------------------------------


def test_a_site_admin_creates_and_extends_a_pool_in_the_app(as_user, site_admin, organisation):
    client = as_user(site_admin)
    response = client.post(reverse("licence_pool_create", args=[organisation.slug]), {
        "label": "e-Conveyancing stakeholders 2027", "seats": 100, "valid_from": "2027-01-01",
        "valid_until": "2027-12-31"})
    assert response.status_code == 302
    pool = LicencePool.objects.get(label="e-Conveyancing stakeholders 2027")
    assert pool.organisation == organisation and pool.created_by == site_admin
    client.post(reverse("licence_pool_edit", args=[organisation.slug, pool.pk]), {
        "label": pool.label, "seats": 150, "valid_from": "2027-01-01", "valid_until": "2028-06-30"})
    pool.refresh_from_db()
    assert pool.seats == 150 and pool.valid_until.isoformat() == "2028-06-30"


def test_shrinking_a_pool_below_its_seats_in_use_is_refused_next_to_the_field(as_user, site_admin, organisation,
                                                                              pool, reader, contributor):
    license(pool, reader)
    license(pool, contributor)
    response = as_user(site_admin).post(reverse("licence_pool_edit", args=[organisation.slug, pool.pk]), {
        "label": pool.label, "seats": 1, "valid_from": pool.valid_from, "valid_until": pool.valid_until})
    assert response.status_code == 200
    assert "2 seats are in use, so the pool cannot have fewer" in response.content.decode()
    assert refresh(pool).seats == 10


@pytest.mark.parametrize("data", [
    {"label": "", "seats": "-1", "valid_from": "yesterday", "valid_until": ""},
    {"label": "x", "seats": "99999999999999999999", "valid_from": "2027-01-01", "valid_until": "2026-01-01"},
])
def test_bad_pool_input_is_a_form_error(as_user, site_admin, organisation, data):
    response = as_user(site_admin).post(reverse("licence_pool_create", args=[organisation.slug]), data)
    assert response.status_code == 200 and not LicencePool.objects.exists()


def test_a_site_admin_appoints_and_removes_an_org_admin(as_user, site_admin, organisation, reader):
    client = as_user(site_admin)
    url = reverse("organisation_admins", args=[organisation.slug])
    client.post(url, {"action": "appoint", "email": "READER@example.org"})
    assert OrganisationMembership.objects.get(organisation=organisation, user=reader).is_admin
    assert as_user(reader).get(reverse("licence_overview", args=[organisation.slug])).status_code == 200
    client.post(url, {"action": "remove", "user": str(reader.pk)})
    assert not OrganisationMembership.objects.get(organisation=organisation, user=reader).is_admin
    assert as_user(reader).get(reverse("licence_overview", args=[organisation.slug])).status_code == 404
    actions = list(AuditEntry.objects.filter(organisation=organisation).values_list("action", flat=True))
    assert "organisation.admin_appointed" in actions and "organisation.admin_removed" in actions


def test_appointing_someone_without_an_account_says_so(as_user, site_admin, organisation):
    response = as_user(site_admin).post(reverse("organisation_admins", args=[organisation.slug]),
                                        {"action": "appoint", "email": "nobody@example.org"})
    assert "Nobody has an account with that address yet." in response.content.decode()


def test_a_site_admin_switches_licensing_on(as_user, site_admin, organisation):
    as_user(site_admin).post(reverse("organisation_admins", args=[organisation.slug]),
                             {"action": "licensing", "licensing_enabled": "on"})
    organisation.refresh_from_db()
    assert organisation.licensing_enabled


def test_my_workspaces_links_an_org_admin_to_the_licence_page(as_user, org_admin, organisation, reader):
    assert reverse("licence_overview", args=[organisation.slug]) in as_user(org_admin).get("/").content.decode()
    assert "/licences/" not in as_user(reader).get("/").content.decode()


def test_the_licence_audit_log_shows_who_changed_what(as_user, org_admin, site_admin, organisation, pool):
    client = as_user(org_admin)
    client.post(reverse("licence_assign", args=[organisation.slug]), {"email": "sam@example.org", "pool": pool.pk})
    as_user(site_admin).post(reverse("licence_pool_edit", args=[organisation.slug, pool.pk]), {
        "label": pool.label, "seats": 12, "valid_from": pool.valid_from, "valid_until": pool.valid_until})
    body = client.get(reverse("licence_audit", args=[organisation.slug])).content.decode()
    assert "Licence assigned" in body and "sam@example.org" in body and "Olga Orgadmin" in body
    assert "Pool changed" in body and "Ada Admin" in body and "10" in body and "12" in body
    assert client.post(reverse("licence_audit", args=[organisation.slug])).status_code == 200


# --- Django admin, for site admins --------------------------------------------------------------------


def test_site_admins_manage_pools_in_the_django_admin_through_the_services(as_user, site_admin, organisation, pool,
                                                                          reader):
    license(pool, reader)
    client = as_user(site_admin)
    assert client.get("/admin/workspaces/licence/").status_code == 200
    assert client.get("/admin/workspaces/licencepool/").status_code == 200
    response = client.post("/admin/workspaces/licencepool/add/", {
        "organisation": organisation.pk, "label": "From the admin", "seats": 7,
        "valid_from": "2027-01-01", "valid_until": "2027-12-31"})
    assert response.status_code == 302
    created = LicencePool.objects.get(label="From the admin")
    assert AuditEntry.objects.filter(action="licence_pool.created", target_id=str(created.pk),
                                     actor=site_admin).exists()
    shrink = client.post(f"/admin/workspaces/licencepool/{pool.pk}/change/", {
        "label": pool.label, "seats": 0, "valid_from": pool.valid_from, "valid_until": pool.valid_until})
    assert shrink.status_code == 200 and "1 seat is in use, so the pool cannot have fewer" in shrink.content.decode()
    assert refresh(pool).seats == 10
    client.post(f"/admin/workspaces/licencepool/{pool.pk}/change/", {
        "label": pool.label, "seats": 20, "valid_from": pool.valid_from, "valid_until": pool.valid_until})
    assert refresh(pool).seats == 20
    assert AuditEntry.objects.filter(action="licence_pool.changed", actor=site_admin).exists()
    assert client.get("/admin/workspaces/licence/add/").status_code == 403  # licences: on the licence pages


def test_org_admins_who_are_not_staff_cannot_use_the_django_admin(as_user, org_admin):
    response = as_user(org_admin).get("/admin/workspaces/licencepool/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
