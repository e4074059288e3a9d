import sys

from kindaudio.cli import main

# Guarded: speech worker processes are spawned and re-import the main module.
if __name__ == "__main__":
    sys.exit(main())
