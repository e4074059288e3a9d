"""What the `kindaudio` command exits with, so scripts around it can tell outcomes apart.

Errors carry their own code (KindAudioError.exit_code: 1, UserInputError: 2);
these are for the commands' own results and for main().
"""

EXIT_OK = 0
EXIT_FAILURE = 1  # anything that is not the person's input: the machine, a device, a bug
EXIT_BAD_INPUT = 2  # an argument, a file or a value the person can correct
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it
