"""Listen through the numbers: how the shipped practices come out when rendered.

Renders each guided practice at the lengths asked for (by default its shortest
and its longest) with the voice given, then reads the captions the render
wrote beside the audio: each sentence's start and end give its words a minute
as heard, and the silence between one sentence's end and the next one's start
is a rest. Also counts the hedge words ("might", "perhaps", "could") in each
practice's sentences. Run by hand, never by pytest (it synthesises speech):

    KINDAUDIO_HOME=$(mktemp -d) python tests/benchmarks/listening_figures.py \
        [--voice piper:en_US-joe-medium] [--minutes shortest|longest|all] [--out DIR] [PRACTICE ...]

Prints one JSON object a line per render, then a table. Sentences of fewer
than four words are listed apart: a single word's rate says more about the
voice's onset than about its pace.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRACTICES = ROOT / "kindaudio" / "data" / "practices"
GUIDED = ("compassionate-body-scan", "compassionate-breathing", "affectionate-breathing")
HEDGES = ("might", "perhaps", "could")
_WORD = re.compile(r"[\w’']+")
_CUE = re.compile(r"^(\d+):(\d\d):(\d\d\.\d+) --> (\d+):(\d\d):(\d\d\.\d+)$")
SHORT_SENTENCE_WORDS = 4


def _seconds(h: str, m: str, s: str) -> float:
    return int(h) * 3600 + int(m) * 60 + float(s)


def read_cues(vtt: Path) -> list[tuple[float, float, str]]:
    """(start, end, text) of every caption cue in a KindAudio .vtt file."""
    lines = vtt.read_text(encoding="utf-8").splitlines()
    cues = []
    for index, line in enumerate(lines):
        match = _CUE.match(line.strip())
        if match:
            text = []
            for following in lines[index + 1:]:
                if not following.strip():
                    break
                text.append(following.strip())
            cues.append((_seconds(*match.groups()[:3]), _seconds(*match.groups()[3:]), " ".join(text)))
    return cues


def figures(cues: list[tuple[float, float, str]], total: float) -> dict:
    rates = [(len(_WORD.findall(text)) * 60 / (end - start), text) for start, end, text in cues]
    long = [rate for rate, text in rates if len(_WORD.findall(text)) >= SHORT_SENTENCE_WORDS]
    rests = [(cues[i + 1][0] - cues[i][1], cues[i][2]) for i in range(len(cues) - 1)]
    longest_rest = max(rests)
    fastest = max(rates)
    return {
        "sentences": len(cues),
        "wpm_median": round(statistics.median(long), 1),
        "wpm_min": round(min(long), 1),
        "wpm_max": round(max(long), 1),
        "fastest": [round(fastest[0], 1), fastest[1]],
        "short_sentence_wpm": [[round(rate, 1), text] for rate, text in rates
                               if len(_WORD.findall(text)) < SHORT_SENTENCE_WORDS],
        "last_three_wpm": [round(rate, 1) for rate, _ in rates[-3:]],
        "longest_rest": round(longest_rest[0], 1),
        "longest_rest_after": longest_rest[1],
        "rests_over_10s": sum(1 for gap, _ in rests if gap > 10),
        "rest_seconds": round(sum(gap for gap, _ in rests), 1),
        "total": total,
    }


def hedges(practice_id: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from kindaudio.script import load_practice

    sentences = load_practice(PRACTICES / f"{practice_id}.md").sentences
    counts = {word: sum(len(re.findall(rf"\b{word}\b", s.text, re.IGNORECASE)) for s in sentences) for word in HEDGES}
    with_any = sum(1 for s in sentences if any(re.search(rf"\b{w}\b", s.text, re.IGNORECASE) for w in HEDGES))
    return {"sentences": len(sentences), **counts, "sentences_with_a_hedge": with_any}


def offered(practice_id: str) -> tuple[int, ...]:
    sys.path.insert(0, str(ROOT))
    from kindaudio.script import load_practice

    return tuple(load_practice(PRACTICES / f"{practice_id}.md").lengths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("practices", nargs="*", default=list(GUIDED))
    parser.add_argument("--voice", default="piper:en_US-joe-medium")
    parser.add_argument("--minutes", choices=("shortest", "longest", "all"), default="shortest")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kindaudio-listening-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for practice_id in args.practices:
        lengths = offered(practice_id)
        chosen = {"shortest": lengths[:1], "longest": lengths[-1:], "all": lengths}[args.minutes]
        for minutes in chosen:
            wav = out / f"{practice_id}-{minutes}.wav"
            subprocess.run([sys.executable, "-m", "kindaudio", "render", practice_id, "--minutes", str(minutes),
                            "--voice", args.voice, "-o", str(wav)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            row = {"practice": practice_id, "minutes": minutes,
                   **figures(read_cues(wav.with_suffix(".vtt")), minutes * 60.0), "hedges": hedges(practice_id)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    print(f"\n{'practice':26} {'min':>4} {'wpm med':>8} {'wpm max':>8} {'rest max':>9} {'rests>10s':>9}  hedges")
    for row in rows:
        h = row["hedges"]
        print(f"{row['practice']:26} {row['minutes']:>4} {row['wpm_median']:>8} {row['wpm_max']:>8} "
              f"{row['longest_rest']:>9} {row['rests_over_10s']:>9}  "
              f"might {h['might']} perhaps {h['perhaps']} could {h['could']} "
              f"({h['sentences_with_a_hedge']} of {h['sentences']} sentences)")
    print(f"\nrenders in {out}")


if __name__ == "__main__":
    main()
