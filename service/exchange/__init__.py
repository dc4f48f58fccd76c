"""The Commission's monthly accounting exchange rates (InforEuro): shared, versioned reference data.

A non-euro country converts expenditure at the rate of the month in which it was recorded in the
accounts (Regulation (EU) 2021/1060 Art. 87), rounding half up to the cent (Council Regulation (EC)
1103/97 Art. 5); the rate and the month travel with every converted figure.
"""
