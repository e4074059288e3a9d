"""The Progress page: what was practised and how it felt, read from a real journal file in the test's home.

The journal is filled through its own API (with a clock set to each session's
time), closed, then opened again by the page's services as the app does. With
KINDAUDIO_SCREENSHOTS naming a folder, the realistic-journal test also saves
pictures of the page in light and dark at 1280×720 and 1920×1080.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kindaudio.common.paths import AppPaths
from kindaudio.journal.records import Moment, Mood, SessionKind, SessionStatus
from kindaudio.journal.store import open_journal
from kindaudio.ui.dialogs.journal_entry import CheckInsDialog, LogPracticeDialog, qdate
from kindaudio.ui.pages.progress.filters import ALL_PRACTICES
from kindaudio.ui.pages.progress.page import ProgressPage
from kindaudio.ui.services import Services, SettingsStore
from kindaudio.ui.tasks import TaskRunner
from tests.support.ui import Practised, local_start, save_screenshots, settled, write_sessions

WAIT_MS = 30_000


# ---------------------------------------------------------------- a journal with known contents


def realistic_journal(paths: AppPaths, count: int = 40, weeks: int = 10, seed: int = 7) -> float:
    """About `count` sessions spread over `weeks` weeks, like a person practising most days; returns all minutes."""
    rng = random.Random(seed)
    practices = [("body-scan", "Compassionate Body Scan", 20), ("affectionate-breathing", "Affectionate Breathing", 15),
                 ("compassionate-breathing", "Compassionate Breathing", 10), ("timer", "Silent Timer", 12)]
    notes = ["", "", "Felt some softness in my chest.", "Hard to settle today, and that was all right.",
             "Sadness came up about work. I let it be there for a while and it eased."]
    sessions = []
    for _ in range(count):
        practice_id, title, chosen = rng.choice(practices)
        stopped = rng.random() < 0.15
        before = rng.choice([-2, -1, -1, 0, 0, 1])
        note = rng.choice(notes)
        sessions.append(Practised(
            days_ago=rng.randint(1, weeks * 7 - 1), practice_id=practice_id, title=title,
            minutes=chosen * (rng.uniform(0.3, 0.8) if stopped else 1.0), chosen_minutes=chosen,
            status=SessionStatus.STOPPED_EARLY if stopped else SessionStatus.COMPLETED,
            before=before if rng.random() < 0.8 else None,
            after=min(3, before + rng.choice([0, 1, 1, 2])) if rng.random() < 0.85 else None,
            note=note, share=bool(note) and rng.random() < 0.5, hour=rng.randint(6, 21)))
    write_sessions(paths, sessions)
    with open_journal(paths, backup=False) as journal:
        journal.log_outside_practice(day=date.today() - timedelta(days=3), minutes=25, what="walking practice",
                                     note="Slowly, by the river.")
        journal.add_check_in(Mood(-1, ("anxious",), note="Before a hard meeting."), moment=Moment.STANDALONE)
    return sum(item.minutes for item in sessions) + 25


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def services(paths: AppPaths, qtbot: QtBot) -> Iterator[Services]:
    """The app's services on this test's home; the journal is opened by whoever asks first, as in the app."""
    built = Services(paths=paths, tasks=TaskRunner(QThreadPool()), settings=settled(SettingsStore(paths)))
    yield built
    built.close()


def make_page(services: Services, qtbot: QtBot) -> ProgressPage:
    page = ProgressPage(services)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.show()
    return page


def texts(page: ProgressPage, column: int) -> list[str]:
    return [page.model.cell_text(row, column) for row in range(page.model.rowCount())]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


WEEK = [Practised(0, minutes=10, before=-1, after=1, note="Warm hands.", share=True),
        Practised(2, practice_id="body-scan", title="Compassionate Body Scan", minutes=20, chosen_minutes=20,
                  before=0, after=2),
        Practised(5, minutes=15, status=SessionStatus.STOPPED_EARLY, chosen_minutes=20, after=-1),
        Practised(20, practice_id="body-scan", title="Compassionate Body Scan", minutes=30, chosen_minutes=30),
        Practised(40, minutes=8, chosen_minutes=8, before=-2, after=0)]


# ---------------------------------------------------------------- at a glance and the charts


def test_this_week_and_this_month_count_the_days_practised_and_the_minutes(paths: AppPaths, services: Services,
                                                                          qtbot: QtBot) -> None:
    write_sessions(paths, WEEK)
    page = make_page(services, qtbot)
    assert page.week_card.figure.text() == "3 days · 45 min"
    assert page.week_card.sentence.text() == "You came back to practice on 3 days this week."
    today = date.today()
    this_month = [item for item in WEEK if (today - timedelta(days=item.days_ago)).month == today.month]
    days = len({item.days_ago for item in this_month})
    minutes = round(sum(item.minutes for item in this_month))
    assert page.month_card.figure.text() == f"{days} day{'s' if days != 1 else ''} · {minutes} min"
    assert "missed" not in page.week_card.sentence.text() + page.month_card.sentence.text()
    assert page.unavailable_panel.isHidden() and not page.body.isHidden()


def test_an_empty_journal_is_described_kindly(services: Services, qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    assert page.week_card.figure.text() == "0 days · 0 min"
    assert page.week_card.sentence.text().startswith("Nothing logged in the last 7 days. Your practice is here")
    assert page.week_chart.is_empty() and page.mood_chart.is_empty()
    assert page.model.rowCount() == 0
    assert page.list_note.text().startswith("Nothing here yet, and that is a fine place to start. Choose a practice")
    assert "other dates" not in page.list_note.text()


def test_the_minutes_chart_shows_twelve_weeks_ending_with_this_one(paths: AppPaths, services: Services,
                                                                  qtbot: QtBot) -> None:
    write_sessions(paths, WEEK)
    page = make_page(services, qtbot)
    weeks = page.week_chart.weeks()
    assert len(weeks) == 12
    assert weeks[-1].week_start == monday(date.today())
    assert [w.week_start for w in weeks] == [monday(date.today()) - timedelta(weeks=11 - i) for i in range(12)]
    by_week: dict[date, float] = {}
    for item in WEEK:
        start = monday(date.today() - timedelta(days=item.days_ago))
        by_week[start] = by_week.get(start, 0.0) + item.minutes
    for week in weeks:
        assert week.minutes == pytest.approx(by_week.get(week.week_start, 0.0))
    assert page.week_chart.accessibleDescription().startswith("Minutes per week, last 12 weeks: most ")


def test_the_mood_chart_shows_each_session_with_a_check_in_oldest_first(paths: AppPaths, services: Services,
                                                                       qtbot: QtBot) -> None:
    write_sessions(paths, WEEK)
    page = make_page(services, qtbot)
    drawn = [(p.before, p.after) for p in page.mood_chart.points()]
    assert drawn == [(-2, 0), (None, -1), (0, 2), (-1, 1)]  # the session without check-ins is left out
    assert [p.day for p in page.mood_chart.points()] == sorted(p.day for p in page.mood_chart.points())


# ---------------------------------------------------------------- the list and its filters


def test_the_list_shows_every_session_newest_first_with_its_check_ins_and_notes(paths: AppPaths,
                                                                               services: Services,
                                                                               qtbot: QtBot) -> None:
    write_sessions(paths, WEEK)
    page = make_page(services, qtbot)
    assert page.model.rowCount() == 5
    assert texts(page, 1) == ["Affectionate Breathing", "Compassionate Body Scan", "Affectionate Breathing",
                              "Compassionate Body Scan", "Affectionate Breathing"]
    assert texts(page, 2)[0] == "10 of 10 min, to the end"
    assert texts(page, 2)[2] == "15 of 20 min, stopped early"
    assert texts(page, 3)[0] == "Slightly unpleasant → Slightly pleasant"
    assert texts(page, 3)[2] == "(no check-in) → Slightly unpleasant"
    assert texts(page, 3)[3] == "No check-in"
    assert texts(page, 4)[0] == "After: calm"
    assert texts(page, 5)[0] == "After (marked to share): Warm hands."
    when = local_start(0, 9)
    assert texts(page, 0)[0] == f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[when.weekday()]} " \
                                f"{when.day} {when:%b}, 00:01"


def test_choosing_a_practice_narrows_the_list_to_it(paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    write_sessions(paths, WEEK)
    page = make_page(services, qtbot)
    combo = page.practice_filter
    assert [combo.itemText(i) for i in range(combo.count())] == [ALL_PRACTICES, "Affectionate Breathing",
                                                                 "Compassionate Body Scan"]
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.set_practice_filter("body-scan")
    assert texts(page, 1) == ["Compassionate Body Scan"] * 2
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.set_practice_filter(None)
    assert page.model.rowCount() == 5


def test_choosing_dates_narrows_the_list_and_any_date_shows_everything(paths: AppPaths, services: Services,
                                                                      qtbot: QtBot) -> None:
    write_sessions(paths, [*WEEK, Practised(200, minutes=5, chosen_minutes=5)])
    page = make_page(services, qtbot)
    assert page.model.rowCount() == 5  # the last 12 weeks by default
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.since_edit.setDate(qdate(date.today() - timedelta(days=10)))
    assert page.model.rowCount() == 3
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.until_edit.setDate(qdate(date.today() - timedelta(days=1)))
    assert page.model.rowCount() == 2
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.show_all_dates()
    assert page.model.rowCount() == 6
    assert page.since_edit.text() == "Any date"
    assert page.list_filter().since is None


def test_a_from_date_after_the_to_date_moves_the_to_date_along(services: Services, qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    page.until_edit.setDate(qdate(date.today() - timedelta(days=30)))
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.since_edit.setDate(qdate(date.today() - timedelta(days=5)))
    wanted = page.list_filter()
    assert wanted.since == wanted.until == date.today() - timedelta(days=5)


def test_a_check_in_on_its_own_is_listed_but_not_under_a_practice(paths: AppPaths, services: Services,
                                                                  qtbot: QtBot) -> None:
    write_sessions(paths, WEEK[:1])
    with open_journal(paths, backup=False) as journal:
        journal.add_check_in(Mood(-1, ("tired",), note="Long day."), moment=Moment.STANDALONE)
    page = make_page(services, qtbot)
    assert texts(page, 1) == ["Check-in on its own", "Affectionate Breathing"]
    assert texts(page, 3)[0] == "Slightly unpleasant"
    assert texts(page, 5)[0] == "On its own: Long day."
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.set_practice_filter("affectionate-breathing")
    assert texts(page, 1) == ["Affectionate Breathing"]


# ---------------------------------------------------------------- changing the journal


def test_logging_practice_done_away_from_the_app_adds_a_row(services: Services, qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    page.log_button.click()
    dialog = page.dialog
    assert isinstance(dialog, LogPracticeDialog) and dialog.isVisible()
    dialog.day.setDate(qdate(date.today() - timedelta(days=1)))
    dialog.minutes.setValue(25)
    dialog.what.setText("walking practice")
    dialog.note.setPlainText("By the river.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert texts(page, 1) == ["walking practice"]
    assert texts(page, 2) == ["25 min, away from the app"]
    assert texts(page, 5) == ["By the river."]
    (logged,) = services.journal.sessions()
    assert logged.kind is SessionKind.LOGGED and logged.listened_seconds == 25 * 60
    assert page.week_card.figure.text() == "1 day · 25 min"


def test_logging_without_saying_what_is_explained_in_the_dialog_and_nothing_is_written(
        services: Services, qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    dialog = page.open_log_dialog()
    dialog.what.setText("   ")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and "what you practised" in dialog.problem.text()
    dialog.reject()
    assert services.journal.sessions() == []


def test_a_logged_practice_can_be_changed(services: Services, qtbot: QtBot) -> None:
    with open_journal(services.paths, backup=False) as journal:
        journal.log_outside_practice(day=date.today(), minutes=10, what="walking", note="")
    page = make_page(services, qtbot)
    page.select_row(0)
    dialog = page.edit_selected()
    assert isinstance(dialog, LogPracticeDialog)
    assert dialog.what.text() == "walking" and dialog.minutes.value() == 10
    dialog.minutes.setValue(40)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.accept()
    assert texts(page, 2) == ["40 min, away from the app"]


def answer(page: ProgressPage, text: str) -> None:
    box = page.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text() == text]
    button.click()


def test_deleting_asks_first_and_keep_it_changes_nothing(paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    write_sessions(paths, WEEK[:2])
    page = make_page(services, qtbot)
    assert not page.delete_button.isEnabled()  # nothing chosen yet
    page.select_row(0)
    assert page.delete_button.isEnabled()
    page.delete_button.click()
    assert page.question is not None and "cannot be undone" in page.question.text()
    answer(page, "Keep it")
    assert len(services.journal.sessions()) == 2
    assert page.model.rowCount() == 2


def test_deleting_after_saying_yes_removes_the_session_and_its_check_ins(paths: AppPaths, services: Services,
                                                                        qtbot: QtBot) -> None:
    first, second = write_sessions(paths, WEEK[:2])
    page = make_page(services, qtbot)
    page.select_row(0)  # the newest: the first written
    page.delete_selected()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        answer(page, "Delete")
    assert [s.id for s in services.journal.sessions()] == [second]
    assert texts(page, 1) == ["Compassionate Body Scan"]
    assert all(c.session_id != first for c in services.journal.check_ins())


def test_changing_a_check_in_saves_the_new_note(paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    (session_id,) = write_sessions(paths, WEEK[:1])
    page = make_page(services, qtbot)
    page.select_row(0)
    dialog = page.edit_selected()
    assert isinstance(dialog, CheckInsDialog)
    after = dialog.forms[Moment.AFTER]
    assert after.note.toPlainText() == "Warm hands." and after.share.isChecked()
    after.note.setPlainText("Warm hands, and a little sad.")
    after.share.setChecked(False)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    saved = services.journal.session(session_id).after
    assert saved is not None and saved.mood.note == "Warm hands, and a little sad." and not saved.mood.share_note
    assert texts(page, 5) == ["After: Warm hands, and a little sad."]


def test_taking_away_a_check_in_asks_first_and_adding_one_files_it_with_the_session(
        paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    (session_id,) = write_sessions(paths, [Practised(1, before=-1)])
    page = make_page(services, qtbot)
    page.select_row(0)
    dialog = page.edit_selected()
    assert isinstance(dialog, CheckInsDialog)
    dialog.groups[Moment.BEFORE].setChecked(False)
    dialog.groups[Moment.AFTER].setChecked(True)
    dialog.forms[Moment.AFTER].valence.setCurrentIndex(dialog.forms[Moment.AFTER].valence.findData(2))
    dialog.accept()
    assert page.question is not None and "Remove the check-in before" in page.question.text()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        answer(page, "Remove")
    session = services.journal.session(session_id)
    assert session.before is None
    assert session.after is not None and session.after.mood.valence == 2
    assert session.ended_at is not None and session.after.at == session.ended_at
    assert texts(page, 3) == ["(no check-in) → Pleasant"]


# ---------------------------------------------------------------- the streak, and a journal that cannot be opened


def test_the_streak_is_hidden_unless_switched_on(paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    write_sessions(paths, [Practised(0), Practised(1), Practised(2), Practised(6)])
    page = make_page(services, qtbot)
    assert page.streak_card.isHidden()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        services.settings.update(show_streak=True)
    assert page.streak_card.isVisible()
    assert page.streak_card.figure.text() == "3 days"
    assert "Your longest run: 3 days." in page.streak_card.sentence.text()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        services.settings.update(show_streak=False)
    assert page.streak_card.isHidden()


def test_a_journal_that_cannot_be_opened_gets_a_calm_explanation_not_the_page(paths: AppPaths, services: Services,
                                                                             qtbot: QtBot) -> None:
    paths.journal.parent.mkdir(parents=True, exist_ok=True)
    paths.journal.write_bytes(b"this is not a journal" * 100)
    before = paths.journal.read_bytes()
    page = make_page(services, qtbot)
    assert page.unavailable_panel.isVisible() and page.body.isHidden()
    assert str(paths.journal) in page.unavailable_reason.text()
    assert not page.log_button.isEnabled() and not page.export_button.isEnabled()
    assert paths.journal.read_bytes() == before


# ---------------------------------------------------------------- the window


def test_the_window_opens_progress_from_the_menu_and_check_in_now_comes_back_to_it(services: Services,
                                                                                  qtbot: QtBot) -> None:
    from kindaudio.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.library.is_loading(), timeout=WAIT_MS)
    assert window.progress_action.shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(window.progress.loaded, timeout=WAIT_MS):
        window.progress_action.trigger()
    assert window.current_page() == "progress"
    window.progress.check_in_button.click()
    assert window.current_page() == "checkin"
    assert window.checkin.moment is Moment.STANDALONE
    window.checkin.skip()
    assert window.current_page() == "progress"
    window.nav.buttons["library"].click()  # Progress is a place of the side bar: no back link
    assert window.current_page() == "library"


def test_a_check_in_saved_from_progress_is_listed_when_the_window_comes_back(services: Services,
                                                                            qtbot: QtBot) -> None:
    from kindaudio.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.progress.loaded, timeout=WAIT_MS):
        window.progress_action.trigger()
    assert window.progress.model.rowCount() == 0
    window.progress.check_in_button.click()
    window.checkin.valence.set_value(2)
    window.checkin.note.setPlainText("A quiet evening.")
    with qtbot.waitSignal(window.progress.loaded, timeout=WAIT_MS):
        window.checkin.save()
    assert window.current_page() == "progress"
    assert texts(window.progress, 1) == ["Check-in on its own"]
    assert texts(window.progress, 5) == ["On its own: A quiet evening."]


def test_the_window_offers_the_export_for_a_therapist(services: Services, qtbot: QtBot) -> None:
    from kindaudio.ui.dialogs.therapist_export import TherapistExportDialog
    from kindaudio.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.therapist_export_action.trigger()
    assert isinstance(window.therapist_export, TherapistExportDialog) and window.therapist_export.isVisible()
    window.therapist_export.reject()


# ---------------------------------------------------------------- a realistic journal, and pictures of it




def test_a_realistic_journal_of_ten_weeks_is_shown_in_full(paths: AppPaths, services: Services,
                                                           qtbot: QtBot) -> None:
    total = realistic_journal(paths)
    services.settings.update(show_streak=True)
    page = make_page(services, qtbot)
    assert page.model.rowCount() == 42  # 40 sessions, one logged by hand, one check-in on its own
    assert sum(w.minutes for w in page.week_chart.weeks()) == pytest.approx(total)
    assert len(page.mood_chart.points()) >= 30
    assert page.streak_card.isVisible()
    assert page.table.horizontalScrollBar().maximum() == 0  # every column fits: no sideways scrolling
    save_screenshots(page, "progress-realistic")
    save_screenshots(page, "progress-realistic", text_size=150)


# ---------------------------------------------------------------- issue 15, item 10


def test_sessions_made_outside_the_window_appear_when_the_page_is_shown_again(paths: AppPaths, services: Services,
                                                                              qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    assert page.model.rowCount() == 0
    page.hide()
    write_sessions(paths, [Practised(0, minutes=10)])  # another process's journal connection, as the terminal's
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.show()
    assert page.model.rowCount() == 1
    assert page.week_card.figure.text() == "1 day · 10 min"


def test_the_window_coming_back_to_the_front_reads_the_journal_again(paths: AppPaths, services: Services,
                                                                    qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent

    window = QWidget()  # the page inside a window, as in the app
    qtbot.addWidget(window)
    page = ProgressPage(services, window)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.show()
    write_sessions(paths, [Practised(0, minutes=12)])  # played in a terminal while the page stayed open
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert page.model.rowCount() == 1


def test_a_to_date_left_at_today_follows_a_new_day(services: Services, qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    yesterday = date.today() - timedelta(days=1)
    page.filters._today = yesterday  # as if the page had been built yesterday, its "to" date then today
    page.until_edit.setMaximumDate(qdate(yesterday))
    page.hide()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.show()
    assert page.list_filter().until == date.today()


def test_the_very_first_day_is_not_coming_back(paths: AppPaths, services: Services, qtbot: QtBot) -> None:
    write_sessions(paths, [Practised(0, minutes=10)])
    page = make_page(services, qtbot)
    assert page.week_card.sentence.text() == "Your first practice here. Welcome: it is good to begin."
    assert "came back" not in page.week_card.sentence.text()


def test_a_few_minutes_are_counted_in_whole_minutes_on_the_chart(paths: AppPaths, services: Services,
                                                                qtbot: QtBot) -> None:
    write_sessions(paths, [Practised(0, minutes=2), Practised(9, minutes=1)])
    page = make_page(services, qtbot)
    ticks = page.week_chart.axis().ticks
    assert ticks == (0.0, 1.0, 2.0)
    assert all(tick.is_integer() for tick in ticks)


def test_the_log_dialog_has_plain_text_buttons_and_offers_a_check_in_that_is_kept(services: Services,
                                                                                 qtbot: QtBot) -> None:
    page = make_page(services, qtbot)
    page.log_button.click()
    dialog = page.dialog
    assert isinstance(dialog, LogPracticeDialog)
    for button in dialog.buttons.buttons():  # no stock floppy-disk or red-cross icons
        assert button.icon().isNull() and button.text() in ("Save", "Cancel")
    assert dialog.check_in.body.isHidden() and dialog.check_in.mood() is None  # optional, folded away
    dialog.what.setText("walking practice")
    dialog.check_in.toggle_button.click()
    assert not dialog.check_in.body.isHidden()
    dialog.check_in.difficult.setChecked(True)
    dialog.save_button.click()  # begun without how it felt: said in the dialog, nothing written
    assert dialog.isVisible() and "how it felt" in dialog.problem.text()
    dialog.check_in.valence.set_value(-1)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    (logged,) = services.journal.sessions()
    assert logged.kind is SessionKind.LOGGED and logged.after is not None
    assert (logged.after.mood.valence, logged.after.mood.difficult) == (-1, True)
    assert logged.before is None
