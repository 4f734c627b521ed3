"""The review app in-process (Starlette TestClient): every route, errors, stale edits, escaping, token."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

from click.testing import CliRunner  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from greenpen.cli import cli  # noqa: E402
from greenpen.domain import Finding  # noqa: E402
from greenpen.errors import StoreError  # noqa: E402
from greenpen.store.db import Store  # noqa: E402
from greenpen.web.app import create_app  # noqa: E402
from greenpen.web.grouping import Member, group_answers  # noqa: E402
from greenpen.web.highlight import highlight  # noqa: E402

from .class_fixtures import make_report, qreport  # noqa: E402
from .web_fixtures import EVIL, answer_id, build_class_db  # noqa: E402

JSON = {"Accept": "application/json"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "class.db"
    build_class_db(path)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def stored(db: Path, submission_id: int, question_id: str) -> object:
    store = Store.open(db)
    try:
        return next(a for a in store.submission(submission_id).answers if a.question_id == question_id)
    finally:
        store.close()


def text_of(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


# ─── pages ──────────────────────────────────────────────────────────────────


def test_runs_page_lists_the_runs(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<a href="/runs/1">week4</a>' in r.text
    assert "0 / 4" in r.text  # released of graded


def test_runs_page_without_runs_says_what_to_do(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.db").close()
    with TestClient(create_app(tmp_path / "empty.db")) as c:
        page = c.get("/").text
        assert "No runs yet." in page and 'href="/upload"' in page and "greenpen grade" in page


def test_class_overview_shows_the_class_figures_live(client: TestClient) -> None:
    r = client.get("/runs/1")
    assert r.status_code == 200
    page = text_of(r.text)
    assert "4 graded, 1 failed · mean 58.3%" in page
    assert r.text.count("<svg") == 2  # score distribution and verdict mix, inline
    assert "Q29: elementwise — 3 students." in page  # the common misconception on top
    for sid, name in ((1, "Dana K."), (2, "Ana Souza"), (4, "Cy Lee")):
        assert f'<a href="/submissions/{sid}">{name}</a>' in r.text
    assert "failed: the file is empty — add the answers and grade again" in page
    assert '<a href="/runs/1/questions/matmul-operator">What does the @ operator do in Python?</a>' in r.text
    assert "Review queue (2)" in page
    assert client.get("/runs/week4").status_code == 200  # a run can be named too


def test_class_overview_follows_edits_and_can_show_released_only(client: TestClient, db: Path) -> None:
    client.post(f"/answers/{answer_id(db, 3, 'rank-3')}", data={"score": "100"})
    assert "mean 62.5%" in text_of(client.get("/runs/1").text)  # the teacher's score counts at once
    client.post("/submissions/4/release", data={"released": "1"})
    page = text_of(client.get("/runs/1?released_only=1").text)
    assert "Showing only the 1 released submission(s)." in page
    assert "Cy Lee" in page and "Dana K." not in page


def test_submission_page_shows_answers_evidence_verdicts_and_editable_feedback(client: TestClient) -> None:
    r = client.get("/submissions/1")
    assert r.status_code == 200
    assert "student 1 of 5" in text_of(r.text)
    assert (
        'It is <mark class="bad" title="@ is matrix multiplication; element-wise is *">'
        "element-wise multiplication</mark> of arrays."
    ) in r.text
    assert '<mark class="good" title="names the three axes">three dimensions</mark>' in r.text
    assert '<span class="badge v-partial">partial</span>' in r.text
    assert '<span class="conf low">0.45</span>' in r.text  # unsure answers stand out
    assert '<textarea name="feedback" rows="5">Good: you name the three dimensions.</textarea>' in r.text
    assert '<textarea name="overall" rows="7">Overall for Dana K..</textarea>' in r.text
    assert 'rel="next"' in r.text and 'rel="prev"' not in r.text


def test_failed_submission_page_says_what_to_do(client: TestClient) -> None:
    r = client.get("/submissions/5")
    assert r.status_code == 200
    assert "This submission could not be graded" in r.text
    assert "greenpen regrade week4" in r.text


def test_html_and_script_in_answers_and_names_are_shown_as_text(client: TestClient) -> None:
    for url in ("/submissions/3", "/runs/1/questions/matmul-operator", "/runs/1", "/runs/1/queue?all=1"):
        r = client.get(url)
        assert "<script>alert" not in r.text, url
        assert "<i>Evil</i>" not in r.text and "<b>bold</b>" not in r.text, url
        assert "Bo &lt;i&gt;Evil&lt;/i&gt;" in r.text, url
        assert "script-src 'self'" in r.headers["content-security-policy"]
    page = client.get("/submissions/3").text
    assert (
        "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; "
        in page.replace("&quot;", "&#34;")
    )
    assert "<script" not in page.replace('<script src="/static/app.js" defer></script>', "")
    report = client.get("/submissions/3/report.html").text
    assert "<script>alert" not in report


def test_question_view_groups_answers_that_say_the_same_thing(client: TestClient) -> None:
    r = client.get("/runs/1/questions/matmul-operator")
    assert r.status_code == 200
    groups = r.text.split('<article class="card group"')[1:]
    assert len(groups) == 2
    assert all(name in groups[0] for name in ("Dana K.", "Ana Souza", "Bo &lt;i&gt;Evil&lt;/i&gt;"))
    assert "Cy Lee" in groups[1]
    assert "Save for all 3" in groups[0] and "Approve all 3" in groups[0]
    assert '<a class="button" href="/runs/1/questions/broadcasting" rel="prev">← Q10</a>' in r.text


def test_review_queue_is_ordered_by_risk(client: TestClient, db: Path) -> None:
    # a rubric edit changes Ana's broadcasting result: it joins the queue after the unsure ones
    store = Store.open(db)
    store.save_graded(
        1,
        None,
        make_report(
            "Ana Souza",
            "ana.md",
            [
                qreport("rank-3", "correct", 1.0, "Three dimensions of numbers.", 0.9),
                qreport("broadcasting", "partial", 0.5, "Expanding the smaller tensor to match.", 0.9),
                qreport(
                    "matmul-operator", "incorrect", 0.0, "element-wise multiplication of two arrays", 0.8
                ),
            ],
        ),
    )
    store.close()
    page = text_of(client.get("/runs/1/queue").text)
    order = [
        m.group(1)
        for m in re.finditer(r"(unsure: confidence [\d.]+|changed after a rubric edit \(was [^)]+\))", page)
    ]
    assert order == [
        "unsure: confidence 0.45",
        "unsure: confidence 0.55",
        "changed after a rubric edit (was correct 100%)",
    ]
    assert page.index("Dana K.") < page.index("Bo <i>Evil</i>") < page.index("Ana Souza")
    everything = text_of(client.get("/runs/1/queue?all=1").text)
    assert "not yet reviewed" in everything
    client.post(f"/answers/{answer_id(db, 1, 'broadcasting')}/approve")
    assert "unsure: confidence 0.45" not in text_of(client.get("/runs/1/queue").text)


def review_counts_shown(page: str) -> tuple[int, dict[int, int], dict[str, int]]:
    """The run page's "Review queue (N)", its "To review" column per student and per question."""
    size = int(re.search(r"Review queue \((\d+)\)", page).group(1))  # type: ignore[union-attr]
    students_table = page.split("<h2>Students</h2>", 1)[1].split("</table>", 1)[0]
    questions_table = page.split("<h2>Questions: average and verdict mix</h2>", 1)[1].split("</table>", 1)[0]
    by_student, by_question = {}, {}
    for row in re.findall(r"<tr>(.*?)</tr>", students_table, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) == 5:  # a graded submission (a failed one has no answers to review)
            sid = int(re.search(r'href="/submissions/(\d+)"', cells[0]).group(1))  # type: ignore[union-attr]
            by_student[sid] = int(cells[3])
    for row in re.findall(r"<tr>(.*?)</tr>", questions_table, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            qid = re.search(r'/questions/([\w-]+)"', cells[1]).group(1)  # type: ignore[union-attr]
            by_question[qid] = int(cells[-1])
    return size, by_student, by_question


def test_review_queue_size_and_the_to_review_columns_count_the_same_answers(client: TestClient, db: Path) -> None:
    size, by_student, by_question = review_counts_shown(client.get("/runs/1").text)
    # Dana's broadcasting (0.45) and Bo's rank-3 (0.55) are unsure; every other answer is sure
    assert size == 2 and by_student == {1: 1, 2: 0, 3: 1, 4: 0}
    assert by_question == {"rank-3": 1, "broadcasting": 1, "matmul-operator": 0}
    assert len(re.findall(r'<article class="card answer', client.get("/runs/1/queue").text)) == size
    client.post(f"/answers/{answer_id(db, 1, 'broadcasting')}/approve")  # approved: out of every count
    size, by_student, by_question = review_counts_shown(client.get("/runs/1").text)
    assert size == 1 and by_student == {1: 0, 2: 0, 3: 1, 4: 0} and by_question["broadcasting"] == 0
    # a teacher's verdict that greenpen learns from moves similar answers into the queue: counted alike
    client.post(f"/answers/{answer_id(db, 2, 'matmul-operator')}", data={"verdict": "partial", "score": "40"})
    size, by_student, by_question = review_counts_shown(client.get("/runs/1").text)
    queue = client.get("/runs/1/queue").text
    assert size == len(re.findall(r'<article class="card answer', queue)) == sum(by_student.values()) \
        == sum(by_question.values())


def test_queue_says_when_nothing_is_left(client: TestClient, db: Path) -> None:
    for sid, q in ((1, "broadcasting"), (3, "rank-3")):
        client.post(f"/answers/{answer_id(db, sid, q)}/approve")
    assert "Nothing left to review among the risky answers" in text_of(client.get("/runs/1/queue").text)


def test_static_files_are_served(client: TestClient) -> None:
    assert "keydown" in client.get("/static/app.js").text
    assert ".card" in client.get("/static/app.css").text


# ─── editing ────────────────────────────────────────────────────────────────


def test_editing_feedback_without_javascript_saves_and_redirects_back(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    r = client.post(
        f"/answers/{aid}",
        data={
            "verdict": "partial",
            "score": "50",
            "feedback": "Say what happens to the\r\nsmaller shape.",
            "version": "1",
            "back": f"/submissions/1#a{aid}",
        },
        follow_redirects=False,
    )
    assert (r.status_code, r.headers["location"]) == (303, f"/submissions/1#a{aid}")
    page = client.get("/submissions/1").text
    assert "Saved the Q10 feedback." in page  # the flash message, once
    assert "Saved the Q10 feedback." not in client.get("/submissions/1").text
    a = stored(db, 1, "broadcasting")
    assert (a.manual_feedback, a.manual_verdict, a.manual_score) == (  # type: ignore[attr-defined]
        "Say what happens to the\nsmaller shape.",
        None,
        None,
    )  # only what changed became an edit
    cards = dict(re.findall(r'<article class="card answer[^"]*" id="a(\d+)"(.*?)</article>', page, re.S))
    teacher_tag = re.compile(r"<span class=\"tag teacher\" data-teacher (hidden)?>teacher's</span>")
    shown = {int(i): teacher_tag.search(card).group(1) is None for i, card in cards.items()}  # type: ignore[union-attr]
    assert shown.pop(aid) is True  # the edited answer carries the "teacher's" tag …
    assert shown and not any(shown.values())  # … and no other answer on the page does


def test_editing_with_javascript_gets_json(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    r = client.post(f"/answers/{aid}", data={"score": "75", "version": "1"}, headers=JSON)
    assert r.status_code == 200
    assert r.json() == {
        "ok": True,
        "message": "Saved the Q10 score.",
        "answer": {
            "id": aid,
            "version": 2,
            "verdict": "partial",
            "score": "75",
            "feedback": "fb broadcasting",
            "edited": True,
            "reviewed": False,
            "auto_verdict": "partial",
            "auto_score": "50",
        },
    }
    r = client.post(f"/answers/{aid}", data={"verdict": "correct", "version": "2"}, headers=JSON)
    assert r.json()["answer"]["verdict"] == "correct"
    assert (
        client.post(f"/answers/{aid}", data={"score": "75", "version": "3"}, headers=JSON).json()["message"]
        == "Nothing changed."
    )


def test_a_stale_edit_from_another_tab_is_refused_with_what_to_do(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    # both tabs opened the page at version 1; the first saves
    assert client.post(f"/answers/{aid}", data={"feedback": "Tab one.", "version": "1"}).status_code == 200
    r = client.post(f"/answers/{aid}", data={"feedback": "Tab two's text.", "version": "1"})
    assert r.status_code == 409
    page = text_of(r.text)
    assert "your change was not saved" in page
    assert "reload the page to see the current version, then make your change again" in page
    assert "Your text (not saved): Tab two's text." in page  # the teacher can copy what they typed
    assert stored(db, 1, "broadcasting").feedback == "Tab one."  # type: ignore[attr-defined]
    r = client.post(f"/answers/{aid}", data={"score": "10", "version": "1"}, headers=JSON)
    assert r.status_code == 409 and "reload the page" in r.json()["message"]


def test_teacher_edit_wins_over_a_later_regrade(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    client.post(f"/answers/{aid}", data={"feedback": "Mine.", "score": "80"})
    store = Store.open(db)
    store.save_graded(1, None, make_report("Dana K.", "dana.md", [  # the same answer, graded again otherwise
        qreport("broadcasting", "incorrect", 0.0, "It stretches the smaller tensor somehow.")]))
    store.close()
    page = client.get("/submissions/1").text
    assert "Mine.</textarea>" in page and 'value="80"' in page


def test_approve_revert_and_bad_values(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    r = client.post(f"/answers/{aid}/approve", data={"version": "1"}, headers=JSON)
    assert (r.json()["message"], r.json()["answer"]["reviewed"]) == ("Approved Q10.", True)
    client.post(f"/answers/{aid}", data={"score": "90"})
    r = client.post(f"/answers/{aid}/revert", headers=JSON)
    assert r.json()["answer"]["edited"] is False and r.json()["answer"]["score"] == "50"
    r = client.post(f"/answers/{aid}", data={"score": "abc"})
    assert r.status_code == 400 and "give a number between 0 and 100" in r.text
    r = client.post(f"/answers/{aid}", data={"score": "150"})
    assert r.status_code == 400 and "150 is out of range" in r.text
    r = client.post(f"/answers/{aid}", data={"verdict": "great"}, headers=JSON)
    assert r.status_code == 400 and r.json()["message"].startswith('"great" is not a verdict')


def test_overall_assessment_and_total_score(client: TestClient, db: Path) -> None:
    r = client.post(
        "/submissions/1", data={"overall": "You explain clearly.", "score": "", "version": "1"}, headers=JSON
    )
    assert r.json()["message"] == "Saved the overall assessment."
    r = client.post("/submissions/1", data={"score": "65", "version": "2"}, headers=JSON)
    assert (r.json()["message"], r.json()["score"]) == ("Saved the total score.", "65")
    r = client.post("/submissions/1", data={"score": "", "version": "3"}, headers=JSON)
    assert r.json()["score"] == "50"  # blank: back to the average of the answers
    store = Store.open(db)
    report = store.report(1)
    store.close()
    assert report.overall.text == "You explain clearly."
    assert client.post("/submissions/1", data={"overall": "x", "version": "1"}).status_code == 409


def test_undo_the_last_edit(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    client.post(f"/answers/{aid}", data={"feedback": "First."})
    client.post(f"/answers/{aid}", data={"feedback": "Second."})
    assert "Undo: Q10 feedback of Dana K." in text_of(client.get("/submissions/1").text)
    r = client.post("/submissions/1/undo", headers=JSON)
    assert r.json()["message"] == "Undid the Q10 feedback of Dana K."  # no double full stop
    assert stored(db, 1, "broadcasting").feedback == "First."  # type: ignore[attr-defined]
    client.post("/runs/1/undo")
    assert stored(db, 1, "broadcasting").feedback == "fb broadcasting"  # type: ignore[attr-defined]
    assert client.post("/runs/1/undo", headers=JSON).json()["message"] == "There is no edit to undo."


def test_release_and_export_limited_to_released(client: TestClient) -> None:
    r = client.post("/submissions/4/release", data={"released": "1", "version": "1"}, follow_redirects=False)
    assert r.status_code == 303
    assert "Released Cy Lee's feedback" in text_of(client.get("/submissions/4").text)
    csv_all = client.get("/runs/1/export.csv")
    assert csv_all.headers["content-disposition"] == 'attachment; filename="week4-plain.csv"'
    assert csv_all.text.splitlines()[0] == "student,email,total,rank-3,broadcasting,matmul-operator"
    assert len(csv_all.text.splitlines()) == 6
    released = client.get("/runs/1/export.csv?released_only=1&points=10")
    assert released.text.splitlines() == [
        "student,email,total,rank-3,broadcasting,matmul-operator",
        "Cy Lee,,10,3.33,3.33,3.33",
    ]
    canvas = client.get("/runs/1/export.csv?to=canvas&title=Quiz")
    assert canvas.text.splitlines()[:2] == [
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz",
        "Points Possible,,,,,100",
    ]
    r = client.post("/submissions/4/release", data={"released": "0"}, headers=JSON)
    assert r.json()["released"] is False
    assert client.post("/submissions/5/release").status_code == 400  # a failed submission
    assert client.get("/runs/1/export.csv?to=excel").status_code == 400
    assert "Points must be a number" in client.get("/runs/1/export.csv?points=many").text


def test_group_approve_and_group_feedback(client: TestClient, db: Path) -> None:
    ids = [answer_id(db, sid, "matmul-operator") for sid in (1, 2, 3)]
    form: dict[str, object] = {"answer": [str(i) for i in ids], **{f"v{i}": "1" for i in ids}}
    r = client.post(
        "/runs/1/questions/matmul-operator/group",
        data={
            **form,
            "action": "apply",
            "feedback": "@ multiplies matrices; * is element-wise.",
            "verdict": "",
        },
        follow_redirects=False,
    )
    assert (r.status_code, r.headers["location"]) == (303, "/runs/1/questions/matmul-operator")
    for sid in (1, 2, 3):
        a = stored(db, sid, "matmul-operator")
        assert (a.feedback, a.verdict) == ("@ multiplies matrices; * is element-wise.", "incorrect")  # type: ignore[attr-defined]
    page = client.get("/runs/1/questions/matmul-operator").text
    assert "Saved the feedback of 3 answers to Q29." in page
    # the form still carries version 1: the whole group is refused and nothing changes
    r = client.post("/runs/1/questions/matmul-operator/group", data={**form, "action": "approve"})
    assert r.status_code == 409
    assert all(stored(db, sid, "matmul-operator").reviewed_at is None for sid in (1, 2, 3))  # type: ignore[attr-defined]
    fresh = {**form, **{f"v{i}": "2" for i in ids}, "action": "approve"}
    r = client.post("/runs/1/questions/matmul-operator/group", data=fresh, headers=JSON)
    assert r.json()["message"] == "Approved 3 answers to Q29."
    assert all(stored(db, sid, "matmul-operator").reviewed_at for sid in (1, 2, 3))  # type: ignore[attr-defined]
    other = answer_id(db, 1, "rank-3")
    r = client.post(
        "/runs/1/questions/matmul-operator/group", data={"answer": str(other), "action": "approve"}
    )
    assert r.status_code == 400 and "not answers to this question" in r.text
    r = client.post("/runs/1/questions/matmul-operator/group", data={"action": "approve"})
    assert r.status_code == 400 and "No answer was selected" in r.text


# ─── errors ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("method", "url", "says"),
    [
        ("GET", "/submissions/999", "There is no submission 999 in this database."),
        ("GET", "/submissions/abc", '"abc" is not a submission number'),
        ("GET", "/submissions/999/report.html", "There is no submission 999"),
        ("GET", "/runs/week9", 'There is no run called "week9". The runs in this database are: week4.'),
        ("GET", "/runs/week9/queue", 'There is no run called "week9".'),
        ("GET", "/runs/week9/export.csv", 'There is no run called "week9".'),
        ("GET", "/runs/week9/report.html", 'There is no run called "week9".'),
        ("GET", "/runs/1/questions/nope", 'Run "week4" has no question "nope". Its questions are: Q5 rank-3'),
        ("GET", "/submissions/5/report.html", "broken.md could not be graded"),
        ("GET", "/no/such/page", "There is no page at /no/such/page. Start again from the list of runs."),
        ("POST", "/answers/999", "There is no answer 999 in this database."),
        ("POST", "/answers/999/approve", "There is no answer 999"),
        ("POST", "/answers/999/revert", "There is no answer 999"),
        ("POST", "/submissions/999", "There is no submission 999"),
        ("POST", "/submissions/999/release", "There is no submission 999"),
        ("POST", "/submissions/999/undo", "There is no submission 999"),
        ("POST", "/runs/week9/undo", 'There is no run called "week9".'),
        ("POST", "/runs/week9/questions/x/group", 'There is no run called "week9".'),
        ("GET", "/submissions/99999999999999999999999999", "is not a submission number"),
        ("GET", "/submissions/9223372036854775808/report.html", "is not a submission number"),
        ("GET", "/submissions/%C2%B2", "is not a submission number"),
        ("POST", "/answers/99999999999999999999999999/approve", "is not an answer number"),
        ("GET", "/runs/99999999999999999999999999", 'There is no run called "99999999999999999999999999"'),
    ],
)
def test_bad_ids_get_a_helpful_404_page(client: TestClient, method: str, url: str, says: str) -> None:
    r = client.request(method, url)
    assert r.status_code == 404
    assert says in text_of(r.text).replace("&#34;", '"').replace("&quot;", '"')
    assert '<a href="/">All runs</a>' in r.text


def test_wrong_method_gets_a_page(client: TestClient) -> None:
    r = client.get("/answers/1")
    assert r.status_code == 405 and "only accepts the page's own forms" in text_of(r.text)


def test_posts_from_another_site_are_refused(client: TestClient, db: Path) -> None:
    aid = answer_id(db, 1, "broadcasting")
    r = client.post(f"/answers/{aid}", data={"score": "100"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post(f"/answers/{aid}", data={"score": "100"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert stored(db, 1, "broadcasting").manual_score is None  # type: ignore[attr-defined]
    ok = client.post(f"/answers/{aid}", data={"score": "100"}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 200


def test_only_the_allowed_host_names_are_answered(db: Path) -> None:
    app = create_app(db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"Host": "rebound.example:8765"}).status_code == 400


def test_create_app_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no greenpen database at .* grade a class first"):
        create_app(tmp_path / "missing.db")


# ─── the token ──────────────────────────────────────────────────────────────


def test_with_a_token_requests_without_it_get_401(db: Path) -> None:
    with TestClient(create_app(db, token="s3cret")) as c:
        r = c.get("/runs/1")
        assert r.status_code == 401 and "needs its access token" in r.text
        assert c.get("/runs/1?token=wrong").status_code == 401
        assert c.get("/static/app.css").status_code == 401
        assert c.post("/answers/1", data={"score": "100"}).status_code == 401
        r = c.get("/runs/1?token=s3cret&released_only=1", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (
            303,
            "/runs/1?released_only=1",
        )  # token leaves the URL
        assert "greenpen_token=s3cret" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/runs/1").status_code == 200  # the cookie carries it from now on
        assert c.post(f"/answers/{answer_id(db, 1, 'rank-3')}", data={"score": "90"}).status_code == 200
    with TestClient(create_app(db, token="s3cret"), cookies={"greenpen_token": "nope"}) as c:
        assert c.get("/").status_code == 401


# ─── pure helpers ───────────────────────────────────────────────────────────


def test_highlight_escapes_first_and_marks_evidence_across_whitespace_and_case() -> None:
    findings = (
        Finding("misconception", "m", "Element-wise\nmultiplication", "no"),
        Finding("key_point", "k", "wise multiplication <b>", "overlaps: the first span wins"),
        Finding("key_point", "absent", "not in the text"),
    )
    out = str(highlight(EVIL, findings))
    assert out == (
        "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; "
        '<mark class="bad" title="no">element-wise multiplication</mark>'
    ).replace("&#x27;pwned&#x27;", "&quot;pwned&quot;")
    assert str(highlight("a <b> c", (Finding("key_point", "k", "<b>", '"x"'),))) == (
        'a <mark class="good" title="&quot;x&quot;">&lt;b&gt;</mark> c'
    )


def test_grouping_puts_same_verdict_findings_and_words_together() -> None:
    mis = (Finding("misconception", "elementwise", "element-wise"),)

    def member(name: str, verdict: str, text: str, findings: tuple[Finding, ...] = ()) -> Member:
        from greenpen.store.records import StoredAnswer

        a = StoredAnswer(0, "q", 1, "Q", text, verdict, 0.0, 0.9, "", verdict, 0.0, "", findings=findings)
        return Member(name, 0, a)

    groups = group_answers(
        [
            member("a", "incorrect", "element-wise product of arrays", mis),
            member("b", "correct", "matrix multiplication"),
            member("c", "incorrect", "it is an element-wise product", mis),
            member("d", "incorrect", "the sky is blue today", mis),
            member("e", "correct", "matrix multiplication of tensors"),
            member("f", "incorrect", "element-wise product of arrays"),  # same words, other findings
        ]
    )
    assert [[m.student for m in g.members] for g in groups] == [["b", "e"], ["a", "c"], ["d"], ["f"]]
    assert groups[1].signature == (("misconception", "elementwise"),)


# ─── the command ────────────────────────────────────────────────────────────


def test_serve_get_prints_one_page(db: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/runs/1/export.csv?points=10"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "student,email,total,rank-3,broadcasting,matmul-operator"
    r = CliRunner().invoke(cli, ["serve", "--db", str(db), "--get", "/submissions/999"])
    assert r.exit_code == 1 and "There is no submission 999" in r.output


def test_serve_refuses_a_network_bind_without_a_token(db: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--no-token"])
    assert r.exit_code == 1
    assert (
        "refusing to serve on 0.0.0.0 without a token: anyone on the network could read and change"
        in r.output
    )


def test_serve_generates_and_prints_a_token_for_a_network_bind(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.delenv("GREENPEN_TOKEN", raising=False)
    r = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "9000"])
    assert r.exit_code == 0, r.output
    token = re.search(r"http://0\.0\.0\.0:9000/\?token=(\S+)", r.output)
    assert token, r.output
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 9000)  # with a token, any Host name is fine
    with TestClient(seen["app"]) as c:  # type: ignore[arg-type]
        assert c.get("/").status_code == 401
        assert c.get(f"/?token={token.group(1)}").status_code == 200
    r = CliRunner().invoke(cli, ["serve", "--db", str(db)])  # loopback: no token, loopback names only
    assert "http://127.0.0.1:8765/\n" in r.output and "token" not in r.output
    with TestClient(seen["app"], base_url="http://localhost:8765") as c:  # type: ignore[arg-type]
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_serve_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert r.exit_code == 2
    assert "no greenpen database at" in r.output and "grade a class first" in r.output


def test_review_queue_comes_in_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.web import pages

    monkeypatch.setattr(pages, "QUEUE_PAGE", 1)
    first = text_of(client.get("/runs/1/queue").text)
    assert "2 answers to review" in first and "Showing 1–1 of 2. Next 1 →" in first
    assert "Dana K." in first and "Bo <i>Evil</i>" not in first
    second = client.get("/runs/1/queue?start=1").text
    assert 'href="/runs/1/queue?start=0" rel="prev"' in second and "Bo &lt;i&gt;Evil&lt;/i&gt;" in second
    assert "back to the riskiest" in text_of(client.get("/runs/1/queue?start=9").text)


def test_a_note_in_place_of_an_answer_shows_beside_no_answer(tmp_path: Path) -> None:
    """The student's "(skipped, no time)" is on the submission page, where the answer would be."""
    from dataclasses import replace

    path = tmp_path / "note.db"
    store = Store.open(path)
    run = store.create_run("week4", "fake")
    q = replace(qreport("rank-3", "missing", 0.0, ""), note="(skipped, no time)")
    sid = store.save_graded(run, None, make_report("Dana K.", "dana.md", [q]))
    store.close()
    with TestClient(create_app(path)) as c:
        assert "(no answer) · in its place: (skipped, no time)" in c.get(f"/submissions/{sid}").text
