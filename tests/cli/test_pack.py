"""`kindaudio pack export|import|show`: messages and exit codes (0 done, 2 bad input)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kindaudio.cli import main
from kindaudio.common.paths import HOME_ENV, AppPaths, ensure_dir
from kindaudio.script.parser import load_practice
from tests.pack.conftest import PRACTICE_ID, PRACTICE_TEXT, record, write_zip
from tests.support.command import EXIT_BAD_INPUT, EXIT_OK


@pytest.fixture
def practice(paths: AppPaths) -> Path:
    """The therapist's own practice, with two sentences recorded in their voice."""
    path = ensure_dir(paths.practices) / f"{PRACTICE_ID}.md"
    path.write_text(PRACTICE_TEXT, encoding="utf-8")
    parsed = load_practice(path)
    record(paths, parsed, 0)
    record(paths, parsed, 2)
    return path


@pytest.fixture
def pack(practice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "for-alex.kindpack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(target), "--note", "Try it in the morning."]) == EXIT_OK
    capsys.readouterr()
    return target


@pytest.fixture
def recipient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "recipient"))
    return AppPaths.from_environment()


def test_export_writes_the_pack_and_says_what_is_in_it(practice: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "for-alex.kindpack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(target), "--note", "Try it in the morning."]) == EXIT_OK
    out = capsys.readouterr().out
    assert target.is_file()
    assert f"Packed Kind Words for Today into {target}" in out
    assert "made by Sam Rivera" in out and "their note:\n    Try it in the morning." in out
    assert "2 recorded sentences" in out
    assert "share it only with the person it is meant for" in out


def test_export_says_how_many_stale_recordings_were_left_out(practice: Path, paths: AppPaths, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (paths.recordings / PRACTICE_ID / "0123456789ab.flac").write_bytes(b"an old take")
    assert main(["pack", "export", str(practice), "-o", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "1 recording left out: recorded for sentences the practice no longer has" in out
    assert (tmp_path / f"{PRACTICE_ID}.kindpack").is_file()


def test_export_does_not_overwrite_a_pack_unless_forced(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack.write_bytes(b"last week's pack")
    assert main(["pack", "export", PRACTICE_ID, "-o", str(pack)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"{pack} is already there; nothing was changed" in err and "--force" in err
    assert pack.read_bytes() == b"last week's pack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(pack), "--force"]) == EXIT_OK
    assert pack.read_bytes() != b"last week's pack"


def test_export_options_for_audio_need_with_audio(practice: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "export", PRACTICE_ID, "-o", str(tmp_path / "x.kindpack"), "--format", "mp3"]) \
        == EXIT_BAD_INPUT
    assert "add --with-audio to include it" in capsys.readouterr().err
    assert main(["pack", "export", PRACTICE_ID, "-o", str(tmp_path / "x.kindpack"), "--voice", "espeak:gmw/en"]) \
        == EXIT_BAD_INPUT
    assert "--voice and --rate are for the rendered audio" in capsys.readouterr().err
    assert not (tmp_path / "x.kindpack").exists()


def test_export_of_an_unknown_practice_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "export", "no-such-practice", "-o", str(tmp_path / "x.kindpack")]) == EXIT_BAD_INPUT
    assert "there is no practice called 'no-such-practice'" in capsys.readouterr().err


def test_show_checks_the_pack_and_imports_nothing(pack: Path, recipient: AppPaths,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "show", str(pack)]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"{pack}: a practice pack that passed every check" in out
    assert "Kind Words for Today (id kind-words)" in out and "made by Sam Rivera" in out
    assert "2 recorded sentences" in out and "Nothing was imported" in out
    assert not recipient.data.exists()


def test_import_adds_the_practice_and_says_from_whom(pack: Path, recipient: AppPaths,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "import", str(pack)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Imported Kind Words for Today from Sam Rivera." in out
    assert "Try it in the morning." in out and "2 recorded sentences" in out
    assert f"It is among your practices now: {recipient.practices / 'kind-words.md'}" in out
    assert main(["list"]) == EXIT_OK
    assert "kind-words" in capsys.readouterr().out


def test_importing_again_asks_for_replace_and_replace_does_it(pack: Path, recipient: AppPaths,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "import", str(pack)]) == EXIT_OK
    (recipient.practices / "kind-words.md").write_text(PRACTICE_TEXT.replace("Today", "Yesterday"), encoding="utf-8")
    capsys.readouterr()
    assert main(["pack", "import", str(pack)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "a practice called 'kind-words' is already among your practices" in err and "--replace" in err
    assert "Yesterday" in (recipient.practices / "kind-words.md").read_text(encoding="utf-8")
    assert main(["pack", "import", str(pack), "--replace"]) == EXIT_OK
    assert "Today" in (recipient.practices / "kind-words.md").read_text(encoding="utf-8")


def test_a_hostile_pack_is_refused_with_its_reason_and_no_traceback(
        tmp_path: Path, recipient: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = write_zip(tmp_path / "slip.kindpack", {"../../.bashrc": b"echo hello"})
    for action in ("show", "import"):
        assert main(["pack", action, str(hostile)]) == EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert f"{hostile}: '../../.bashrc': its name climbs out of the pack with '..'" in err
        assert "Nothing was imported" in err and "Traceback" not in err
    assert not recipient.data.exists()


def test_a_missing_pack_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "show", str(tmp_path / "nowhere.kindpack")]) == EXIT_BAD_INPUT
    assert "nowhere.kindpack: no such file" in capsys.readouterr().err


def test_pack_without_an_action_shows_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack"]) == EXIT_BAD_INPUT
    assert "{export,import,show}" in capsys.readouterr().err


@pytest.mark.slow
def test_export_with_audio_renders_it_into_the_pack(practice: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "with-audio.kindpack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(target), "--with-audio", "--minutes", "1.5"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "audio: kind-words-1.5min.wav" in out


@pytest.mark.slow
def test_a_packs_audio_speaks_with_the_voice_chosen_in_settings_or_asked_for(
        practice: Path, paths: AppPaths, tmp_path: Path) -> None:
    import zipfile

    import soundfile

    from kindaudio.common.settings import Settings, save_settings

    def voice_in(pack: Path) -> str:
        with zipfile.ZipFile(pack) as opened:
            name = next(n for n in opened.namelist() if n.endswith(".wav"))
            opened.extract(name, tmp_path / pack.stem)
        with soundfile.SoundFile(str(tmp_path / pack.stem / name)) as audio:
            return str(audio.comment)

    save_settings(paths, Settings(voice="gmw/en-gb-x-rp"))  # chosen in the window, before voices had engines
    chosen = tmp_path / "chosen.kindpack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(chosen), "--with-audio", "--minutes", "1.5"]) == EXIT_OK
    assert voice_in(chosen).endswith("voice espeak:gmw/en-gb-x-rp")
    asked = tmp_path / "asked.kindpack"
    assert main(["pack", "export", PRACTICE_ID, "-o", str(asked), "--with-audio", "--minutes", "1.5",
                 "--voice", "espeak:gmw/en-us"]) == EXIT_OK
    assert voice_in(asked).endswith("voice espeak:gmw/en-us")


def test_a_voice_for_a_shipped_practice_goes_out_and_comes_in_as_its_recordings_only(
        paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kindaudio.script.library import shipped_practice

    shipped = load_practice(shipped_practice("affectionate-breathing"))  # type: ignore[arg-type]
    record(paths, shipped, 0)
    record(paths, shipped, 1)
    target = tmp_path / "ab.kindpack"
    assert main(["pack", "export", "affectionate-breathing", "-o", str(target), "--recorded-by", "Sam Rivera"]) \
        == EXIT_OK
    out = capsys.readouterr().out
    assert f"Packed your voice for Affectionate Breathing into {target}" in out
    assert "Sam Rivera's voice for Affectionate Breathing: 2 of" in out

    monkeypatch.setenv(HOME_ENV, str(tmp_path / "recipient"))
    recipient = AppPaths.from_environment()
    assert main(["pack", "show", str(target)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Sam Rivera's voice for Affectionate Breathing: 2 of" in out
    assert "comes with KindAudio: importing adds only the recordings" in out
    assert not recipient.data.exists()

    assert main(["pack", "import", str(target)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Imported Sam Rivera's voice for Affectionate Breathing: 2 of")
    assert f"The recordings are in {recipient.recordings / 'affectionate-breathing'}" in out
    assert len(list((recipient.recordings / "affectionate-breathing").iterdir())) == 2
    assert not recipient.practices.exists()


def test_a_changed_text_under_a_shipped_id_is_refused_with_what_to_do(
        paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kindaudio.script.library import shipped_practice

    source = shipped_practice("affectionate-breathing")
    assert source is not None
    copy = ensure_dir(paths.practices) / "mine.md"
    copy.write_text(source.read_text(encoding="utf-8").replace("title:", "id: affectionate-breathing\ntitle:", 1),
                    encoding="utf-8")
    record(paths, load_practice(copy), 0)
    assert main(["pack", "export", str(copy), "-o", str(tmp_path / "mine.kindpack")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "its text is not that practice's text" in err and "Save a copy…" in err
    assert not (tmp_path / "mine.kindpack").exists()
