"""SO4 lump sums (AMIF Arts. 19-20): persons resettled, admitted and transferred, and what they bring."""
