"""What the managing authority sends the Commission: the data transmission of CPR Art. 42 (Annex VII)."""
