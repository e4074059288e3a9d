"""Text-to-speech: a small engine interface, the pyttsx3 engine, and worker processes."""
