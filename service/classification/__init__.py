"""The classification of applications and projects: specific objective and AMIF Annex VI type of intervention.

The applicant proposes one among the call's objectives; the case officer confirms or corrects it (also outside
the call, with a reason); a granted application's project carries it; statistics and, later, the Commission's
reports use it (confirmed, else proposed, else unclassified).
"""
