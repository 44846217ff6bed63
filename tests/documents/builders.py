"""Builders for document tests: documents are made through the services, as the pages make them."""

import itertools
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.services import document_upload, document_write, folder_create

_n = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
                    "000100e221bc330000000049454e44ae426082")


def pdf_file(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload_file(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_folder(workspace, author, title=None, parent=None):
    return folder_create(actor=author, workspace=workspace, title=title or f"Folder {next(_n)}", parent=parent)


def make_file_document(workspace, author, title=None, folder=None, upload=None, **extra):
    return document_upload(actor=author, workspace=workspace, title=title or f"Paper {next(_n)}", folder=folder,
                           upload=upload or pdf_file(), **extra)


def make_written(workspace, author, title=None, text="# Aims\n\nWhat we are for.\n", folder=None, **extra):
    return document_write(actor=author, workspace=workspace, title=title or f"Draft {next(_n)}", text=text,
                          folder=folder, **extra)


def url_for(name, workspace, document=None, **kwargs):
    kwargs["workspace"] = workspace.slug
    if document is not None:
        kwargs["pk"] = document.pk
    return reverse(f"documents:{name}", kwargs=kwargs)


def access_data(**overrides):
    data = {"view_access": "anyone", "change_access": "members"}
    data.update(overrides)
    return data


def loaded_version(html):
    return int(re.search(r'name="loaded_version" value="(\d+)"', html).group(1))
