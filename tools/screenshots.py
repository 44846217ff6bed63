"""README screenshots: the main screens at 1280 and 375 px, from a running demo server.

    ENGAGE_VAR_DIR=/tmp/demo .venv/bin/python manage.py migrate && ... seed_demo && ... runserver 127.0.0.1:8000
    .venv/bin/python tools/screenshots.py --base http://127.0.0.1:8000 [--out docs/screenshots] [--only NAME]

Each PNG is the viewport only (not the full page), so the files stay small and show what a person
sees first. Uses Playwright with the system Chromium (as the browser tests do); signs in as the
demo manager (README, "Demo accounts")."""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "engage-demo"
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

# name, path (under the demo workspace when it starts "w:"), viewport, account, and what to
# scroll to the top first (None: the top of the page).
SHOTS = [
    ("home-1280", "/", WIDE, "manager@example.org", None),
    ("workspace-1280", "w:", WIDE, "manager@example.org", None),
    ("documents-1280", "w:documents/", WIDE, "manager@example.org", None),
    ("members-1280", "w:members/", WIDE, "manager@example.org", None),
    ("workspace-375", "w:", PHONE, "manager@example.org", None),
    ("members-375", "w:members/", PHONE, "manager@example.org", ".member-table"),
    ("documents-375", "w:documents/", PHONE, "manager@example.org", None),
    ("wiki-375", "w:wikis/", PHONE, "contributor@example.org", None),
    ("document-1280", "w:documents/3/", WIDE, "manager@example.org", None),
    ("wiki-edit-1280", "w:wikis/programme-handbook/edit/", WIDE, "contributor@example.org", None),
]


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def workspace_path(page, base):
    """The demo workspace's address, found from "My workspaces" (its slug is the seed's choice)."""
    page.goto(f"{base}/")
    href = page.locator("main a[href^='/w/']").first.get_attribute("href")
    return href.split("/")[2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--only", help="take only the shots whose name contains this")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--headless", "--no-sandbox"])
        contexts = {}
        slug = None
        for name, path, viewport, email, scroll_to in SHOTS:
            if args.only and args.only not in name:
                continue
            key = (email, viewport["width"])
            if key not in contexts:
                contexts[key] = browser.new_context(viewport=viewport, device_scale_factor=1,
                                                    is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
                sign_in(contexts[key].new_page(), args.base, email)
            page = contexts[key].pages[0]
            if path.startswith("w:"):
                slug = slug or workspace_path(page, args.base)
                path = f"/w/{slug}/{path[2:]}"
            page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            if scroll_to:
                page.eval_on_selector(scroll_to, "element => element.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png", file=sys.stderr)
        browser.close()


if __name__ == "__main__":
    main()
