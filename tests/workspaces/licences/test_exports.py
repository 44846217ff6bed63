"""The licensee exports: CSV as it always was (plus the formula guard) and XLSX with real dates,
both streamed, filtered like the page, and audited."""

import csv
import io
from datetime import datetime
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workspaces.licences import views
from workspaces.models import AuditEntry, Licence

from .conftest import license, make_pool

pytestmark = pytest.mark.django_db

HEADER = ["email", "name", "pool", "valid_until", "assigned_at_utc", "last_sign_in_utc", "has_account"]


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_csv_has_no_byte_order_mark_excel_line_ends_and_every_field_quoted(as_user, org_admin, organisation,
                                                                              pool, reader):
    license(pool, reader)
    response = as_user(org_admin).get(reverse("licence_export", args=[organisation.slug]))
    data = b"".join(response.streaming_content)
    assert data.startswith(b'"email","name","pool","valid_until","assigned_at_utc","last_sign_in_utc",'
                           b'"has_account"\r\n')
    assert data.count(b"\r\n") == 2 and b'"reader@example.org","Rita Reader","Stakeholders 2027",' in data
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"


def test_the_xlsx_has_every_licensee_with_dates_and_the_filters_applied(as_user, org_admin, organisation, pool,
                                                                        reader):
    license(pool, reader)
    license(pool, "=HYPERLINK(1)@example.org", name="=cmd|'/c calc'!A1")
    client = as_user(org_admin)
    url = reverse("licence_export_xlsx", args=[organisation.slug])
    response = client.get(url)
    assert response.streaming
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith(f'attachment; filename="licences-{organisation.slug}-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet, rows = xlsx_rows(response)
    assert sheet.title == "Licensees" and rows[0] == HEADER
    by_email = {row[0]: row for row in rows[1:]}
    rita = by_email["reader@example.org"]
    assert rita[1:3] == ["Rita Reader", "Stakeholders 2027"]
    assert rita[3] == datetime.combine(pool.valid_until, datetime.min.time())  # a date cell
    assert isinstance(rita[4], datetime) and rita[6] == "yes"
    hostile = sheet.cell(row=rows.index(by_email["=hyperlink(1)@example.org"]) + 1, column=2)
    assert hostile.value == "=cmd|'/c calc'!A1" and hostile.data_type == "s"  # text, never a formula
    assert len(xlsx_rows(client.get(url, {"q": "rita"}))[1]) == 2
    entries = AuditEntry.objects.filter(action="licence.exported", actor=org_admin).order_by("pk")
    assert [entry.after for entry in entries] == [{"format": "xlsx"}, {"format": "xlsx", "q": "rita"}]


def counting(counter):
    """export_rows, counting the rows it has given so far."""
    real = views.export_rows

    def rows(*args, **kwargs):
        for row in real(*args, **kwargs):
            counter[0] += 1
            yield row

    return rows


def test_a_10000_licence_csv_export_streams_a_chunk_at_a_time(as_user, org_admin, organisation):
    big = make_pool(organisation, label="Everyone", seats=10_000)
    Licence.objects.bulk_create(
        [Licence(pool=big, organisation=organisation, email=f"p{i}@example.org", name=f"P {i}") for i in range(10_000)]
    )
    read = [0]
    with mock.patch.object(views, "export_rows", counting(read)):
        response = as_user(org_admin).get(reverse("licence_export", args=[organisation.slug]))
        assert response.streaming and read[0] == 0  # nothing read until the body is sent
        chunks = iter(response.streaming_content)
        next(chunks)
        assert read[0] <= 2001  # the first chunk goes after 2,000 rows, not after 10,000
        rows = list(csv.reader(io.StringIO(b"".join(chunks).decode())))
    assert read[0] == 10_001 and len(rows) == 10_001 - 2000


def test_the_xlsx_export_reads_the_licences_as_it_writes_them(as_user, org_admin, organisation):
    big = make_pool(organisation, label="Everyone", seats=1000)
    Licence.objects.bulk_create(
        [Licence(pool=big, organisation=organisation, email=f"p{i}@example.org", name=f"P {i}") for i in range(1000)]
    )
    read = [0]
    with mock.patch.object(views, "export_rows", counting(read)):
        response = as_user(org_admin).get(reverse("licence_export_xlsx", args=[organisation.slug]))
        assert response.streaming and read[0] == 0  # nothing read until the body is sent
        sheet, rows = xlsx_rows(response)
    assert len(rows) == 1001 and {row[0] for row in rows[1:]} == {f"p{i}@example.org" for i in range(1000)}
