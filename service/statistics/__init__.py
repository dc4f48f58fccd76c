"""Call and portfolio statistics: the figures of the Swedish evaluation's tables 1, 2 and 4."""
