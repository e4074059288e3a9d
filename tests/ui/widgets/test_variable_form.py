"""The form made from a template's variables: the right control for each type, its limits, its problems."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from kindaudio.script.model import SourcePos, Variable, VariableType
from kindaudio.ui.widgets.variable_form import OrderedChoices, VariableForm

REGIONS = ("feet", "legs", "belly", "chest", "hands", "face")


def variable(name: str, kind: VariableType, default: object, *, label: str = "", help: str = "",
             choices: tuple[str, ...] = (), minimum: float | None = None,
             maximum: float | None = None) -> Variable:
    return Variable(name=name, label=label or name.title(), type=kind, default=default,  # type: ignore[arg-type]
                    help=help, choices=choices, minimum=minimum, maximum=maximum, pos=SourcePos(1, 1))


VARIABLES = (
    variable("phrase", VariableType.TEXT, "May I be kind to myself", label="Your kind phrase",
             help="Words that feel warm to you"),
    variable("touch", VariableType.BOOLEAN, True, label="Offer soothing touch"),
    variable("posture", VariableType.CHOICE, "sitting", choices=("sitting", "lying down", "standing")),
    variable("repeats", VariableType.NUMBER, 3, minimum=1, maximum=6, label="How many rounds"),
    variable("minutes", VariableType.NUMBER, 1.5, minimum=0.5, maximum=4),
    variable("regions", VariableType.MULTICHOICE, ("feet", "belly", "hands"), choices=REGIONS,
             label="Body regions"),
)


def make_form(qtbot: QtBot, values: dict[str, object] | None = None) -> VariableForm:
    form = VariableForm(VARIABLES, values)
    qtbot.addWidget(form)
    form.show()
    return form


def test_each_variable_type_gets_its_own_control_filled_with_the_default(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    assert isinstance(form.fields["phrase"], QLineEdit)
    assert isinstance(form.fields["touch"], QCheckBox)
    assert isinstance(form.fields["posture"], QComboBox)
    assert isinstance(form.fields["repeats"], QSpinBox)
    assert isinstance(form.fields["minutes"], QDoubleSpinBox)  # the range has a half: not whole numbers
    assert isinstance(form.fields["regions"], OrderedChoices)
    assert form.values() == {"phrase": "May I be kind to myself", "touch": True, "posture": "sitting",
                             "repeats": 3, "minutes": 1.5, "regions": ("feet", "belly", "hands")}
    assert form.problems() == {}


def test_every_field_has_its_label_as_accessible_name_and_its_help_as_tooltip_and_a_line(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    phrase = form.fields["phrase"]
    assert phrase.accessibleName() == "Your kind phrase"
    assert phrase.toolTip() == "Words that feel warm to you"
    assert form.help_labels["phrase"].text() == "Words that feel warm to you"
    assert form.help_labels["phrase"].isVisible()
    assert form.fields["touch"].text() == "Offer soothing touch"
    assert form.fields["repeats"].toolTip() == "How many rounds"  # no help: the label says it
    assert not form.help_labels["repeats"].isVisible()
    regions = form.fields["regions"]
    assert isinstance(regions, OrderedChoices)
    assert regions.list.accessibleName() == "Body regions"
    assert regions.up_button.accessibleName() and regions.up_button.toolTip()
    assert "order listed" in form.help_labels["regions"].text()


def test_numbers_are_held_to_the_template_range(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    repeats = form.fields["repeats"]
    assert isinstance(repeats, QSpinBox)
    assert (repeats.minimum(), repeats.maximum()) == (1, 6)
    repeats.setValue(40)
    assert repeats.value() == 6
    repeats.setValue(-3)
    assert repeats.value() == 1
    minutes = form.fields["minutes"]
    assert isinstance(minutes, QDoubleSpinBox)
    assert (minutes.minimum(), minutes.maximum()) == (0.5, 4.0)


def test_a_value_given_is_shown_instead_of_the_default(qtbot: QtBot) -> None:
    form = make_form(qtbot, {"phrase": "May I rest", "touch": False, "posture": "standing", "repeats": 5,
                             "regions": ("hands", "feet")})
    values = form.values()
    assert values["phrase"] == "May I rest" and values["touch"] is False and values["posture"] == "standing"
    assert values["repeats"] == 5 and values["regions"] == ("hands", "feet")
    regions = form.fields["regions"]
    assert isinstance(regions, OrderedChoices)
    # The chosen come first, in their order; the rest follow, left out, in the template's order.
    assert regions.order() == ("hands", "feet", "legs", "belly", "chest", "face")


def test_multichoice_order_changes_by_moving_items_and_unticked_ones_are_left_out(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    regions = form.fields["regions"]
    assert isinstance(regions, OrderedChoices)
    seen: list[dict[str, object]] = []
    form.changed.connect(seen.append)

    regions.list.setCurrentRow(2)  # hands
    regions.up_button.click()
    assert regions.value() == ("feet", "hands", "belly")
    regions.list.setCurrentRow(0)
    qtbot.keyClick(regions.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert regions.value() == ("hands", "feet", "belly")
    assert seen[-1]["regions"] == ("hands", "feet", "belly")

    regions.items()[1].setCheckState(Qt.CheckState.Unchecked)  # feet left out
    assert form.values()["regions"] == ("hands", "belly")
    assert seen[-1]["regions"] == ("hands", "belly")
    assert "left out" in str(regions.items()[1].data(Qt.ItemDataRole.AccessibleTextRole))


def test_move_buttons_are_disabled_at_the_ends(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    regions = form.fields["regions"]
    assert isinstance(regions, OrderedChoices)
    regions.list.setCurrentRow(0)
    assert not regions.up_button.isEnabled() and regions.down_button.isEnabled()
    regions.list.setCurrentRow(regions.list.count() - 1)
    assert regions.up_button.isEnabled() and not regions.down_button.isEnabled()


def test_changing_any_field_emits_changed_with_all_values(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    typed: list[dict[str, object]] = []
    form.changed.connect(typed.append)
    qtbot.keyClicks(form.fields["phrase"], " today")
    assert len(typed) == len(" today")  # once a keystroke
    assert typed[-1]["phrase"] == "May I be kind to myself today"
    assert typed[-1]["posture"] == "sitting"
    with qtbot.waitSignal(form.changed) as touch:
        form.fields["touch"].click()
    assert touch.args[0]["touch"] is False
    with qtbot.waitSignal(form.changed) as posture:
        form.fields["posture"].setCurrentIndex(1)
    assert posture.args[0]["posture"] == "lying down"
    with qtbot.waitSignal(form.changed) as repeats:
        form.fields["repeats"].setValue(4)
    assert repeats.args[0]["repeats"] == 4


def test_an_empty_text_shows_a_problem_under_its_field_until_it_is_filled(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    phrase = form.fields["phrase"]
    assert isinstance(phrase, QLineEdit)
    phrase.clear()
    assert form.problems() == {"phrase": "This needs a few words; it is empty"}
    assert form.problem_labels["phrase"].isVisible()
    assert form.problem_labels["phrase"].text() == "This needs a few words; it is empty"
    qtbot.keyClicks(phrase, "May I be gentle")
    assert form.problems() == {}
    assert not form.problem_labels["phrase"].isVisible()


def test_too_long_a_text_says_how_long_it_may_be(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.fields["phrase"].setText("kind " * 120)
    assert "at most 500" in form.problems()["phrase"]


def test_a_problem_found_by_the_template_shows_until_the_field_changes(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.set_outside_problems({"repeats": "too many rounds for this length", "unknown": "ignored"})
    assert form.problems() == {"repeats": "Too many rounds for this length"}
    assert form.problem_labels["repeats"].isVisible()
    form.fields["repeats"].setValue(2)
    assert form.problems() == {}


def test_a_required_choice_without_default_asks_for_one(qtbot: QtBot) -> None:
    form = VariableForm((variable("place", VariableType.CHOICE, None, choices=("a", "b")),))
    qtbot.addWidget(form)
    assert form.values() == {"place": None}
    assert form.problems() == {"place": "Choose one"}
    form.fields["place"].setCurrentIndex(1)
    assert form.problems() == {}
