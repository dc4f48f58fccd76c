"""The programme's portfolio for the managing authority and the monitoring committee: budget, decided, declared
and paid per specific objective and type of intervention, and the indicators' progress (seed 000 tables 3, 5–11).
The computation (figures.py) is reused by the Commission's data transmission (CPR Art. 42)."""
