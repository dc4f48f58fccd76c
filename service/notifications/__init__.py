"""The notification centre: what the product tells each person, in the app and by e-mail, once."""
