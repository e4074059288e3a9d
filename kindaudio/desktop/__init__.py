"""Living on the person's desktop: the menu entry and file types, reminders, and keeping the screen awake.

No Qt here: the terminal and the small background part that waits for a
reminder use these too. The desktop's services are reached over D-Bus, and a
desktop without one of them is not an error: KindAudio just does without it.
"""
