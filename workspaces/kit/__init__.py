"""The tool kit: what every Engage tool is built from. This docstring is the tool author's guide.

A tool is one app folder (`surveys/`: models, services, selectors, policies, forms, views,
urls, templates/surveys/, static/surveys/, demo.py) and ONE declaration in its AppConfig:

    class SurveysConfig(AppConfig):
        name = "surveys"

        def ready(self):
            from workspaces.registry import FOLLOWERS, MENTIONED, NotifyRule, SILENT, Tool, register
            from .models import Survey
            from .policies import SurveyPolicy

            register(Tool(
                slug="surveys", app_label="surveys", name="Surveys", description="...", urls="surveys.urls",
                policies={Survey: SurveyPolicy()},  # every model the permission layer is asked about
                verbs={"surveys.survey_published": NotifyRule(notify=(FOLLOWERS,)),  # every verb
                       "surveys.response_submitted": SILENT},
                demo="surveys.demo.seed_demo", stylesheet="surveys/surveys.css",
                searchable=(Searchable("surveys.Survey", fields=("title", "description")),),
            ))

Then add it to INSTALLED_APPS and give it a README section. Nothing else outside its folder
changes: navigation, the workspace's "tools" settings, the URL tree /w/<workspace>/<slug>/...,
demo seeding, stylesheets and notifications read the registry; its tests live in tests/<app>/
(its URL x persona table in tests/<app>/security.py; the contract test covers the rest).

A tool imports only: workspaces.kit.* (below), workspaces.permissions (the package root),
workspaces.lib.* (pure helpers: markdown, diff, merge, pagination, files, archives, exports) and
workspaces.registry. tests/test_tool_imports.py fails otherwise.

Models (kit.models)
    WorkspaceItem   belongs to a workspace, has an author, limited for seeing and changing
                    (Access: anyone / members / managers / chosen teams).
    SoftDeletable   is_deleted, deleted_at, deleted_by: deleting keeps the row for managers.
    Versioned       version, updated_by: edit forms post back the version they loaded.
    TreeNode        parent and path "/3/17/42/": ancestors in one query, move_under(), subtree().
    RevisionBase    workspace, number, created_at, text, html (the text rendered when saved: old
                    revisions are shown from it) (+ the item FK and who saved it: SAVED_BY).
    TitleKeyMixin   title_key kept in step with title (titles unique "in one parent").
    Window          opens_at, closes_at (both optional), window_phase: window_state(now), is_open(now),
                    window_phrase(now) ("Open until 15 January 2027, 17:00"), closes after it opens;
                    window_indexes(prefix) for Meta.indexes; WINDOW_FIELDS/WINDOW_PHRASES to rename.

Policies (workspaces.permissions)
    ItemPolicy, ManagedDeletionPolicy (soft deletion), ChildPolicy (a review of a document: seen
    by whoever sees the document). Subclass one; declare the extra actions in `actions`
    (e.g. `actions = ItemPolicy.actions | {"comment"}`); put every rule there, none in views.
    can(user, "surveys.respond_survey", survey), require(...), visible(user, qs, within=workspace) for every list,
    visible_to_many(users, qs) when many people are concerned (reminders, digests).

Services (kit.services) — keyword-only, @transaction.atomic, one change each:
    current = locked_row(item, "workspace", ...)      lock first, then read (with joins)
    rows = locked_rows(queryset, "pool", ...)          the same, for many rows
    node, parent = locked_for_move(node, parent, ...)  a TreeNode's move: every row it touches locked
                                                       in id order (no deadlock, no loop), then read
    @retried over @transaction.atomic                  a deadlock ends in a retry; then Busy (put its
                                                       message on the form: nothing typed is lost)
    change = merge_text(current, text, base_version=..., actor=..., revisions=current.revisions,
                        max_length=..., conflict=MyConflict)   normalise, length, 3-way merge
                                                               or conflict, savers, mentions
    soft_delete(current, actor=..., verb=..., summary=..., audit_action=...), restore(...)
    item_added(survey, actor=..., verb="surveys.survey_created", summary=..., text=..., view_teams=...)
                                                       the end of adding an item: teams, activity, mentions
    record(workspace=..., actor=..., verb="surveys.survey_published", target=..., mentions=...)
    audit(...), set_item_teams(...), reminders.schedule(key=..., ...), mentioned_members(...)
    reminders.schedule(..., personalise="surveys.distribution.personalise_reminder")   at sending
                                                       time, per chunk, (reminder, user_ids) ->
                                                       {user_id: {"subject", "message", "url"}}:
                                                       who is still due and what each is told
    reminders.scheduled(prefix)                        the reminders whose key starts so (a page
                                                       of "what goes out when"); cancel(key=...)
    check_loaded_state(current, FIELDS, expected_state)   a form of an item's fields (not its text)
                                                       saved over another's change: ChangedMeanwhile

Selectors (kit.selectors)
    get_item(user, queryset_or_item, perm, deleted="hide"|"show"|"as_live", workspace=...)
        ("as_live", an editor's POST: whoever may not see deleted items gets stand_in(item), the
        item without its title, text or relations, so that nothing of a deleted item leaks)
    number_or_404(value), members_by_email(workspace, emails), Moved (an old address).
    members_named(workspace, split_people(text), min_role=...)   a people picker's members (@handles
        or addresses; kit.forms.people_field, suggested as one types by static/js/people.js)

Views (kit.views) and templates
    @workspace_view("surveys.view_survey")        the workspace, the user's standing, the tool enabled
    @with_item(selectors.get_survey, "surveys.change_survey")   the URL's <pk> through require()
    crumbs(request, *trail), tool_url(request, name), page_or_partial(request, page, partial, ctx)
    SURVEYS = EditorPage(noun="survey", prefix="survey", text_class="survey-text", max_length=...,
                         render=..., created="“{item.title}” added.", saved=..., history=...)
    SURVEYS.respond(request, key, make_form, template=..., context=..., save=lambda form: ..., item=survey)
        an editor's page (add or edit): drafts, preview, the refusals and conflicts next to the
        text, the message; with @with_item(..., deleted=editing) on an edit view
    revisions_page(request, revisions, template=..., context=...)   the revisions, to compare
    compare_context(request, old, new, resolve=...)   (kit.compare) two revisions as the text and as
        it reads, with {% include "components/diff_views.html" %}
    restore_page(...), confirmed(request, act), attempt(form, save), saved_message(...)
    (a preview checks the text as the save would, with EditorPage(check=...), and shows the
    save's refusal instead of rendering a text too long to keep)
        (attempt puts a service's refusal, a title taken at the same moment, an item gone, and Busy
        on the form, which keeps what was typed)
    changed_form(request, changed, make_form, what="these details")   after ChangedMeanwhile: the
        person's values, based on what is saved now (show changed.current above the form)
    limit_upload_size (views that take files; lib.files checks them by content: check_upload for
        documents, read_text for CSV and text; a file someone uploaded that is a ZIP inside, such as
        a .docx to import, is opened only with lib.archives.open_archive, bounded against zip bombs;
        tests/test_architecture.py refuses zipfile, tarfile or load_workbook anywhere else)
    Templates: extend "kit/page.html" (title and breadcrumbs), "kit/form.html" (a page that is one
    form; with EditorPage, the Markdown editor and its preview), "kit/item.html" (an item's page,
    deleted or not), "kit/revisions.html", "kit/confirm.html" (are you sure?), "kit/deleted_list.html";
    include "components/conflict.html", "components/pagination.html", "components/form_fields.html",
    "components/access_note.html".
    A list that may run to thousands of pages: kit.keyset.keyset_page(request, queryset, order)
    (Next/Previous/First/Last by cursor, no OFFSET: a deep page costs the first page's queries;
    `order` a total order with an index on it; descending=True for newest first) and
    "components/keyset_pagination.html".
    A list numbered by position (a thread's posts): kit.positions.PositionPages(request, last=...)
    (?page=<n> or ?page=last, each page one range of positions on an index; page_of(n) says where
    item n is, for a link that lands on it) and "components/position_pagination.html".
    A "Followed" filter: kit.follows.followed_by(user, queryset) (the notifications app's follows).
    An item's page: extend "kit/item.html" and pass `actions`, built by the tool's actions.py with
    kit.actions (ItemActions(primary=Action("Edit page", url), secondary=[...], more=[...]), each
    decided by can(); None entries are dropped): one primary button, a few secondary ones, the rest
    in the "More actions" menu (a <details>); Follow beside the title and "Email members about
    this" in the menu come from the notifications app's ItemPanels (slots "title" and "more").
    An item's form: extend "kit/form.html"; the ItemAccessFormMixin's choices show as one summary
    line ("Visible to: members · Editable by: any contributor", opening the choices; team boxes
    only for "chosen teams"), and a form's `folded_fields` fold under `folded_label`
    (kit.form_layout), so a short form fits one screen.

Drafts (kit.drafts) — nothing typed in an editor is lost, to a closed tab or an expired session:
    @keeps_text under workspace_view (a Save refused for being signed out, or with an expired
    CSRF token, is kept and comes back in the form after signing in: the person presses Save);
    editor = Editor(request, key=f"surveys:edit:{survey.pk}", noun="survey", max_length=...,
                    version=survey.version, text=survey.text)
    form = editor.form(make_form)   editor.saved() after a save   context["editor"] = editor
    components/editor.html then autosaves as one types and offers a draft back (with Discard).
    form = kept_form(request, make_form, initial=...)   a @keeps_text form that is not an editor (a
        comment, a link's note, a document's details): what was typed comes back the same way.
    A POST refused because its writer lost the right meanwhile (403, a 404 for what is now hidden
    from them, the licence page) shows what they typed, read-only, to copy (posted_text): nothing
    for the tool to do.

Windows and lifecycles (kit.lifecycles)
    Lifecycle(model="surveys.Survey", verbs={Phase.OPEN: "surveys.survey_opened",
              Phase.CLOSED: "surveys.survey_closed"}, summaries={...}, live={"is_deleted": False},
              reminder=ClosingReminder(subject="“{title}” closes tomorrow"))   in Tool(lifecycles=(...));
        one beat task (workspaces.tasks.advance_lifecycles, every 5 minutes) tells each opening and
        closing once; call LIFECYCLE.window_changed(item) when dates change (the reminder is scheduled,
        moved or dropped) and LIFECYCLE.forget(item) on delete.
    within_window(decision, item.window)   in a policy: contribute actions refused outside the window,
        with its phrase as the reason ("Closed on 15 January 2027, 17:00."); never for reading.
    Transitions(field="status", allowed={("draft", "open"): "surveys.survey_opened", ...})
        .transition(item, "open", actor=user)   an illegal move raises IllegalTransition.

Mail of its own (kit.mail): register_kind(MailKind(...)) in ready(), queue([OutboundEmail(...)]) in the
    change's transaction, compose() in the builder (a survey's invitation, a resume link).

Reply by email (kit.replies) — a reply to a notification email posted as its sender
    Tool(repliable=(Repliable("forums.Thread", perm="forums.reply_thread",
                              post="forums.services.post_by_email"),))
        notification emails about activity on a Thread then carry each recipient's own Reply-To
        (reply+<signed token>@ENGAGE_REPLY_DOMAIN; only for those who have `perm`), and the inbound
        app checks the token, the sender and `perm`, strips quotes and signatures, then calls
        post(*, actor, target, text, message_id): it refuses (locked, closed, slow mode) by raising
        ValidationError("for the sender"), and may drop a message_id it has already posted.
    reply_address(user, thread)   the address, for a mail of the tool's own (None when off)

Feeds (kit.feeds) — private feed addresses (Atom, iCal), the token in the URL is the credential
    SCOPE = FeedScope("diaries.calendar", perm="diaries.view_calendar", url_name="diaries:ical",
                      model="diaries.Calendar")
    @feed_view(SCOPE) (workspaces.permissions.decorators)   URL kwargs workspace, token; checked as
        the token's owner on every fetch (404 otherwise); request.feed.owner / .workspace / .target:
        show only what the owner may see (visible(request.feed.owner, ...)).
    token, secret = feed_token_create(owner=..., scope=SCOPE, workspace=..., target=..., label=...)
    feed_address(request, SCOPE, workspace, secret) (shown once), feed_tokens(user, SCOPE, workspace),
    feed_token_revoke(actor=..., token=...); put the URL in tests/<tool>/security.py as a FEED row.

Moderation (kit.moderation) — reports, the shared queue, hiding with a reason (the moderation app)
    class Post(Moderated, SoftDeletable, WorkspaceItem): ...   status, hidden_reason, moderated_by/at
    Tool(moderatable=(Moderatable("forums.Post", noun="post", text_field="body",
                                  changed="forums.services.post_moderated"),))
    shown_to(access, queryset)   every list and count of it (pending: its author and moderators only)
    premoderates(workspace, actor) -> submitted(actor=..., item=...)   a post that waits for approval
    report_url(item)   the "Report post 5" link (the moderation app's form; its reasons: ReportReason)
    report_url_maker(model, workspace) -> item -> address   the same for a page of items (one reverse)
    edited(actor=..., item=...) after its author edits a hidden one; withdrawn(item=...) on delete
    moderate(actor=..., item=..., action=Action.HIDE, reason=...)   a moderator's decision, audited
    Who moderates: access.has("moderate") (managers, and the moderators team a manager names).

Forms (kit.forms)
    ItemAccessFormMixin (who can see / change), markdown_field(), loaded_version_field(),
    loaded_state_field(), field_error(), add_service_error(); names and titles with
    workspaces.lib.forms.one_line() (nothing visible is no name).
"""
