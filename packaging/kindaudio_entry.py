"""The bundle's program (packaging/kindaudio.spec): the `kindaudio` command, and its own speech workers.

In the bundle there is no python to start `python -m kindaudio.audio.tts.worker`
with, so the speech workers are this same program started with a flag
(kindaudio/audio/tts/launch.py). It is looked for before anything else is
imported, so a worker starts as light as it does from an install.
"""

import sys

from kindaudio.audio.tts.launch import run_worker_if_asked

if __name__ == "__main__":
    run_worker_if_asked(sys.argv)  # returns only when this process is not a speech worker
    from kindaudio.cli import main

    sys.exit(main())
