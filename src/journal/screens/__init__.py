"""One module per screen; modal dialogs live together in dialogs.py."""
